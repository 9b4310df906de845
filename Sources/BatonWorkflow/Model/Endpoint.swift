/// Where a resource or service is: a URI template, a runtime expression, or a URI with the
/// authentication to use (OWS dsl-reference.md §Endpoint, schema `$defs/endpoint`).
///
/// The short forms stay short: a plain string is written back as a string.
public enum Endpoint: Sendable, Hashable, DocumentCodable {
    case uri(URITemplate)
    case expression(RuntimeExpression)
    case configuration(EndpointConfiguration)

    public init(from reader: DocumentReader) throws(Diagnostic) {
        switch reader.value {
        case .string(let text):
            self = RuntimeExpression.isEnclosed(text) ? .expression(RuntimeExpression(text)) : .uri(try URITemplate(from: reader))
        case .object:
            self = .configuration(try EndpointConfiguration(from: reader))
        default:
            throw reader.typeMismatch(expected: "an endpoint (a URI, a runtime expression, or a mapping with `uri`)")
        }
    }

    public var documentValue: JSONValue {
        switch self {
        case .uri(let template): template.documentValue
        case .expression(let expression): expression.documentValue
        case .configuration(let configuration): configuration.documentValue
        }
    }

    /// The URI, literal or expression, whatever the form.
    public var uri: ExpressionOr<URITemplate> {
        switch self {
        case .uri(let template): .value(template)
        case .expression(let expression): .expression(expression)
        case .configuration(let configuration): configuration.uri
        }
    }

    /// The authentication policy of the long form, if any.
    public var authentication: ReferenceableAuthenticationPolicy? {
        if case .configuration(let configuration) = self { return configuration.authentication }
        return nil
    }
}

/// The long form of an endpoint: `{ uri, authentication }`.
public struct EndpointConfiguration: Sendable, Hashable, DocumentCodable {
    public var uri: ExpressionOr<URITemplate>
    public var authentication: ReferenceableAuthenticationPolicy?

    public init(uri: ExpressionOr<URITemplate>, authentication: ReferenceableAuthenticationPolicy? = nil) {
        self.uri = uri
        self.authentication = authentication
    }

    public init(from reader: DocumentReader) throws(Diagnostic) {
        self = try reader.object { (object) throws(Diagnostic) in
            EndpointConfiguration(uri: try object.required("uri"), authentication: try object.optional("authentication"))
        }
    }

    public var documentValue: JSONValue {
        var writer = ObjectWriter()
        writer.set("uri", uri)
        writer.set("authentication", authentication)
        return writer.value
    }
}
