/// What to do with each event or message a subscription consumes (OWS dsl-reference.md
/// §Subscription Iterator): the `foreach` of `listen` tasks and AsyncAPI subscriptions.
public struct SubscriptionIterator: Sendable, Hashable, DocumentCodable {
    /// The variable holding the current item; defaults to `item`.
    public var item: String?
    /// The variable holding the current index; defaults to `index`.
    public var at: String?
    public var `do`: TaskList?
    public var output: OutputDefinition?
    public var export: ExportDefinition?

    public init(item: String? = nil, at: String? = nil, do tasks: TaskList? = nil, output: OutputDefinition? = nil, export: ExportDefinition? = nil) {
        self.item = item
        self.at = at
        self.do = tasks
        self.output = output
        self.export = export
    }

    public init(from reader: DocumentReader) throws(Diagnostic) {
        self = try reader.object { (object) throws(Diagnostic) in
            SubscriptionIterator(
                item: try object.optional("item"), at: try object.optional("at"), do: try object.optional("do"),
                output: try object.optional("output"), export: try object.optional("export")
            )
        }
    }

    public var documentValue: JSONValue {
        var writer = ObjectWriter()
        writer.set("item", item)
        writer.set("at", at)
        writer.set("do", self.do)
        writer.set("output", output)
        writer.set("export", export)
        return writer.value
    }
}
