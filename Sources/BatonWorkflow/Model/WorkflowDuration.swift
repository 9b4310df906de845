/// A length of time as the DSL writes it: an ISO 8601 string, inline parts, or a runtime
/// expression that yields an ISO 8601 string (OWS dsl-reference.md §Duration, schema `$defs/duration`).
///
/// The form written is kept, so `PT1H` stays a string and `{ hours: 1 }` an object on the way out.
public enum WorkflowDuration: Sendable, Hashable, DocumentCodable {
    case iso8601(ISO8601Duration)
    case inline(InlineDuration)
    case expression(RuntimeExpression)

    public init(from reader: DocumentReader) throws(Diagnostic) {
        switch reader.value {
        case .object:
            self = .inline(try InlineDuration(from: reader))
        case .string(let text):
            if RuntimeExpression.isEnclosed(text) {
                self = .expression(RuntimeExpression(text))
                return
            }
            do {
                self = .iso8601(try ISO8601Duration(parsing: text))
            } catch {
                throw reader.error(
                    "`\(text)` is not a duration: \(error.reason). Write an ISO 8601 duration such as `PT1H30M` or `P1D`, inline parts such as `{ minutes: 5 }`, or a runtime expression `${ ... }`",
                    code: "model.duration"
                )
            }
        default:
            throw reader.typeMismatch(expected: "a duration (an ISO 8601 string such as `PT1H30M`, or a mapping such as `{ minutes: 5 }`)")
        }
    }

    /// Parses an ISO 8601 duration such as `PT1H30M`.
    public init(iso8601 text: String) throws(ISO8601DurationError) {
        self = .iso8601(try ISO8601Duration(parsing: text))
    }

    public var documentValue: JSONValue {
        switch self {
        case .iso8601(let duration): .string(duration.text)
        case .inline(let duration): duration.documentValue
        case .expression(let expression): expression.documentValue
        }
    }

    /// The length in seconds; nil for an expression (known only at run time) and for ISO 8601
    /// durations with years or months, which have no fixed length.
    public var totalSeconds: Double? {
        switch self {
        case .iso8601(let duration): duration.totalSeconds
        case .inline(let duration): duration.totalSeconds
        case .expression: nil
        }
    }

    /// The length as a Swift `Duration`, under the same conditions as `totalSeconds`.
    public var duration: Duration? {
        switch self {
        case .iso8601(let duration): Duration(duration)
        case .inline(let duration): duration.duration
        case .expression: nil
        }
    }
}
