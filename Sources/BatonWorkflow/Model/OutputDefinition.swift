/// Configures the output of a workflow or task: its schema, and `as`, which reshapes it (OWS dsl-reference.md §Output).
public struct OutputDefinition: Sendable, Hashable, DocumentCodable {
    public var schema: SchemaDefinition?
    public var `as`: ExpressionTemplate?

    public init(schema: SchemaDefinition? = nil, `as`: ExpressionTemplate? = nil) {
        self.schema = schema
        self.`as` = `as`
    }

    public init(from reader: DocumentReader) throws(Diagnostic) {
        self = try reader.object { (object) throws(Diagnostic) in
            OutputDefinition(schema: try object.optional("schema"), as: try object.optional("as"))
        }
    }

    public var documentValue: JSONValue {
        var writer = ObjectWriter()
        writer.set("schema", schema)
        writer.set("as", `as`)
        return writer.value
    }
}
