import BatonEngine
import BatonWorkflow
import Foundation

/// Shared pieces of the call handler tests: task contexts and call tasks written in YAML, as a
/// workflow author writes them.
enum CallTesting {
    static let evaluator = ExpressionEvaluator()
    static let reference = "/do/0/callService"

    /// The context of a task at `/do/0/callService` in run `run-1`, attempt 1.
    static func context(
        input: JSONValue = [:], secrets: JSONValue = [:], authentications: [String: AuthenticationPolicy] = [:],
        maximumOutputBytes: Int = 10_000_000
    ) -> TaskContext {
        TaskContext(
            runID: "run-1", name: "callService", reference: reference, attempt: 1, input: input,
            scope: ExpressionScope(evaluator: evaluator, arguments: ExpressionArguments(input: input, secrets: secrets), instance: reference),
            limits: ExecutionLimits(maximumOutputBytes: maximumOutputBytes), secrets: secrets, authentications: authentications)
    }

    struct NotACall: Error {}

    /// The call of a task written in YAML (`call: http`, `with: ...`).
    static func call(_ yaml: String) throws -> CallTask {
        let loaded = try DocumentLoader().load(text: yaml, file: "task.yaml")
        let task = try DocumentReader(loaded).decode(WorkflowTask.self)
        guard case .call(let call) = task.kind else { throw NotACall() }
        return call
    }

    /// An authentication policy written in YAML.
    static func policy(_ yaml: String) throws -> AuthenticationPolicy {
        try DocumentReader(try DocumentLoader().load(text: yaml, file: "policy.yaml")).decode(AuthenticationPolicy.self)
    }

    /// Runs a call and returns the fault it throws, or nil when it succeeds.
    static func fault(_ handler: StandardCallHandler, _ call: CallTask, context: TaskContext) async -> WorkflowFault? {
        do {
            _ = try await handler.call(call, context: context)
            return nil
        } catch {
            return error
        }
    }
}
