/// A schema that documents and validates data, inline or fetched (OWS dsl-reference.md §Schema).
public struct SchemaDefinition: Sendable, Hashable, DocumentCodable {
    public enum Source: Sendable, Hashable {
        /// The schema itself, written inline (any JSON value).
        case document(JSONValue)
        case resource(ExternalResource)
    }

    /// `{format}` or `{format}:{version}`; defaults to `json`.
    public var format: String?
    public var source: Source

    public init(format: String? = nil, source: Source) {
        self.format = format
        self.source = source
    }

    public init(from reader: DocumentReader) throws(Diagnostic) {
        self = try reader.object { (object) throws(Diagnostic) in
            let format: String? = try object.optional("format")
            switch object.presentKeys(among: ["document", "resource"]) {
            case ["document"]:
                return SchemaDefinition(format: format, source: .document(try object.required("document")))
            case ["resource"]:
                return SchemaDefinition(format: format, source: .resource(try object.required("resource")))
            case []:
                _ = object.reader("document")
                _ = object.reader("resource")
                try object.checkUnknownKeys()
                throw object.error("a schema needs either `document` (inline) or `resource` (external)", code: "model.one-of")
            default:
                throw object.error(atKey: "resource", "a schema has either `document` or `resource`, not both", code: "model.one-of")
            }
        }
    }

    public var documentValue: JSONValue {
        var writer = ObjectWriter()
        writer.set("format", format)
        switch source {
        case .document(let document): writer.set("document", json: document)
        case .resource(let resource): writer.set("resource", resource)
        }
        return writer.value
    }
}
