/// Configures the input of a workflow or task: its schema, and from, which reshapes it (OWS dsl-reference.md §Input).
public struct InputDefinition: Sendable, Hashable, DocumentCodable {
    public var schema: SchemaDefinition?
    public var from: ExpressionTemplate?

    public init(schema: SchemaDefinition? = nil, from: ExpressionTemplate? = nil) {
        self.schema = schema
        self.from = from
    }

    public init(from reader: DocumentReader) throws(Diagnostic) {
        self = try reader.object { (object) throws(Diagnostic) in
            InputDefinition(schema: try object.optional("schema"), from: try object.optional("from"))
        }
    }

    public var documentValue: JSONValue {
        var writer = ObjectWriter()
        writer.set("schema", schema)
        writer.set("from", from)
        return writer.value
    }
}
