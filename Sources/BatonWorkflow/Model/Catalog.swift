/// A collection of reusable resources, such as functions, published at an endpoint (OWS dsl.md
/// §Catalogs); functions in it are called as `name:version@catalog`.
public struct Catalog: Sendable, Hashable, DocumentCodable {
    public var endpoint: Endpoint

    public init(endpoint: Endpoint) {
        self.endpoint = endpoint
    }

    public init(from reader: DocumentReader) throws(Diagnostic) {
        self = try reader.object { (object) throws(Diagnostic) in Catalog(endpoint: try object.required("endpoint")) }
    }

    public var documentValue: JSONValue { ["endpoint": endpoint.documentValue] }
}
