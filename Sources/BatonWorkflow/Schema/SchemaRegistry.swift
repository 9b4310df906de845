/// The schema documents a schema may refer to besides itself, by URI.
///
/// Documents added with `add(_:uri:)` are found first; for any other URI the optional `loader` is
/// asked. The library itself never reads files or the network: a caller that wants remote schemas
/// supplies a loader that fetches them. The 2020-12 meta-schemas are built in and need neither.
public struct SchemaRegistry: Sendable {
    /// Returns the document at an absolute URI (without fragment), or nil when it knows none.
    /// Throwing reports why the document could not be had; compiling then fails with that reason.
    public typealias Loader = @Sendable (_ uri: String) throws -> JSONValue?

    /// The documents added so far, by URI without fragment.
    public private(set) var documents: [String: JSONValue] = [:]
    /// Asked for documents that are neither added nor built in.
    public var loader: Loader?

    public init(loader: Loader? = nil) {
        self.loader = loader
    }

    /// Adds a schema document under `uri`. References to `uri` (and to the `$id`s inside the
    /// document) then resolve to it.
    public mutating func add(_ document: JSONValue, uri: String) {
        documents[SchemaURI.split(uri).resource] = document
    }

    /// The document for `uri`: an added one, a built-in meta-schema, or what the loader returns.
    func document(for uri: String) throws -> JSONValue? {
        if let document = documents[uri] { return document }
        if let document = MetaSchemas.document(for: uri) { return document }
        return try loader?(uri)
    }
}
