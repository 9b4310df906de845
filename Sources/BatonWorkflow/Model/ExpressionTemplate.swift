/// A runtime expression string, or an object whose string leaves may hold expressions: the shape
/// of `input.from`, `output.as`, `export.as`, `set` and the parameters of A2A and MCP calls.
///
/// A string is kept as an expression whether or not it is enclosed in `${ }`: in `loose`
/// evaluation mode (OWS dsl.md §Runtime Expressions) a bare string is an expression too.
public enum ExpressionTemplate: Sendable, Hashable, DocumentCodable {
    case expression(RuntimeExpression)
    case object([String: JSONValue])

    public init(from reader: DocumentReader) throws(Diagnostic) {
        try self.init(from: reader, allowsEmptyObject: true)
    }

    /// Reads the value; `allowsEmptyObject: false` follows the schema's `minProperties: 1` (`set`, A2A parameters).
    public init(from reader: DocumentReader, allowsEmptyObject: Bool) throws(Diagnostic) {
        switch reader.value {
        case .string(let text):
            self = .expression(RuntimeExpression(text))
        case .object(let members):
            guard allowsEmptyObject || !members.isEmpty else {
                throw reader.error("expected at least one key in this mapping", code: "model.empty")
            }
            self = .object(members)
        default:
            throw reader.typeMismatch(expected: "a runtime expression (a string) or a mapping")
        }
    }

    public var documentValue: JSONValue {
        switch self {
        case .expression(let expression): expression.documentValue
        case .object(let members): .object(members)
        }
    }
}
