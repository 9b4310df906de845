/// One step the runner knows: the expression its text must match, whether it takes a doc string,
/// and what it does to the scenario's world.
public struct StepDefinition: Sendable {
    /// What a step carries beside its text.
    public enum Argument: Sendable, Hashable {
        case none
        case docString
    }

    public typealias Action = @Sendable (StepContext, inout ScenarioWorld) async throws(StepFailure) -> Void

    public let expression: StepExpression
    public let argument: Argument
    public let action: Action

    /// - Parameters:
    ///   - expression: the step text, with `{int}`, `{string}`, `{strings}`, `{word}` parameters
    ///     and `(optional)` text (see `StepExpression`).
    ///   - argument: whether the step needs a doc string.
    ///   - action: what the step does; it throws `StepFailure` when its expectation does not hold.
    public init(_ expression: String, argument: Argument = .none, action: @escaping Action) {
        self.expression = StepExpression(expression)
        self.argument = argument
        self.action = action
    }
}
