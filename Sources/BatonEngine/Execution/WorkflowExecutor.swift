import BatonWorkflow
import Foundation

/// Runs workflows as the Open Workflow Specification 1.0.3 describes: data flow (input, output,
/// export, schemas), flow directives, every task type, errors and timeouts.
///
/// A run is a sequence of `RunEvent`s that the executor hands to its observer as it goes, each
/// before its effect counts. Given the events of an earlier, interrupted attempt of the same run
/// (`history`), the executor replays them: a task recorded as completed is not run again — its
/// output and the context it exported come from the record — and the run goes on from the first
/// task that had not completed.
public struct WorkflowExecutor: Sendable {
    public let environment: ExecutionEnvironment

    public init(environment: ExecutionEnvironment) {
        self.environment = environment
    }

    /// Runs `workflow` on `input` to its end.
    ///
    /// - Parameters:
    ///   - runID: the run's identifier (`$workflow.id`), stable across replays.
    ///   - observer: receives every event; the run waits for it.
    ///   - history: the events of an earlier attempt of this run, to resume from.
    /// - Returns: the output, the error the run faulted with, or `.cancelled` when the Swift task
    ///   running it was cancelled.
    public func run(
        _ workflow: Workflow, input: JSONValue, runID: String = UUID().uuidString, observer: (any RunObserver)? = nil,
        history: [RunEvent] = []
    ) async -> RunOutcome {
        let run = Run(workflow: workflow, environment: environment, runID: runID, observer: observer, history: RunHistory(history))
        return await run.start(input: input)
    }
}
