/// The `with` of `call: openapi` (OWS dsl-reference.md §OpenAPI Call).
public struct OpenAPIArguments: Sendable, Hashable, DocumentCodable {
    public var document: ExternalResource
    public var operationId: String
    public var parameters: [String: JSONValue]?
    public var authentication: ReferenceableAuthenticationPolicy?
    public var output: HTTPArguments.OutputFormat?
    public var redirect: Bool?

    public init(
        document: ExternalResource, operationId: String, parameters: [String: JSONValue]? = nil,
        authentication: ReferenceableAuthenticationPolicy? = nil, output: HTTPArguments.OutputFormat? = nil, redirect: Bool? = nil
    ) {
        self.document = document
        self.operationId = operationId
        self.parameters = parameters
        self.authentication = authentication
        self.output = output
        self.redirect = redirect
    }

    public init(from reader: DocumentReader) throws(Diagnostic) {
        self = try reader.object { (object) throws(Diagnostic) in
            OpenAPIArguments(
                document: try object.required("document"), operationId: try object.required("operationId"),
                parameters: try object.optional("parameters"), authentication: try object.optional("authentication"),
                output: try object.optional("output"), redirect: try object.optional("redirect")
            )
        }
    }

    public var documentValue: JSONValue {
        var writer = ObjectWriter()
        writer.set("document", document)
        writer.set("operationId", operationId)
        writer.set("parameters", parameters)
        writer.set("authentication", authentication)
        writer.set("output", output)
        writer.set("redirect", redirect)
        return writer.value
    }
}
