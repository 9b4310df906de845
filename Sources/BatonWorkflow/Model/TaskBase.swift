/// The properties every task has (OWS dsl-reference.md §Task, schema `$defs/taskBase`).
public struct TaskBase: Sendable, Hashable {
    /// A runtime expression; when false the task is skipped.
    public var `if`: RuntimeExpression?
    public var input: InputDefinition?
    public var output: OutputDefinition?
    public var export: ExportDefinition?
    public var timeout: TimeoutReference?
    /// What to do next; `continue` when absent.
    public var then: FlowDirective?
    public var metadata: [String: JSONValue]?

    static let keys = ["if", "input", "output", "export", "timeout", "then", "metadata"]

    public init(
        if condition: RuntimeExpression? = nil, input: InputDefinition? = nil, output: OutputDefinition? = nil, export: ExportDefinition? = nil,
        timeout: TimeoutReference? = nil, then: FlowDirective? = nil, metadata: [String: JSONValue]? = nil
    ) {
        self.if = condition
        self.input = input
        self.output = output
        self.export = export
        self.timeout = timeout
        self.then = then
        self.metadata = metadata
    }

    init(reading object: inout ObjectReader) throws(Diagnostic) {
        self.init(
            if: try object.optional("if"), input: try object.optional("input"), output: try object.optional("output"),
            export: try object.optional("export"), timeout: try object.optional("timeout"), then: try object.optional("then"),
            metadata: try object.optional("metadata")
        )
    }

    func write(to writer: inout ObjectWriter) {
        writer.set("if", self.if)
        writer.set("input", input)
        writer.set("output", output)
        writer.set("export", export)
        writer.set("timeout", timeout)
        writer.set("then", then)
        writer.set("metadata", metadata)
    }
}

/// The part of a task that its kind defines, read from and written to the task's own mapping
/// (a `for` task's `while` and `do`, a `try` task's `catch` sit beside the kind's key).
protocol TaskConfiguration: Sendable, Hashable {
    init(reading object: inout ObjectReader) throws(Diagnostic)
    func write(to writer: inout ObjectWriter)
}
