/// A resource fetched from elsewhere: an OpenAPI or AsyncAPI document, a proto file, a script
/// (OWS dsl-reference.md §External Resource).
public struct ExternalResource: Sendable, Hashable, DocumentCodable {
    public var name: String?
    public var endpoint: Endpoint

    public init(name: String? = nil, endpoint: Endpoint) {
        self.name = name
        self.endpoint = endpoint
    }

    public init(from reader: DocumentReader) throws(Diagnostic) {
        self = try reader.object { (object) throws(Diagnostic) in
            ExternalResource(name: try object.optional("name"), endpoint: try object.required("endpoint"))
        }
    }

    public var documentValue: JSONValue {
        var writer = ObjectWriter()
        writer.set("name", name)
        writer.set("endpoint", endpoint)
        return writer.value
    }
}
