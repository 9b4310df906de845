/// The `evaluate` section: the runtime expression language and how strictly strings are taken
/// as expressions (OWS dsl-reference.md §Evaluate).
public struct EvaluationSettings: Sendable, Hashable, DocumentCodable {
    public enum Mode: String, DocumentStringEnum {
        /// Only `${ }` strings are expressions.
        case strict
        /// Every string is evaluated; one that fails stays the string it was.
        case loose
    }

    /// Defaults to `jq`.
    public var language: String?
    /// Defaults to `strict`.
    public var mode: Mode?

    public init(language: String? = nil, mode: Mode? = nil) {
        self.language = language
        self.mode = mode
    }

    public init(from reader: DocumentReader) throws(Diagnostic) {
        self = try reader.object { (object) throws(Diagnostic) in EvaluationSettings(language: try object.optional("language"), mode: try object.optional("mode")) }
    }

    public var documentValue: JSONValue {
        var writer = ObjectWriter()
        writer.set("language", language)
        writer.set("mode", mode)
        return writer.value
    }
}
