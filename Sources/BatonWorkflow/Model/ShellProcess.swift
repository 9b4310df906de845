/// A shell command to run (OWS dsl-reference.md §Shell Process).
public struct ShellProcess: Sendable, Hashable, DocumentCodable {
    public var command: String
    public var stdin: String?
    public var arguments: [String]?
    public var environment: [String: JSONValue]?

    public init(command: String, stdin: String? = nil, arguments: [String]? = nil, environment: [String: JSONValue]? = nil) {
        self.command = command
        self.stdin = stdin
        self.arguments = arguments
        self.environment = environment
    }

    public init(from reader: DocumentReader) throws(Diagnostic) {
        self = try reader.object { (object) throws(Diagnostic) in
            ShellProcess(
                command: try object.required("command"), stdin: try object.optional("stdin"),
                arguments: try object.optional("arguments"), environment: try object.optional("environment")
            )
        }
    }

    public var documentValue: JSONValue {
        var writer = ObjectWriter()
        writer.set("command", command)
        writer.set("stdin", stdin)
        writer.set("arguments", arguments)
        writer.set("environment", environment)
        return writer.value
    }
}
