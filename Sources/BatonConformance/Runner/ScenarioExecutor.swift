import BatonEngine
import BatonWorkflow

/// Runs a scenario's workflow: the engine in the conformance kit runner, a scripted stand-in in
/// tests of the step definitions.
public protocol ScenarioExecutor: Sendable {
    /// Runs `workflow` to its end with `input`, reporting every event to `observer` as it happens.
    func run(_ workflow: Workflow, input: JSONValue, observer: any RunObserver) async -> RunOutcome
}
