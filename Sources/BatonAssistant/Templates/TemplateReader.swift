import BatonWorkflow
import Foundation

/// Reads one template file: a valid OWS workflow (the validator's checks), whose `input.schema`
/// is an inline JSON Schema object with `properties`, and whose `document.metadata.baton`
/// describes it. Every problem is reported with its file, line, column and key path.
enum TemplateReader {
    static func read(contentsOf url: URL, displayName: String, validator: WorkflowValidator) throws(DocumentErrors) -> WorkflowTemplate {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw DocumentErrors([Diagnostic(
                code: "templates.read", message: "cannot read the template: \(error.localizedDescription)",
                path: .root, location: SourceLocation(file: displayName, line: 1, column: 1)
            )])
        }
        return try read(text: text, file: displayName, validator: validator)
    }

    static func read(text: String, file: String, validator: WorkflowValidator) throws(DocumentErrors) -> WorkflowTemplate {
        let document = try validator.loader.load(text: text, file: file)
        let report = validator.validate(document)
        let errors = report.diagnostics.filter { $0.severity == .error }
        guard let workflow = report.workflow, errors.isEmpty else { throw DocumentErrors(errors) }
        var problems: [Diagnostic] = []
        func problem(_ message: String, at path: DocumentPath) {
            problems.append(document.diagnostic("templates.metadata", message, at: path))
        }

        let metadataPath: DocumentPath = ["document", "metadata", "baton"]
        let metadata = workflow.document.metadata?["baton"]?.objectValue ?? [:]
        if metadata.isEmpty { problem("a template needs `document.metadata.baton` with its description and examples", at: ["document"]) }
        let description = metadata["description"]?.stringValue ?? workflow.document.summary ?? ""
        if description.isEmpty { problem("expected a description (a string)", at: metadataPath.appending("description")) }

        func languageLists(_ key: String, required: Bool) -> [RequestLanguage: [String]] {
            guard let value = metadata[key] else {
                if required { problem("expected `\(key)` with `en` and `zh` lists", at: metadataPath) }
                return [:]
            }
            var lists: [RequestLanguage: [String]] = [:]
            guard let members = value.objectValue else {
                problem("expected an object with `en` and `zh` lists of strings", at: metadataPath.appending(key))
                return [:]
            }
            for (language, list) in members {
                guard let language = RequestLanguage(rawValue: language) else {
                    problem("unknown language `\(language)`: use `en` or `zh`", at: metadataPath.appending(key).appending(language))
                    continue
                }
                guard let items = list.arrayValue?.compactMap(\.stringValue), items.count == list.arrayValue?.count else {
                    problem("expected a list of strings", at: metadataPath.appending(key).appending(language.rawValue))
                    continue
                }
                lists[language] = items
            }
            if required { for language in RequestLanguage.allCases where (lists[language] ?? []).isEmpty {
                problem("expected at least one `\(language.rawValue)` entry", at: metadataPath.appending(key))
            } }
            return lists
        }
        let examples = languageLists("examples", required: true)
        let keywords = languageLists("keywords", required: false)

        var risk = WorkflowTemplate.Risk.mutating
        if let named = metadata["risk"] {
            if let value = named.stringValue.flatMap(WorkflowTemplate.Risk.init(rawValue:)) {
                risk = value
            } else {
                problem("expected one of \(WorkflowTemplate.Risk.allCases.map { "`\($0.rawValue)`" }.joined(separator: ", "))", at: metadataPath.appending("risk"))
            }
        }
        var changes: String?
        if let value = metadata["changes"] {
            if let expression = value.stringValue { changes = expression } else { problem("expected a jq expression (a string)", at: metadataPath.appending("changes")) }
        }

        // The parameters: the inline input schema's properties.
        let schemaPath: DocumentPath = ["input", "schema", "document"]
        var parameters: [TemplateParameter] = []
        var oneOf: [[String]] = []
        guard case .document(let schema)? = workflow.input?.schema?.source, let properties = schema["properties"]?.objectValue else {
            problem("a template's input needs an inline JSON Schema with `properties` (its parameters)", at: ["input"])
            throw DocumentErrors(problems)
        }
        let required = Set(schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        // Keep the order the file lists them in: the source map knows it.
        let ordered = properties.keys.sorted { a, b in
            let positionA = document.sourceMap.position(of: schemaPath.appending("properties").appending(a))
            let positionB = document.sourceMap.position(of: schemaPath.appending("properties").appending(b))
            return (positionA?.line ?? 0, a) < (positionB?.line ?? 0, b)
        }
        for name in ordered {
            let path = schemaPath.appending("properties").appending(name)
            let property = properties[name]?.objectValue ?? [:]
            guard let type = property["type"]?.stringValue.flatMap(TemplateParameter.ValueType.init(rawValue:)) else {
                problem("expected `type`: one of \(TemplateParameter.ValueType.allCases.map(\.rawValue).joined(separator: ", "))", at: path)
                continue
            }
            var kind: TemplateParameter.Kind?
            if let named = property["x-baton-kind"] {
                kind = named.stringValue.flatMap(TemplateParameter.Kind.init(rawValue:))
                if kind == nil { problem("unknown kind: use one of \(TemplateParameter.Kind.allCases.map(\.rawValue).joined(separator: ", "))", at: path.appending("x-baton-kind")) }
            }
            parameters.append(TemplateParameter(
                name: name, type: type, kind: kind, required: required.contains(name), defaultValue: property["default"],
                enumValues: property["enum"]?.arrayValue?.compactMap(\.stringValue), minimum: property["minimum"]?.doubleValue,
                description: property["description"]?.stringValue
            ))
        }
        for name in required where properties[name] == nil {
            problem("`\(name)` is required but not among the properties", at: schemaPath.appending("required"))
        }
        // `anyOf: [{required: [a]}, {required: [b]}]` is the catalog's `one_of: [[a, b]]`.
        if let alternatives = schema["anyOf"]?.arrayValue {
            let group = alternatives.compactMap { $0["required"]?.arrayValue?.compactMap(\.stringValue) }.filter { $0.count == 1 }.map { $0[0] }
            if group.count == alternatives.count { oneOf.append(group) } else {
                problem("`anyOf` in a template's input schema must list `{required: [one parameter]}` alternatives", at: schemaPath.appending("anyOf"))
            }
        }
        if !problems.isEmpty { throw DocumentErrors(problems) }
        return WorkflowTemplate(
            id: workflow.document.name, summary: workflow.document.summary ?? description, description: description,
            parameters: parameters, oneOf: oneOf, examples: examples, keywords: keywords, risk: risk,
            changesExpression: changes, source: text, file: file, workflow: workflow
        )
    }
}
