import BatonWorkflow

/// Reads the members of a request's JSON object, refusing what does not belong: an unknown
/// member (a typo would otherwise be ignored silently), or a member of the wrong type — each
/// refusal a 400 naming the member's path.
struct JSONObjectReader {
    private let members: [String: JSONValue]
    private let prefix: String

    /// - Parameters:
    ///   - value: the body (or part of it).
    ///   - allowed: the members it may have.
    ///   - path: where `value` is in the body, for messages (`""` for the body itself).
    init(_ value: JSONValue, allowed: [String], path: String = "") throws(APIError) {
        guard case .object(let members) = value else {
            let what = path.isEmpty ? "the request body" : "`\(path)`"
            throw .invalidInput("\(what) must be a JSON object, but is \(value.typeNameWithArticle)", path: path.isEmpty ? nil : path)
        }
        if let unknown = members.keys.sorted().first(where: { !allowed.contains($0) }) {
            let list = allowed.map { "`\($0)`" }.joined(separator: ", ")
            throw .invalidInput("unknown member `\(unknown)`; the members are \(list)", path: Self.join(path, unknown))
        }
        self.members = members
        self.prefix = path
    }

    /// A string member; nil when absent or null.
    /// - Throws: when required and absent or empty, or when not a string.
    func string(_ key: String, required: Bool = false) throws(APIError) -> String? {
        let path = Self.join(prefix, key)
        switch members[key] {
        case nil, .null?:
            if required { throw .invalidInput("`\(key)` is required", path: path) }
            return nil
        case .string(let text)?:
            if required && text.isEmpty { throw .invalidInput("`\(key)` must not be empty", path: path) }
            return text
        case let value?:
            throw .invalidInput("`\(key)` must be a string, but is \(value.typeNameWithArticle)", path: path)
        }
    }

    /// An object member; nil when absent or null.
    func object(_ key: String) throws(APIError) -> JSONValue? {
        switch members[key] {
        case nil, .null?: return nil
        case let value? where value.objectValue != nil: return value
        case let value?:
            throw .invalidInput("`\(key)` must be an object, but is \(value.typeNameWithArticle)", path: Self.join(prefix, key))
        }
    }

    private static func join(_ prefix: String, _ key: String) -> String {
        prefix.isEmpty ? key : "\(prefix).\(key)"
    }
}
