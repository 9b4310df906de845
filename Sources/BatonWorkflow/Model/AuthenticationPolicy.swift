/// How to authenticate to a service or resource (OWS dsl-reference.md §Authentication, schema
/// `$defs/authenticationPolicy`): exactly one scheme, each given inline or read from a secret.
///
/// The schema names no `certificate` scheme in 1.0.3, so none is accepted here.
public enum AuthenticationPolicy: Sendable, Hashable, DocumentCodable {
    case basic(AuthenticationScheme<UsernamePassword>)
    case bearer(AuthenticationScheme<BearerToken>)
    case digest(AuthenticationScheme<UsernamePassword>)
    case oauth2(AuthenticationScheme<OAuth2AuthenticationProperties>)
    case oidc(AuthenticationScheme<OAuth2AuthenticationProperties>)

    /// The scheme keys, in the order the spec lists them.
    public static let schemes = ["basic", "bearer", "digest", "oauth2", "oidc"]

    public init(from reader: DocumentReader) throws(Diagnostic) {
        self = try reader.object { (object) throws(Diagnostic) in try Self.read(&object) }
    }

    /// Reads the scheme from a mapping whose other keys the caller checks.
    static func read(_ object: inout ObjectReader) throws(Diagnostic) -> AuthenticationPolicy {
        let present = object.presentKeys(among: schemes)
        // Every scheme is a key known here, so that a misspelt one gets a did-you-mean.
        var readers: [String: DocumentReader] = [:]
        for key in schemes { readers[key] = object.reader(key) }
        guard present.count == 1, let scheme = present.first, let reader = readers[scheme] else {
            if present.count > 1 {
                throw object.error(atKey: present[1], "an authentication policy has exactly one scheme; found `\(present[0])` and `\(present[1])`", code: "model.one-of")
            }
            if let unknown = object.unreadKeys.first, let suggestion = ObjectReader.closest(to: unknown, in: schemes) {
                throw object.error(atKey: unknown, "unknown authentication scheme `\(unknown)`; did you mean `\(suggestion)`?", code: "model.unknown-key")
            }
            throw object.error("an authentication policy needs one of \(schemes.joined(separator: ", ")) (or `use` to name a reusable policy)", code: "model.one-of")
        }
        switch scheme {
        case "basic": return .basic(try AuthenticationScheme(from: reader))
        case "bearer": return .bearer(try AuthenticationScheme(from: reader))
        case "digest": return .digest(try AuthenticationScheme(from: reader))
        case "oauth2": return .oauth2(try AuthenticationScheme(from: reader) { (reader) throws(Diagnostic) in try OAuth2AuthenticationProperties(from: reader, allowsEndpoints: true) })
        default: return .oidc(try AuthenticationScheme(from: reader) { (reader) throws(Diagnostic) in try OAuth2AuthenticationProperties(from: reader, allowsEndpoints: false) })
        }
    }

    public var documentValue: JSONValue {
        switch self {
        case .basic(let scheme): ["basic": scheme.documentValue]
        case .bearer(let scheme): ["bearer": scheme.documentValue]
        case .digest(let scheme): ["digest": scheme.documentValue]
        case .oauth2(let scheme): ["oauth2": scheme.documentValue]
        case .oidc(let scheme): ["oidc": scheme.documentValue]
        }
    }

    /// The scheme's key: `basic`, `bearer`, `digest`, `oauth2` or `oidc`.
    public var schemeName: String {
        switch self {
        case .basic: "basic"
        case .bearer: "bearer"
        case .digest: "digest"
        case .oauth2: "oauth2"
        case .oidc: "oidc"
        }
    }
}

/// The settings of one authentication scheme: inline, or `{ use: secretName }` to read them
/// from a secret (schema `secretBasedAuthenticationPolicy`).
public enum AuthenticationScheme<Properties: DocumentCodable & Hashable>: Sendable, Hashable, DocumentCodable {
    case properties(Properties)
    /// The name of the secret that holds the settings.
    case secret(String)

    public init(from reader: DocumentReader) throws(Diagnostic) {
        try self.init(from: reader) { (reader) throws(Diagnostic) in try Properties(from: reader) }
    }

    init(from reader: DocumentReader, properties read: (DocumentReader) throws(Diagnostic) -> Properties) throws(Diagnostic) {
        guard case .object(let members) = reader.value else { throw reader.typeMismatch(expected: "a mapping") }
        if members["use"] != nil {
            self = .secret(try reader.object { (object) throws(Diagnostic) in try object.required("use", NonEmptyString.self).text })
        } else {
            self = .properties(try read(reader))
        }
    }

    public var documentValue: JSONValue {
        switch self {
        case .properties(let properties): properties.documentValue
        case .secret(let name): ["use": .string(name)]
        }
    }
}

/// A user name and password, for the `basic` and `digest` schemes.
public struct UsernamePassword: Sendable, Hashable, DocumentCodable {
    public var username: String
    public var password: String

    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }

    public init(from reader: DocumentReader) throws(Diagnostic) {
        self = try reader.object { (object) throws(Diagnostic) in
            UsernamePassword(username: try object.required("username"), password: try object.required("password"))
        }
    }

    public var documentValue: JSONValue { ["username": .string(username), "password": .string(password)] }
}

/// The token of the `bearer` scheme.
public struct BearerToken: Sendable, Hashable, DocumentCodable {
    public var token: String

    public init(token: String) {
        self.token = token
    }

    public init(from reader: DocumentReader) throws(Diagnostic) {
        self = try reader.object { (object) throws(Diagnostic) in BearerToken(token: try object.required("token")) }
    }

    public var documentValue: JSONValue { ["token": .string(token)] }
}

/// A string the schema requires to be non-empty (`minLength: 1`), such as a policy name.
struct NonEmptyString: DocumentDecodable {
    var text: String

    init(from reader: DocumentReader) throws(Diagnostic) {
        text = try reader.string()
        guard !text.isEmpty else { throw reader.error("expected a non-empty string", code: "model.empty") }
    }
}
