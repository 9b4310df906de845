/// The inline settings of the `oauth2` and `oidc` schemes (OWS dsl-reference.md §OAUTH2
/// Authentication, schema `$defs/oauth2AuthenticationProperties`). Only `oauth2` has `endpoints`.
public struct OAuth2AuthenticationProperties: Sendable, Hashable, DocumentCodable {
    public enum Grant: String, DocumentStringEnum {
        case authorizationCode = "authorization_code"
        case clientCredentials = "client_credentials"
        case password
        case refreshToken = "refresh_token"
        case tokenExchange = "urn:ietf:params:oauth:grant-type:token-exchange"
    }

    public struct Endpoints: Sendable, Hashable, DocumentCodable {
        /// Defaults to `/oauth2/token`.
        public var token: URITemplate?
        /// Defaults to `/oauth2/revoke`.
        public var revocation: URITemplate?
        /// Defaults to `/oauth2/introspect`.
        public var introspection: URITemplate?

        public init(token: URITemplate? = nil, revocation: URITemplate? = nil, introspection: URITemplate? = nil) {
            self.token = token
            self.revocation = revocation
            self.introspection = introspection
        }

        public init(from reader: DocumentReader) throws(Diagnostic) {
            self = try reader.object { (object) throws(Diagnostic) in
                Endpoints(token: try object.optional("token"), revocation: try object.optional("revocation"), introspection: try object.optional("introspection"))
            }
        }

        public var documentValue: JSONValue {
            var writer = ObjectWriter()
            writer.set("token", token)
            writer.set("revocation", revocation)
            writer.set("introspection", introspection)
            return writer.value
        }
    }

    public struct Client: Sendable, Hashable, DocumentCodable {
        public enum Authentication: String, DocumentStringEnum {
            case clientSecretBasic = "client_secret_basic"
            case clientSecretPost = "client_secret_post"
            case clientSecretJWT = "client_secret_jwt"
            case privateKeyJWT = "private_key_jwt"
            case none
        }

        public var id: String?
        public var secret: String?
        public var assertion: String?
        /// Defaults to `client_secret_post`.
        public var authentication: Authentication?

        public init(id: String? = nil, secret: String? = nil, assertion: String? = nil, authentication: Authentication? = nil) {
            self.id = id
            self.secret = secret
            self.assertion = assertion
            self.authentication = authentication
        }

        public init(from reader: DocumentReader) throws(Diagnostic) {
            self = try reader.object { (object) throws(Diagnostic) in
                Client(
                    id: try object.optional("id"), secret: try object.optional("secret"),
                    assertion: try object.optional("assertion"), authentication: try object.optional("authentication")
                )
            }
        }

        public var documentValue: JSONValue {
            var writer = ObjectWriter()
            writer.set("id", id)
            writer.set("secret", secret)
            writer.set("assertion", assertion)
            writer.set("authentication", authentication)
            return writer.value
        }
    }

    public struct Request: Sendable, Hashable, DocumentCodable {
        public enum Encoding: String, DocumentStringEnum {
            case formURLEncoded = "application/x-www-form-urlencoded"
            case json = "application/json"
        }

        /// Defaults to `application/x-www-form-urlencoded`.
        public var encoding: Encoding?

        public init(encoding: Encoding? = nil) {
            self.encoding = encoding
        }

        public init(from reader: DocumentReader) throws(Diagnostic) {
            self = try reader.object { (object) throws(Diagnostic) in Request(encoding: try object.optional("encoding")) }
        }

        public var documentValue: JSONValue {
            var writer = ObjectWriter()
            writer.set("encoding", encoding)
            return writer.value
        }
    }

    /// A security token and its type (schema `$defs/oauth2Token`).
    public struct Token: Sendable, Hashable, DocumentCodable {
        public var token: String
        public var type: String

        public init(token: String, type: String) {
            self.token = token
            self.type = type
        }

        public init(from reader: DocumentReader) throws(Diagnostic) {
            self = try reader.object { (object) throws(Diagnostic) in Token(token: try object.required("token"), type: try object.required("type")) }
        }

        public var documentValue: JSONValue { ["token": .string(token), "type": .string(type)] }
    }

    public var authority: URITemplate
    public var grant: Grant
    public var endpoints: Endpoints?
    public var client: Client?
    public var request: Request?
    public var issuers: [String]?
    public var scopes: [String]?
    public var audiences: [String]?
    public var username: String?
    public var password: String?
    public var subject: Token?
    public var actor: Token?

    public init(
        authority: URITemplate, grant: Grant, endpoints: Endpoints? = nil, client: Client? = nil, request: Request? = nil,
        issuers: [String]? = nil, scopes: [String]? = nil, audiences: [String]? = nil,
        username: String? = nil, password: String? = nil, subject: Token? = nil, actor: Token? = nil
    ) {
        self.authority = authority
        self.grant = grant
        self.endpoints = endpoints
        self.client = client
        self.request = request
        self.issuers = issuers
        self.scopes = scopes
        self.audiences = audiences
        self.username = username
        self.password = password
        self.subject = subject
        self.actor = actor
    }

    public init(from reader: DocumentReader) throws(Diagnostic) {
        try self.init(from: reader, allowsEndpoints: true)
    }

    /// Reads the settings; `allowsEndpoints` is false for `oidc`, where the schema has no `endpoints`.
    public init(from reader: DocumentReader, allowsEndpoints: Bool) throws(Diagnostic) {
        self = try reader.object { (object) throws(Diagnostic) in
            OAuth2AuthenticationProperties(
                authority: try object.required("authority"),
                grant: try object.required("grant"),
                endpoints: allowsEndpoints ? try object.optional("endpoints") : nil,
                client: try object.optional("client"),
                request: try object.optional("request"),
                issuers: try object.optional("issuers"),
                scopes: try object.optional("scopes"),
                audiences: try object.optional("audiences"),
                username: try object.optional("username"),
                password: try object.optional("password"),
                subject: try object.optional("subject"),
                actor: try object.optional("actor")
            )
        }
    }

    public var documentValue: JSONValue {
        var writer = ObjectWriter()
        writer.set("authority", authority)
        writer.set("grant", grant)
        writer.set("endpoints", endpoints)
        writer.set("client", client)
        writer.set("request", request)
        writer.set("issuers", issuers)
        writer.set("scopes", scopes)
        writer.set("audiences", audiences)
        writer.set("username", username)
        writer.set("password", password)
        writer.set("subject", subject)
        writer.set("actor", actor)
        return writer.value
    }
}
