/// A value a step expression took from a step's text.
public enum StepArgument: Sendable, Hashable {
    case int(Int)
    case string(String)
    case strings([String])
    case word(String)

    /// The argument as text: a string or word as is, an integer in decimal, strings joined by commas.
    public var text: String {
        switch self {
        case .int(let value): String(value)
        case .string(let value), .word(let value): value
        case .strings(let values): values.joined(separator: ", ")
        }
    }
}
