import BatonWorkflow
import Foundation
import Synchronization

/// One run of a workflow: the state that lives as long as the run (its context, the records of
/// an earlier attempt to replay) and the interpreter over the workflow's tasks, in the
/// `Run+*.swift` files by concern.
final class Run: Sendable {
    let workflow: Workflow
    let environment: ExecutionEnvironment
    let runID: String
    let observer: (any RunObserver)?
    /// What an earlier, interrupted attempt of this run recorded.
    let history: RunHistory
    /// The workflow's definition as JSON, for `$workflow.definition` and `$task.definition`.
    let definition: JSONValue
    let mode: ExpressionMode
    let runtimeDescriptor: JSONValue
    /// The workflow context, `$context`: replaced by each task's `export.as`. Fork branches
    /// export concurrently, hence the lock.
    let context = Mutex<JSONValue>(.object([:]))

    /// Prepended to every position: empty for a run, the calling task's position and `>` for a
    /// sub-workflow, whose events go to its parent's journal.
    let positionPrefix: String
    /// What the run's own errors (its input, output, timeout) name as their instance: `/`, or
    /// the calling task for a sub-workflow.
    let rootInstance: String

    init(
        workflow: Workflow, environment: ExecutionEnvironment, runID: String, observer: (any RunObserver)?, history: RunHistory,
        positionPrefix: String = "", rootInstance: String = "/"
    ) {
        self.workflow = workflow
        self.environment = environment
        self.runID = runID
        self.observer = observer
        self.history = history
        self.positionPrefix = positionPrefix
        self.rootInstance = rootInstance
        self.definition = workflow.documentValue
        self.mode = workflow.evaluate?.mode.flatMap { ExpressionMode(rawValue: $0.rawValue) } ?? .strict
        self.runtimeDescriptor = RuntimeDescriptors.runtime(metadata: environment.runtimeMetadata)
    }

    /// What every expression of the run may see, fixed when the run starts.
    struct Globals: Sendable {
        var secrets: JSONValue
        var workflowDescriptor: JSONValue
        var redactor: SecretRedactor
    }

    /// Runs the workflow: validates and transforms its input, runs its tasks, transforms and
    /// validates its output.
    /// A sub-workflow records its tasks in its parent's journal, but not run-level events.
    var isNested: Bool { !positionPrefix.isEmpty }

    func start(input: JSONValue) async -> RunOutcome {
        // A resumed run keeps the time it first started (its timeout counts from there).
        let startedAt = history.runStartedAt ?? environment.clock.now()
        if !isNested && history.runStartedAt == nil {
            do {
                try await record(RunEvent(kind: .runStarted, at: startedAt, output: input))
            } catch {
                return .interrupted("\(error.underlying)")
            }
        }
        let globals: Globals
        do {
            let secrets = try environment.secrets.secrets(declaredBy: workflow)
            globals = Globals(
                secrets: secrets,
                workflowDescriptor: RuntimeDescriptors.workflow(id: runID, definition: definition, input: input, startedAt: startedAt),
                redactor: SecretRedactor(secrets)
            )
        } catch {
            return await finish(.faulted(error), redactor: SecretRedactor(.null))
        }
        do {
            let output = try await withTimeout(workflow.timeout, what: "the workflow", instance: rootInstance, since: startedAt, globals: globals) {
                try await self.runWorkflow(input: input, globals: globals)
            }
            return await finish(.completed(output), redactor: globals.redactor)
        } catch let interruption as RunInterruption {
            return .interrupted("\(interruption.underlying)")
        } catch let fault as WorkflowFault {
            return await finish(.faulted(fault), redactor: globals.redactor)
        } catch {
            return await finish(Task.isCancelled || error is CancellationError ? .cancelled : .faulted(.runtime("\(error)")), redactor: globals.redactor)
        }
    }

    private func runWorkflow(input: JSONValue, globals: Globals) async throws -> JSONValue {
        if let language = workflow.evaluate?.language, language != "jq" {
            throw WorkflowFault.configuration("the workflow's expressions are in `\(language)`; Baton evaluates jq only", instance: "/evaluate/language")
        }
        try validate(input, against: workflow.input?.schema, what: "the workflow input", instance: "/input")
        var transformed = input
        if let from = workflow.input?.from {
            let scope = self.scope(globals: globals, instance: "/input/from", available: [.secrets, .workflow, .runtime])
            transformed = try scope.evaluate(from, on: input)
        }
        // The transformed input is the initial `$context` (dsl.md §Data Flow); replayed tasks
        // restore the contexts they recorded.
        context.withLock { $0 = transformed }
        let result = try await runList(workflow.do, at: ["do"], input: transformed, frame: Frame(prefix: positionPrefix), globals: globals)
        var output = result.output
        if let outputAs = workflow.output?.as {
            let scope = self.scope(globals: globals, instance: "/output/as", available: [.context, .secrets, .workflow, .runtime])
            output = try scope.evaluate(outputAs, on: output)
        }
        try validate(output, against: workflow.output?.schema, what: "the workflow output", instance: "/output")
        return output
    }

