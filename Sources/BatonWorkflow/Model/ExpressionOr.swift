/// A value the schema allows either literally or as a runtime expression (`${ ... }`), such as
/// an endpoint URI, an error type or the headers of an HTTP call.
///
/// A string enclosed in `${ }` is read as the expression; anything else must be a valid `Value`.
public enum ExpressionOr<Value: DocumentCodable & Hashable>: Sendable, Hashable, DocumentCodable {
    case value(Value)
    case expression(RuntimeExpression)

    public init(from reader: DocumentReader) throws(Diagnostic) {
        if let text = reader.value.stringValue, RuntimeExpression.isEnclosed(text) {
            self = .expression(RuntimeExpression(text))
            return
        }
        do {
            self = .value(try Value(from: reader))
        } catch where error.code == "model.type" && error.path == reader.path {
            // The literal form did not fit; say that an expression would have been accepted too.
            var widened = error
            widened.message += "; a runtime expression `${ ... }` is also accepted here"
            throw widened
        }
    }

    public var documentValue: JSONValue {
        switch self {
        case .value(let value): value.documentValue
        case .expression(let expression): expression.documentValue
        }
    }

    /// The literal value, or nil when it is an expression to evaluate at run time.
    public var literal: Value? {
        if case .value(let value) = self { return value }
        return nil
    }

    /// The expression, or nil when the value is literal.
    public var expression: RuntimeExpression? {
        if case .expression(let expression) = self { return expression }
        return nil
    }
}
