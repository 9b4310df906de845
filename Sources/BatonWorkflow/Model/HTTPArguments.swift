/// The `with` of `call: http` (OWS dsl-reference.md §HTTP Call).
public struct HTTPArguments: Sendable, Hashable, DocumentCodable {
    /// What the call returns: the raw body, the decoded content (the default) or the whole response.
    public enum OutputFormat: String, DocumentStringEnum {
        case raw, content, response
    }

    public var method: String
    public var endpoint: Endpoint
    public var headers: ExpressionOr<[String: String]>?
    /// Any JSON value; strings in it may hold expressions.
    public var body: JSONValue?
    public var query: ExpressionOr<[String: String]>?
    public var output: OutputFormat?
    /// Whether 3xx statuses are followed rather than treated as errors.
    public var redirect: Bool?

    public init(
        method: String, endpoint: Endpoint, headers: ExpressionOr<[String: String]>? = nil, body: JSONValue? = nil,
        query: ExpressionOr<[String: String]>? = nil, output: OutputFormat? = nil, redirect: Bool? = nil
    ) {
        self.method = method
        self.endpoint = endpoint
        self.headers = headers
        self.body = body
        self.query = query
        self.output = output
        self.redirect = redirect
    }

    public init(from reader: DocumentReader) throws(Diagnostic) {
        self = try reader.object { (object) throws(Diagnostic) in
            HTTPArguments(
                method: try object.required("method"), endpoint: try object.required("endpoint"), headers: try object.optional("headers"),
                body: try object.optional("body"), query: try object.optional("query"), output: try object.optional("output"),
                redirect: try object.optional("redirect")
            )
        }
    }

    public var documentValue: JSONValue {
        var writer = ObjectWriter()
        writer.set("method", method)
        writer.set("endpoint", endpoint)
        writer.set("headers", headers)
        writer.set("body", json: body)
        writer.set("query", query)
        writer.set("output", output)
        writer.set("redirect", redirect)
        return writer.value
    }
}
