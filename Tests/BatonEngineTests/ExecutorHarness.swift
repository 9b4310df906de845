import BatonEngine
import BatonTesting
import BatonWorkflow
import Synchronization

/// Collects a run's events in order.
final class EventLog: RunObserver {
    private let events = Mutex<[RunEvent]>([])

    func record(_ event: RunEvent) async {
        events.withLock { $0.append(event) }
    }

    var all: [RunEvent] { events.withLock { $0 } }

    /// The names of the tasks with events of `kind`, in order.
    func tasks(_ kind: RunEvent.Kind) -> [String] {
        all.filter { $0.kind == kind }.compactMap(\.name)
    }
}

/// Fails a test that reaches a handler it did not configure: calls, processes and events belong
/// to their own tests.
struct NotInThisTest: CallHandler, ProcessHandler {
    func call(_ call: CallTask, context: TaskContext) async throws(WorkflowFault) -> JSONValue {
        throw .configuration("this test does not expect a call")
    }

    func run(_ task: RunTask, context: TaskContext) async throws(WorkflowFault) -> JSONValue {
        throw .configuration("this test does not expect a process")
    }
}

struct Harness {
    let clock = ManualClock()
    let functions = StandardFunctionCatalog()
    let workflows = InMemoryWorkflowRegistry()
    let events = InMemoryEventBus()
    var secrets = SecretStore()

    var executor: WorkflowExecutor {
        WorkflowExecutor(environment: ExecutionEnvironment(
            evaluator: ExpressionEvaluator(), clock: clock, calls: NotInThisTest(), processes: NotInThisTest(), functions: functions,
            workflows: workflows, events: events, secrets: secrets))
    }

    static func workflow(_ body: String, name: String = "test", use: String = "") throws -> Workflow {
        try Workflow.load(text: """
            document:
              dsl: '1.0.3'
              namespace: test
              name: \(name)
              version: '1.0.0'
            \(use)
            \(body)
            """, file: "\(name).yaml")
    }

    func run(_ body: String, use: String = "", input: JSONValue = [:], log: EventLog = EventLog(), history: [RunEvent] = []) async throws -> RunOutcome {
        await executor.run(try Self.workflow(body, use: use), input: input, runID: "run-1", observer: log, history: history)
    }
}

extension RunOutcome {
    var output: JSONValue? {
        if case .completed(let output) = self { return output }
        return nil
    }

    var fault: WorkflowFault? {
        if case .faulted(let fault) = self { return fault }
        return nil
    }
}
