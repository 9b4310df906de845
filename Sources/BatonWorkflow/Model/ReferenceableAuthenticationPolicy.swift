/// An authentication policy given inline, or `{ use: name }` naming one declared under
/// `use.authentications` (schema `$defs/referenceableAuthenticationPolicy`).
public enum ReferenceableAuthenticationPolicy: Sendable, Hashable, DocumentCodable {
    case reference(String)
    case policy(AuthenticationPolicy)

    public init(from reader: DocumentReader) throws(Diagnostic) {
        self = try reader.object { (object) throws(Diagnostic) in
            if object.has("use") {
                return .reference(try object.required("use", NonEmptyString.self).text)
            }
            return .policy(try AuthenticationPolicy.read(&object))
        }
    }

    public var documentValue: JSONValue {
        switch self {
        case .reference(let name): ["use": .string(name)]
        case .policy(let policy): policy.documentValue
        }
    }
}
