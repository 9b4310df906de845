/// Why a schema could not be compiled: a reference that leads nowhere, a regular expression that
/// does not compile, a keyword with a value of the wrong kind. It names the place in the schema.
public struct SchemaCompilationError: Error, Sendable, Hashable {
    private enum Code: Sendable, Hashable {
        case unresolvableReference
        case invalidPattern
        case invalidKeyword
        case notASchema
        case unsupportedVocabulary
    }

    private let code: Code
    /// Where in the schema the problem is: a URI with a JSON Pointer fragment.
    public let location: String
    /// What is wrong and what to do about it.
    public let message: String

    private init(_ code: Code, location: String, message: String) {
        self.code = code
        self.location = location
        self.message = message
    }

    /// A `$ref` or `$dynamicRef` whose target is not in the schema, the registry or the loader.
    public static func unresolvableReference(_ reference: String, at location: String, reason: String) -> Self {
        Self(.unresolvableReference, location: location, message: "cannot resolve the reference `\(reference)`: \(reason)")
    }

    /// A `pattern` or `patternProperties` key that is not a valid regular expression.
    public static func invalidPattern(_ pattern: String, at location: String, reason: String) -> Self {
        Self(.invalidPattern, location: location, message: "`\(pattern)` is not a valid regular expression: \(reason)")
    }

    /// A keyword whose value has the wrong form, `"minLength": -1` or `"required": "name"`.
    public static func invalidKeyword(_ keyword: String, at location: String, expected: String) -> Self {
        Self(.invalidKeyword, location: location, message: "`\(keyword)` must be \(expected)")
    }

    /// A value in a schema position that is neither an object nor a boolean.
    public static func notASchema(at location: String, found: JSONValue) -> Self {
        Self(.notASchema, location: location, message: "a schema must be an object or a boolean, found \(found.typeNameWithArticle)")
    }

    /// A meta-schema that requires a vocabulary this validator does not implement.
    public static func unsupportedVocabulary(_ vocabulary: String, at location: String) -> Self {
        Self(.unsupportedVocabulary, location: location, message: "the meta-schema requires the vocabulary \(vocabulary), which is not supported")
    }
}

extension SchemaCompilationError: CustomStringConvertible {
    public var description: String {
        "\(location): \(message)"
    }
}
