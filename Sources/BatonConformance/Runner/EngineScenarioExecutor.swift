import BatonEngine
import BatonWorkflow

/// Runs scenarios on Baton's workflow executor.
public struct EngineScenarioExecutor: ScenarioExecutor {
    public let executor: WorkflowExecutor

    public init(environment: ExecutionEnvironment) {
        executor = WorkflowExecutor(environment: environment)
    }

    public func run(_ workflow: Workflow, input: JSONValue, observer: any RunObserver) async -> RunOutcome {
        await executor.run(workflow, input: input, observer: observer)
    }
}