    private func finish(_ outcome: RunOutcome, redactor: SecretRedactor) async -> RunOutcome {
        let now = environment.clock.now()
        let redacted: RunOutcome = if case .faulted(let fault) = outcome { .faulted(redactor.redact(fault)) } else { outcome }
        if isNested { return redacted }
        let event: RunEvent
        switch redacted {
        case .completed(let output): event = RunEvent(kind: .runCompleted, at: now, output: output)
        case .faulted(let fault): event = RunEvent(kind: .runFaulted, at: now, error: fault)
        case .cancelled: event = RunEvent(kind: .runCancelled, at: now)
        case .interrupted: return redacted
        }
        do {
            try await record(event)
            return redacted
        } catch {
            return .interrupted("\(error.underlying)")
        }
    }

    /// Hands an event to the observer; what it throws interrupts the run.
    func record(_ event: RunEvent) async throws(RunInterruption) {
        guard let observer else { return }
        do {
            try await observer.record(event)
        } catch {
            throw RunInterruption(underlying: error)
        }
    }

    /// Sleeps until `deadline` as a wait the observer is told about (a `wait` task, a retry's
    /// back-off), rather than the silent sleep of a timeout.
    func waitObserved(_ reason: RunWait.Reason, at position: String, until deadline: Date) async throws {
        let wait = RunWait(reason: reason, position: position, until: deadline)
        try await observing(wait) { try await self.sleep(until: deadline) }
    }

    /// Runs `body` as a wait the observer is told about.
    func observing<T>(_ wait: RunWait, _ body: () async throws -> T) async throws -> T {
        guard let observer else { return try await body() }
        do {
            try await observer.waitBegins(wait)
        } catch {
            throw RunInterruption(underlying: error)
        }
        do {
            let result = try await body()
            await observer.waitEnds(wait)
            return result
        } catch {
            await observer.waitEnds(wait)
            throw error
        }
    }

    // MARK: - Expression scopes

    /// A scope with the run's arguments of `available` bound, plus the given task-specific ones.
    func scope(
        globals: Globals, instance: String, available: ExpressionArguments.Names, input: JSONValue? = nil, output: JSONValue? = nil,
        task: JSONValue? = nil, authorization: JSONValue? = nil, variables: [String: JSONValue] = [:]
    ) -> ExpressionScope {
        var arguments = ExpressionArguments(variables: variables)
        if available.contains(.context) { arguments.context = context.withLock { $0 } }
        if available.contains(.secrets) { arguments.secrets = globals.secrets }
        if available.contains(.workflow) { arguments.workflow = globals.workflowDescriptor }
        if available.contains(.runtime) { arguments.runtime = runtimeDescriptor }
        if available.contains(.input) { arguments.input = input }
        if available.contains(.output) { arguments.output = output }
        if available.contains(.task) { arguments.task = task }
        if available.contains(.authorization) { arguments.authorization = authorization }
        return ExpressionScope(evaluator: environment.evaluator, mode: mode, arguments: arguments, instance: instance)
    }

    // MARK: - Schemas

    /// Compiled schemas of the workflow's `schema` definitions, by their JSON text.
    private static let schemaCache = Mutex<[String: JSONSchema]>([:])

    /// Validates a value against an inline JSON Schema (`format: json`, the default). A failure
    /// is a validation error (400) listing what is wrong.
    func validate(_ value: JSONValue, against definition: SchemaDefinition?, what: String, instance: String) throws(WorkflowFault) {
        guard let definition else { return }
        let format = definition.format ?? "json"
        guard format == "json" || format.hasPrefix("json:") else {
            throw .configuration("\(what) has a schema in the format `\(format)`; Baton validates `json` (JSON Schema) only", instance: instance)
        }
        guard case .document(let document) = definition.source else {
            throw .configuration("\(what) refers to an external schema resource; Baton validates inline schemas (`document`) only for now", instance: instance)
        }
        let schema = try Self.compiled(document, instance: instance)
        let errors = schema.validate(value)
        guard !errors.isEmpty else { return }
        let problems = errors.prefix(5).map { $0.instancePath.isRoot ? $0.message : "\($0.instancePath): \($0.message)" }
        throw .validation("\(what) does not match its schema: \(problems.joined(separator: "; "))", instance: instance)
    }

    private static func compiled(_ document: JSONValue, instance: String) throws(WorkflowFault) -> JSONSchema {
        let key = document.jsonText()
        if let schema = schemaCache.withLock({ $0[key] }) { return schema }
        do {
            let schema = try JSONSchema(document)
            schemaCache.withLock { cache in
                if cache.count > 256 { cache.removeAll() }
                cache[key] = schema
            }
            return schema
        } catch {
            throw .configuration("the schema is not a usable JSON Schema: \(error)", instance: instance)
        }
    }

    // MARK: - Timeouts

