/// Configures what a task exports to the workflow context: its schema, and `as`, which computes it (OWS dsl-reference.md §Export).
public struct ExportDefinition: Sendable, Hashable, DocumentCodable {
    public var schema: SchemaDefinition?
    public var `as`: ExpressionTemplate?

    public init(schema: SchemaDefinition? = nil, `as`: ExpressionTemplate? = nil) {
        self.schema = schema
        self.`as` = `as`
    }

    public init(from reader: DocumentReader) throws(Diagnostic) {
        self = try reader.object { (object) throws(Diagnostic) in
            ExportDefinition(schema: try object.optional("schema"), as: try object.optional("as"))
        }
    }

    public var documentValue: JSONValue {
        var writer = ObjectWriter()
        writer.set("schema", schema)
        writer.set("as", `as`)
        return writer.value
    }
}
