import BatonWorkflow
import Foundation

/// Reads a planner evaluation set (JSON Lines) and reports every problem of every line before
/// giving up, each with its file, line, column and field: `dev.jsonl:17:34: expect.params.port:
/// expected an integer, found a string`.
///
/// With a template library, each case is also checked against it: the expected template exists,
/// each expected parameter is one of its parameters with the parameter's type and enum, and each
/// name listed as missing is a required parameter. Without one, only the format is checked.
public struct EvaluationCaseReader: Sendable {
    public var library: TemplateLibrary?
    /// Whether a case may expect a template the library does not have (checked for format
    /// only; the planner cannot answer it right). Off by default: such an id is most often a typo.
    public var allowsUnknownTemplates: Bool

    public init(library: TemplateLibrary? = nil, allowsUnknownTemplates: Bool = false) {
        self.library = library
        self.allowsUnknownTemplates = allowsUnknownTemplates
    }

    /// Reads the file at `url`; `displayName` is how problems name it.
    public func read(contentsOf url: URL, displayName: String? = nil) throws(EvaluationCaseFileError) -> [EvaluationCase] {
        let name = displayName ?? url.relativePath
        let text: String
        do {
            let data = try Data(contentsOf: url)
            guard let decoded = String(data: data, encoding: .utf8) else {
                throw EvaluationCaseFileError([Self.problem("the file is not UTF-8 text; save it as UTF-8", file: name, line: 1, column: 1)])
            }
            text = decoded
        } catch let error as EvaluationCaseFileError {
            throw error
        } catch {
            throw EvaluationCaseFileError([Self.problem("cannot read the case file: \(error.localizedDescription)", file: name, line: 1, column: 1)])
        }
        return try read(text: text, file: name)
    }

