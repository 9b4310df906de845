/// Another workflow to run as a sub-workflow (OWS dsl-reference.md §Workflow Process).
public struct WorkflowProcess: Sendable, Hashable, DocumentCodable {
    public var namespace: String
    public var name: String
    /// The schema requires it although the spec gives `latest` as its default.
    public var version: String
    public var input: [String: JSONValue]?

    public init(namespace: String, name: String, version: String, input: [String: JSONValue]? = nil) {
        self.namespace = namespace
        self.name = name
        self.version = version
        self.input = input
    }

    public init(from reader: DocumentReader) throws(Diagnostic) {
        self = try reader.object { (object) throws(Diagnostic) in
            WorkflowProcess(
                namespace: try object.required("namespace"), name: try object.required("name"),
                version: try object.required("version"), input: try object.optional("input")
            )
        }
    }

    public var documentValue: JSONValue {
        var writer = ObjectWriter()
        writer.set("namespace", namespace)
        writer.set("name", name)
        writer.set("version", version)
        writer.set("input", input)
        return writer.value
    }
}
