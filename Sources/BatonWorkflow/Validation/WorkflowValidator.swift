import Foundation

/// Checks workflow documents the way `baton validate` does: read the YAML or JSON with
/// positions, check it against an OWS JSON Schema when one is given, read it into the typed
/// model (which enforces the specification's structure, types and allowed keys), then run the
/// semantic checks. Every problem comes back as a `Diagnostic` with file, line, column and path.
public struct WorkflowValidator: Sendable {
    public var loader: DocumentLoader
    /// The official OWS schema (`schema/workflow.yaml`) or another, when the caller has one.
    public var schema: JSONSchema?
    public var checker: SemanticChecker

    public init(loader: DocumentLoader = DocumentLoader(), schema: JSONSchema? = nil, checker: SemanticChecker = SemanticChecker()) {
        self.loader = loader
        self.schema = schema
        self.checker = checker
    }

    public func validate(fileAt url: URL, displayName: String? = nil) -> ValidationReport {
        let name = displayName ?? url.relativePath
        do {
            return validate(try loader.load(contentsOf: url, displayName: name))
        } catch {
            return ValidationReport(file: name, workflow: nil, diagnostics: error.diagnostics)
        }
    }

    public func validate(text: String, file: String) -> ValidationReport {
        do {
            return validate(try loader.load(text: text, file: file))
        } catch {
            return ValidationReport(file: file, workflow: nil, diagnostics: error.diagnostics)
        }
    }

    public func validate(_ document: LoadedDocument) -> ValidationReport {
        let file = document.sourceMap.file
        if let schema {
            let problems = schema.diagnostics(for: document)
            if !problems.isEmpty {
                return ValidationReport(file: file, workflow: nil, diagnostics: problems)
            }
        }
        let workflow: Workflow
        do {
            workflow = try Workflow(from: document)
        } catch {
            return ValidationReport(file: file, workflow: nil, diagnostics: [error])
        }
        return ValidationReport(file: file, workflow: workflow, diagnostics: checker.check(workflow, in: document))
    }

    /// Reads and compiles a JSON Schema file (YAML or JSON), such as the specification's
    /// `schema/workflow.yaml`.
    public static func loadSchema(contentsOf url: URL, displayName: String? = nil) throws(DocumentErrors) -> JSONSchema {
        let name = displayName ?? url.relativePath
        // The OWS schema is larger than a workflow and nests deeper; schemas are trusted input.
        let loader = DocumentLoader(limits: .init(maximumBytes: 64 << 20, maximumDepth: 512))
        let document = try loader.load(contentsOf: url, displayName: name)
        do {
            return try JSONSchema(document.value, baseURI: url.absoluteString)
        } catch {
            throw DocumentErrors([Diagnostic(
                code: "schema.invalid", message: "not a usable JSON Schema: \(error)",
                path: .root, location: SourceLocation(file: name, line: 1, column: 1)
            )])
        }
    }
}

/// The outcome of validating one document.
public struct ValidationReport: Sendable {
    public var file: String
    /// The workflow, when the document could be read into the model.
    public var workflow: Workflow?
    public var diagnostics: [Diagnostic]

    public init(file: String, workflow: Workflow?, diagnostics: [Diagnostic]) {
        self.file = file
        self.workflow = workflow
        self.diagnostics = diagnostics
    }

    /// Valid when there is a workflow and no error; warnings do not count.
    public var isValid: Bool {
        workflow != nil && !diagnostics.contains { $0.severity == .error }
    }

    /// The report as JSON for `--format json`: the file, whether it is valid, the workflow's
    /// identity and every problem with its position.
    public var jsonValue: JSONValue {
        var members: [String: JSONValue] = [
            "file": .string(file),
            "valid": .bool(isValid),
            "diagnostics": .array(diagnostics.map(\.jsonValue)),
        ]
        if let document = workflow?.document {
            members["workflow"] = [
                "namespace": .string(document.namespace), "name": .string(document.name), "version": .string(document.version),
            ]
        }
        return .object(members)
    }
}

extension Diagnostic {
    /// The diagnostic as JSON: position, path (readable and as a JSON Pointer), code and message.
    public var jsonValue: JSONValue {
        [
            "file": .string(location.file), "line": .integer(location.line), "column": .integer(location.column),
            "path": .string(path.isRoot ? "" : path.description), "pointer": .string(path.jsonPointer),
            "severity": .string(severity.rawValue), "code": .string(code), "message": .string(message),
        ]
    }
}
