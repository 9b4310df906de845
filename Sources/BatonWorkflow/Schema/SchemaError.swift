/// One way an instance fails its schema: where in the instance, which keyword of the schema said
/// so, and a message a workflow author can act on.
public struct SchemaError: Sendable, Hashable, Error {
    /// The path of the offending value inside the instance. For an unknown or badly named key it is
    /// the path of that key (`do[0].getPet.foo`), so that a caller can point at the key itself.
    public var instancePath: DocumentPath
    /// The path through the schema that led to the keyword, following `$ref`s as they were taken:
    /// `/properties/do/$ref/items/additionalProperties/$ref/oneOf/0/unevaluatedProperties`.
    public var keywordLocation: String
    /// Where the keyword is written: the absolute URI of its schema resource and a JSON Pointer,
    /// `https://example.com/workflow.yaml#/$defs/task/unevaluatedProperties`.
    public var absoluteKeywordLocation: String
    /// The keyword that failed: `type`, `required`, `unevaluatedProperties`, ...
    public var keyword: String
    /// What is wrong, in words: "expected a string, found an integer", "unknown key `foo`".
    public var message: String
    /// True when the error is about an object key rather than its value (an unknown key, a key
    /// whose name is not allowed), so that positions should point at the key.
    public var isAboutKey: Bool

    public init(
        instancePath: DocumentPath, keywordLocation: String, absoluteKeywordLocation: String,
        keyword: String, message: String, isAboutKey: Bool = false
    ) {
        self.instancePath = instancePath
        self.keywordLocation = keywordLocation
        self.absoluteKeywordLocation = absoluteKeywordLocation
        self.keyword = keyword
        self.message = message
        self.isAboutKey = isAboutKey
    }

    /// The error as a diagnostic positioned in the document it was found in.
    public func diagnostic(in document: LoadedDocument) -> Diagnostic {
        document.diagnostic("schema.\(keyword)", message, at: instancePath, atKey: isAboutKey)
    }
}

extension SchemaError: CustomStringConvertible {
    /// `do[0].getPet.foo: unknown key `foo``
    public var description: String {
        "\(instancePath): \(message)"
    }
}
