import BatonEngine
import BatonWorkflow

/// What the steps of one scenario share: the workflow and input the arrange steps set up, the
/// executor the act step runs it with, and the outcome and events the assert steps check.
public struct ScenarioWorld: Sendable {
    /// The result of running the workflow: how it ended and every event it reported.
    public struct Execution: Sendable, Hashable {
        public var outcome: RunOutcome
        public var events: [RunEvent]

        public init(outcome: RunOutcome, events: [RunEvent]) {
            self.outcome = outcome
            self.events = events
        }
    }

    public let executor: any ScenarioExecutor
    /// How long the workflow may run before the scenario fails.
    public var timeout: Duration
    /// Also told of every event as it happens (the runner's `--verbose` output).
    public var observer: (any RunObserver)?
    /// The workflow set by `a workflow with definition:`.
    public var workflow: Workflow?
    /// The input set by `the workflow input is:`; an empty object unless a step sets it.
    public var input: JSONValue = .object([:])
    /// Set by `the workflow is executed`.
    public var execution: Execution?

    public init(executor: any ScenarioExecutor, timeout: Duration = .seconds(60), observer: (any RunObserver)? = nil) {
        self.executor = executor
        self.timeout = timeout
        self.observer = observer
    }

    /// The execution, for steps that check it.
    /// - Throws: `StepFailure` when the workflow has not been executed yet.
    public func requireExecution() throws(StepFailure) -> Execution {
        guard let execution else {
            throw StepFailure("the workflow has not been executed; a `When the workflow is executed` step must come before this one")
        }
        return execution
    }
}
