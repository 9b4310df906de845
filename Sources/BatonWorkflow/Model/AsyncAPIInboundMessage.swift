/// A message consumed by an AsyncAPI subscription, as tasks of its `foreach` see it (OWS
/// dsl-reference.md §AsyncAPI Inbound Message).
public struct AsyncAPIInboundMessage: Sendable, Hashable, DocumentCodable {
    public var payload: [String: JSONValue]?
    public var headers: [String: JSONValue]?
    public var correlationId: String?

    public init(payload: [String: JSONValue]? = nil, headers: [String: JSONValue]? = nil, correlationId: String? = nil) {
        self.payload = payload
        self.headers = headers
        self.correlationId = correlationId
    }

    public init(from reader: DocumentReader) throws(Diagnostic) {
        self = try reader.object { (object) throws(Diagnostic) in
            AsyncAPIInboundMessage(payload: try object.optional("payload"), headers: try object.optional("headers"), correlationId: try object.optional("correlationId"))
        }
    }

    public var documentValue: JSONValue {
        var writer = ObjectWriter()
        writer.set("payload", payload)
        writer.set("headers", headers)
        writer.set("correlationId", correlationId)
        return writer.value
    }
}