    /// Runs `body`, failing with a timeout error (408) when `timeout` has passed since `start`;
    /// the body is cancelled then (its processes and requests stop).
    func withTimeout<T: Sendable>(
        _ timeout: TimeoutReference?, what: String, instance: String, since start: Date, globals: Globals, input: JSONValue = .null,
        _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        guard let timeout else { return try await body() }
        let definition: TimeoutDefinition
        switch timeout {
        case .definition(let inline): definition = inline
        case .reference(let name):
            guard let declared = workflow.use?.timeouts?[name] else {
                throw WorkflowFault.configuration("no timeout named `\(name)` is declared under `use.timeouts`", instance: instance)
            }
            definition = declared
        }
        let scope = self.scope(globals: globals, instance: instance, available: [.context, .secrets, .workflow, .runtime])
        let duration = try self.duration(definition.after, scope: scope, input: input, what: "the timeout")
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await self.sleep(until: start.addingTimeInterval(duration.timeInterval))
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else {
                throw WorkflowFault.timeout("\(what) did not finish within \(definition.after.documentValue.stringValue ?? "\(duration)")", instance: instance)
            }
            return value
        }
    }

    /// Sleeps until `deadline` on the run's clock (at once when it has passed): waits, back-off
    /// and timeouts count from when they first started, so a resumed run does not wait again in full.
    func sleep(until deadline: Date) async throws {
        let remaining = deadline.timeIntervalSince(environment.clock.now())
        if remaining > 0 { try await environment.clock.sleep(for: .milliseconds(Int64((remaining * 1000).rounded(.up)))) }
    }

    /// The length of a `duration` value, evaluating an expression form.
    func duration(_ value: WorkflowDuration, scope: ExpressionScope, input: JSONValue, what: String) throws(WorkflowFault) -> Duration {
        if let duration = value.duration { return duration }
        if case .expression(let expression) = value {
            let result = try scope.evaluate(expression, on: input)
            if let text = result.stringValue, let duration = Duration(iso8601: text) { return duration }
            if let seconds = result.doubleValue { return .milliseconds(Int64(seconds * 1000)) }
            throw .expression("\(what) `\(expression.text)` must give an ISO 8601 duration such as PT5S, but gave \(result.jsonText())", instance: scope.instance)
        }
        throw .configuration("\(what) `\(value.documentValue.jsonText())` has no fixed length (years and months vary); use days or smaller units", instance: scope.instance)
    }
}

/// What an earlier attempt of a run recorded, indexed for replay: the tasks it completed, when
/// each task and each retry delay first started, and when the run started.
struct RunHistory: Sendable {
    var completed: [String: RunEvent] = [:]
    /// The order in which the tasks completed, by position.
    var completionOrder: [String: Int] = [:]
    var firstStarted: [String: Date] = [:]
    /// When the delay before attempt N of a retried task started, by `position@N`.
    var retryDelays: [String: Date] = [:]
    /// The last attempt a retried task had begun, by position.
    var lastAttempts: [String: Int] = [:]
    var runStartedAt: Date?
    /// Where in the event stream each listen task that had started consumes from.
    var eventsAfter: [String: UInt64] = [:]

    init(_ events: [RunEvent] = []) {
        for event in events {
            switch event.kind {
            case .runStarted:
                if runStartedAt == nil { runStartedAt = event.at }
            case .taskCompleted:
                if let position = event.position {
                    completed[position] = event
                    completionOrder[position] = completionOrder.count
                }
            case .taskStarted:
                if let position = event.position {
                    if firstStarted[position] == nil { firstStarted[position] = event.at }
                    if eventsAfter[position] == nil, let after = event.eventsAfter { eventsAfter[position] = after }
                }
            case .taskRetrying:
                if let position = event.position, let attempt = event.attempt {
                    retryDelays["\(position)@\(attempt)"] = retryDelays["\(position)@\(attempt)"] ?? event.at
                    lastAttempts[position] = max(lastAttempts[position] ?? 1, attempt)
                }
            default:
                break
            }
        }
    }
}

/// Where a task runs inside the run: the iterations of the loops, the attempts of the retried
/// `try`s and the repeated visits (a `then` that jumps back) around it, and the variables they
/// bring into scope.
struct Frame: Sendable {
    /// Where positions start: empty, or `<position of a calling task>>` inside a function or a
    /// sub-workflow.
    var prefix = ""
    /// One segment per enclosing repetition: `3` for a loop's fourth iteration, `a2` for a
    /// retry's second attempt, `v2` for a list's second visit of a task.
    var segments: [String] = []
    var variables: [String: JSONValue] = [:]
    /// The attempt of the innermost retried `try` (1 when none).
    var attempt = 1
    /// Inside a fork, for the listen task that is itself a branch: how many events the bus had
    /// published when the fork started, so that it also sees what the other branches emitted
    /// before it listened.
    var eventsSince: UInt64?

    func entering(_ segment: String, variables added: [String: JSONValue] = [:], attempt: Int? = nil) -> Frame {
        var copy = self
        copy.segments.append(segment)
        copy.variables.merge(added) { _, new in new }
        if let attempt { copy.attempt = attempt }
        copy.eventsSince = nil
        return copy
    }

    /// The task's position: unique in the run, the same on every replay of the run.
    func position(of reference: String) -> String {
        prefix + (segments.isEmpty ? reference : reference + "#" + segments.joined(separator: "."))
    }
}
