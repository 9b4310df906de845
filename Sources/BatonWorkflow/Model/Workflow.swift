import Foundation

/// A workflow definition of the Open Workflow Specification 1.0.3 (OWS dsl-reference.md
/// §Workflow), read strictly from a loaded document and written back in the form it was read.
public struct Workflow: Sendable, Hashable, DocumentCodable {
    public var document: WorkflowDocument
    public var input: InputDefinition?
    public var use: ReusableComponents?
    public var `do`: TaskList
    public var timeout: TimeoutReference?
    public var output: OutputDefinition?
    public var schedule: Schedule?
    public var evaluate: EvaluationSettings?

    public init(
        document: WorkflowDocument, input: InputDefinition? = nil, use: ReusableComponents? = nil, do tasks: TaskList,
        timeout: TimeoutReference? = nil, output: OutputDefinition? = nil, schedule: Schedule? = nil, evaluate: EvaluationSettings? = nil
    ) {
        self.document = document
        self.input = input
        self.use = use
        self.do = tasks
        self.timeout = timeout
        self.output = output
        self.schedule = schedule
        self.evaluate = evaluate
    }

    public init(from reader: DocumentReader) throws(Diagnostic) {
        self = try reader.object { (object) throws(Diagnostic) in
            Workflow(
                document: try object.required("document"), input: try object.optional("input"), use: try object.optional("use"),
                do: try object.required("do"), timeout: try object.optional("timeout"), output: try object.optional("output"),
                schedule: try object.optional("schedule"), evaluate: try object.optional("evaluate")
            )
        }
    }

    /// Reads a workflow from a loaded document.
    /// - Throws: the first `Diagnostic` found, with its file, line, column and path.
    public init(from document: LoadedDocument) throws(Diagnostic) {
        try self.init(from: DocumentReader(document))
    }

    /// Loads and reads a workflow from YAML or JSON text.
    /// - Parameters:
    ///   - text: the document.
    ///   - file: how messages name the document, e.g. `deploy.yaml`.
    /// - Throws: `DocumentErrors` when the text is not YAML or not a valid workflow.
    public static func load(text: String, file: String, loader: DocumentLoader = DocumentLoader()) throws(DocumentErrors) -> Workflow {
        let document = try loader.load(text: text, file: file)
        do {
            return try Workflow(from: document)
        } catch {
            throw DocumentErrors([error])
        }
    }

    /// Loads and reads a workflow from a file; messages name it `displayName`, or its path.
    public static func load(contentsOf url: URL, displayName: String? = nil, loader: DocumentLoader = DocumentLoader()) throws(DocumentErrors) -> Workflow {
        let document = try loader.load(contentsOf: url, displayName: displayName)
        do {
            return try Workflow(from: document)
        } catch {
            throw DocumentErrors([error])
        }
    }

    public var documentValue: JSONValue {
        var writer = ObjectWriter()
        writer.set("document", document)
        writer.set("input", input)
        writer.set("use", use)
        writer.set("do", self.do)
        writer.set("timeout", timeout)
        writer.set("output", output)
        writer.set("schedule", schedule)
        writer.set("evaluate", evaluate)
        return writer.value
    }
}
