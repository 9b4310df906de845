/// Why a step did not pass: an expectation that does not hold, or a step that could not be done
/// (a document that does not load, a step run before the one it depends on).
public struct StepFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