    /// Reads cases from JSON Lines text. Blank lines are skipped.
    public func read(text: String, file: String) throws(EvaluationCaseFileError) -> [EvaluationCase] {
        var cases: [EvaluationCase] = []
        var problems: [Diagnostic] = []
        var firstLineOfID: [String: Int] = [:]
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, rawLine) in lines.enumerated() {
            let lineNumber = index + 1
            let line = rawLine.hasSuffix("\r") ? String(rawLine.dropLast()) : String(rawLine)
            if line.allSatisfy(\.isWhitespace) { continue }
            var lineProblems: [Diagnostic] = []
            if let parsed = readCase(line, file: file, lineNumber: lineNumber, problems: &lineProblems) {
                if let earlier = firstLineOfID[parsed.id] {
                    lineProblems.append(Self.problem(
                        "the id `\(parsed.id)` is already used on line \(earlier); give each case its own id",
                        file: file, line: lineNumber, column: 1, path: DocumentPath.root.appending("id")
                    ))
                } else {
                    firstLineOfID[parsed.id] = lineNumber
                }
                if lineProblems.isEmpty { cases.append(parsed) }
            }
            problems += lineProblems
        }
        if !problems.isEmpty { throw EvaluationCaseFileError(problems) }
        if cases.isEmpty {
            throw EvaluationCaseFileError([Self.problem("the case file has no case; write one JSON object a line", file: file, line: 1, column: 1)])
        }
        return cases
    }

    // MARK: One line

    private func readCase(_ line: String, file: String, lineNumber: Int, problems: inout [Diagnostic]) -> EvaluationCase? {
        // Strict JSON first (YAML would accept more), then the loader for the column of each value.
        do throws(Diagnostic) {
            _ = try JSONValue(jsonText: line, file: file)
        } catch {
            problems.append(Self.problem("\(error.message); each line must be one JSON object", file: file, line: lineNumber, column: 1))
            return nil
        }
        let document: LoadedDocument
        do throws(DocumentErrors) {
            document = try DocumentLoader().load(text: line, file: file)
        } catch {
            problems += error.diagnostics.map { Self.moved($0, toLine: lineNumber) }
            return nil
        }
        let reader = LineReader(document: document, line: lineNumber)
        guard let members = document.value.objectValue else {
            problems.append(reader.problem("expected an object with id, request and expect, found \(document.value.typeNameWithArticle)", at: .root))
            return nil
        }
        for key in members.keys.sorted() where !["id", "request", "expect", "lang", "tags"].contains(key) {
            problems.append(reader.problem("unknown field; a case has id, request, expect, and optionally lang and tags", at: .root.appending(key), atKey: true))
        }
        let id = requiredString("id", in: members, reader: reader, problems: &problems)
        let request = requiredString("request", in: members, reader: reader, problems: &problems)
        var language: String?
        if let value = members["lang"] {
            if let text = value.stringValue { language = text } else {
                problems.append(reader.problem("expected a string (en or zh), found \(value.typeNameWithArticle)", at: .root.appending("lang")))
            }
        }
        var tags: [String] = []
        if let value = members["tags"] {
            if let items = value.arrayValue, items.allSatisfy({ $0.stringValue != nil }) {
                tags = items.compactMap(\.stringValue)
            } else {
                problems.append(reader.problem("expected a list of strings", at: .root.appending("tags")))
            }
        }
        var expectation: EvaluationCase.Expectation?
        if let value = members["expect"] {
            expectation = readExpectation(value, reader: reader, problems: &problems)
        } else {
            problems.append(reader.problem("missing field `expect`: {\"template\": …, \"params\": {…}}, {\"template\": …, \"clarify\": [...]} or {\"abstain\": true}", at: .root))
        }
        guard let id, let request, let expectation else { return nil }
        return EvaluationCase(id: id, request: request, expectation: expectation, language: language, tags: tags, file: file, line: lineNumber)
    }

    private func requiredString(_ key: String, in members: [String: JSONValue], reader: LineReader, problems: inout [Diagnostic]) -> String? {
        guard let value = members[key] else {
            problems.append(reader.problem("missing field `\(key)` (a non-empty string)", at: .root))
            return nil
        }
        guard let text = value.stringValue else {
            problems.append(reader.problem("expected a string, found \(value.typeNameWithArticle)", at: .root.appending(key)))
            return nil
        }
        guard !text.allSatisfy(\.isWhitespace) else {
            problems.append(reader.problem("is empty; write the \(key == "id" ? "case's id" : "operator's request")", at: .root.appending(key)))
            return nil
        }
        return text
    }

    private func readExpectation(_ value: JSONValue, reader: LineReader, problems: inout [Diagnostic]) -> EvaluationCase.Expectation? {
        let path = DocumentPath.root.appending("expect")
        guard let members = value.objectValue else {
            problems.append(reader.problem("expected an object, found \(value.typeNameWithArticle)", at: path))
            return nil
        }
        for key in members.keys.sorted() where !["template", "params", "clarify", "abstain"].contains(key) {
            problems.append(reader.problem("unknown field; expect has template with params or clarify, or abstain", at: path.appending(key), atKey: true))
        }
        if let abstain = members["abstain"] {
            guard abstain == .bool(true) else {
                problems.append(reader.problem("expected true (a case that should not abstain names its template instead)", at: path.appending("abstain")))
                return nil
            }
            let others = ["template", "params", "clarify"].filter { members[$0] != nil }
            guard others.isEmpty else {
                problems.append(reader.problem("an abstain case has no \(others.joined(separator: " or ")); remove it or remove abstain", at: path.appending(others[0]), atKey: true))
                return nil
            }
            return .abstain
        }
        guard let templateValue = members["template"] else {
            problems.append(reader.problem("missing field `template` (or `abstain: true` for a request outside the catalog)", at: path))
            return nil
        }
        guard let templateID = templateValue.stringValue, !templateID.isEmpty else {
            problems.append(reader.problem("expected a template id, found \(templateValue.typeNameWithArticle)", at: path.appending("template")))
            return nil
        }
        var template: WorkflowTemplate?
        if let library {
            template = library[templateID]
            if template == nil, !allowsUnknownTemplates {
                problems.append(reader.problem(
                    "no template `\(templateID)` in the library; use one of \(library.ids.joined(separator: ", ")), pass --templates with the directory that has it, or --allow-missing-templates to score the case anyway",
                    at: path.appending("template")
                ))
                return nil
            }
        }
        if let clarify = members["clarify"] {
            if members["params"] != nil {
                problems.append(reader.problem("a clarify case lists only the missing names; remove params or clarify", at: path.appending("params"), atKey: true))
                return nil
            }
            let clarifyPath = path.appending("clarify")
            guard let items = clarify.arrayValue, !items.isEmpty else {
                problems.append(reader.problem("expected a non-empty list of the missing required parameters' names", at: clarifyPath))
                return nil
            }
            var names: [String] = []
            var valid = true
            for (index, item) in items.enumerated() {
                guard let name = item.stringValue else {
                    problems.append(reader.problem("expected a parameter name, found \(item.typeNameWithArticle)", at: clarifyPath.appending(index)))
                    valid = false
                    continue
                }
                if let template {
                    if template.parameter(name)?.required != true {
                        let required = template.requiredParameters.map(\.name)
                        problems.append(reader.problem(
                            "`\(name)` is not a required parameter of \(templateID); its required ones are \(required.isEmpty ? "none" : required.joined(separator: ", "))",
                            at: clarifyPath.appending(index)
                        ))
                        valid = false
                    }
                }
                names.append(name)
            }
            return valid ? .clarify(template: templateID, missing: names) : nil
        }
        var parameters: [String: JSONValue] = [:]
        if let params = members["params"] {
            let paramsPath = path.appending("params")
            guard let object = params.objectValue else {
                problems.append(reader.problem("expected an object of parameter values, found \(params.typeNameWithArticle)", at: paramsPath))
                return nil
            }
            var valid = true
            for (name, value) in object.sorted(by: { $0.key < $1.key }) {
                if let template {
                    if let message = Self.mismatch(value, template: template, parameter: name) {
                        problems.append(reader.problem(message, at: paramsPath.appending(name), atKey: template.parameter(name) == nil))
                        valid = false
                    }
                }
                parameters[name] = value
            }
            if !valid { return nil }
        }
        return .plan(template: templateID, parameters: parameters)
    }

    /// Why `value` cannot be the value of `name` in `template`, or nil when it can.
    static func mismatch(_ value: JSONValue, template: WorkflowTemplate, parameter name: String) -> String? {
        guard let parameter = template.parameter(name) else {
            return "\(template.id) has no parameter `\(name)`; its parameters are \(template.parameters.map(\.name).joined(separator: ", "))"
        }
        let fits: Bool = switch parameter.type {
        case .string: value.stringValue != nil
        case .integer: value.typeName == "integer"
        case .number: value.doubleValue != nil
        case .boolean: value.boolValue != nil
        case .object: value.objectValue != nil
        }
        if !fits {
            let expected: String = switch parameter.type {
            case .string: "a string"
            case .integer: "an integer"
            case .number: "a number"
            case .boolean: "a boolean (true or false)"
            case .object: "an object"
            }
            return "expected \(expected), found \(value.typeNameWithArticle)"
        }
        if let allowed = parameter.enumValues, let text = value.stringValue, !allowed.contains(text) {
            return "`\(text)` is not one of \(allowed.joined(separator: ", "))"
        }
        if let minimum = parameter.minimum, let number = value.doubleValue, number < minimum {
            return "\(value.jsonText()) is below the minimum, \(JSONValue.number(minimum).jsonText())"
        }
        return nil
    }

    // MARK: Positions

    /// A loaded line: its values' positions, moved to the line's number in the file.
    private struct LineReader {
        var document: LoadedDocument
        var line: Int

        func problem(_ message: String, at path: DocumentPath, atKey: Bool = false) -> Diagnostic {
            let location = atKey ? document.sourceMap.keyLocation(of: path) : document.sourceMap.location(of: path)
            return Diagnostic(
                code: "evaluation.case", message: message, path: path,
                location: SourceLocation(file: location.file, line: line, column: location.column)
            )
        }
    }

    private static func moved(_ diagnostic: Diagnostic, toLine line: Int) -> Diagnostic {
        var moved = diagnostic
        moved.location.line = line + diagnostic.location.line - 1
        return moved
    }

    private static func problem(_ message: String, file: String, line: Int, column: Int, path: DocumentPath = .root) -> Diagnostic {
        Diagnostic(code: "evaluation.case", message: message, path: path, location: SourceLocation(file: file, line: line, column: column))
    }
}
