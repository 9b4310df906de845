import BatonWorkflow
import Foundation
import Synchronization

/// What running a task or a list of tasks gives: the (transformed) output, and where the flow goes.
struct StepResult: Sendable {
    var output: JSONValue
    var next: FlowDirective
}

extension Run {
    /// Runs a list of tasks in order, following `then` directives. Returns the last output and,
    /// as `next`, `.end` when a task ended the workflow, `.continue` otherwise (an `exit` leaves
    /// the list).
    func runList(_ list: TaskList, at listPath: DocumentPath, input: JSONValue, frame: Frame, globals: Globals) async throws -> StepResult {
        var listFrame = frame
        listFrame.eventsSince = nil
        var index = 0
        var current = input
        // A `then` that jumps back visits a task again; each visit is a position of its own.
        var visits = [Int](repeating: 0, count: list.items.count)
        while index < list.items.count {
            try Task.checkCancellation()
            let item = list.items[index]
            visits[index] += 1
            let taskFrame = visits[index] == 1 ? listFrame : listFrame.entering("v\(visits[index])")
            let result = try await runTask(item.name, item.task, at: listPath.appending(index).appending(item.name), input: current, frame: taskFrame, globals: globals)
            current = result.output
            switch result.next {
            case .continue:
                index += 1
            case .exit:
                return StepResult(output: current, next: .continue)
            case .end:
                return StepResult(output: current, next: .end)
            case .task(let name):
                guard let target = list.item(named: name) else {
                    throw WorkflowFault.configuration("`then: \(name)` names no task of this list", instance: listPath.appending(index).appending(item.name).jsonPointer)
                }
                index = target.index
            }
        }
        return StepResult(output: current, next: .continue)
    }

    /// Runs one task through the data flow of dsl.md: `if`, input schema and `input.from`, the
    /// task itself (under its timeout), `output.as` and output schema, `export.as` and export
    /// schema. Each step is recorded; a task an earlier attempt completed is replayed from its record.
    func runTask(_ name: String, _ task: WorkflowTask, at path: DocumentPath, input: JSONValue, frame: Frame, globals: Globals) async throws -> StepResult {
        let reference = path.jsonPointer
        let position = frame.position(of: reference)
        if let record = history.completed[position] {
            return replay(record)
        }
        // A task an interrupted attempt had started keeps its first start time: its wait and
        // timeout count from then, and `$task.startedAt` stays the same.
        let startedAt = history.firstStarted[position] ?? environment.clock.now()
        let descriptor = { @Sendable (output: JSONValue?) in
            RuntimeDescriptors.task(
                name: name, reference: path, definition: self.definition[path] ?? .null, input: input, output: output, startedAt: startedAt)
        }
        var event = RunEvent(kind: .taskStarted, at: startedAt, name: name, reference: reference, position: position)

        if let condition = task.base.if {
            let scope = self.scope(globals: globals, instance: reference, available: [.context, .secrets, .task, .workflow, .runtime], task: descriptor(nil), variables: frame.variables)
            guard try scope.condition(condition, on: input) else {
                event.kind = .taskSkipped
                try await record(event)
                return StepResult(output: input, next: .continue)
            }
        }
        // A listen consumes the events that arrive after it first started, also when resumed; a
        // fork's branches see the events from the fork's first start (a branch that listens
        // after a resume has not missed what another branch emitted before it).
        var taskFrame = frame
        if task.kind.readsEvents {
            let after: UInt64
            if let recorded = history.eventsAfter[position] {
                after = recorded
            } else if let since = frame.eventsSince {
                after = since
            } else {
                after = await environment.events.publishedCount()
            }
            event.eventsAfter = after
            taskFrame.eventsSince = after
        }
        try await record(event)
        event.eventsAfter = nil

        do {
            let result = try await perform(task, name: name, at: path, input: input, frame: taskFrame, globals: globals, startedAt: startedAt, descriptor: descriptor)
            event.kind = .taskCompleted
            event.at = environment.clock.now()
            event.output = result.output
            // The context as it is now: replaying this task restores it, with what any task
            // inside it exported.
            event.context = context.withLock { $0 }
            event.next = result.next.text
            try await record(event)
            return result
        } catch let fault as WorkflowFault where !Task.isCancelled {
            let located = fault.at(reference)
            event.kind = .taskFaulted
            event.at = environment.clock.now()
            event.error = globals.redactor.redact(located)
            try await record(event)
            throw located
        } catch let interruption as RunInterruption {
            // The run stops where it is; the task neither finished nor was cancelled.
            throw interruption
        } catch {
            // A handler may report its cancellation as a fault; it is a cancellation all the same.
            event.kind = .taskCancelled
            event.at = environment.clock.now()
            try await record(event)
            throw error is WorkflowFault ? CancellationError() : error
        }
    }

    private func perform(
        _ task: WorkflowTask, name: String, at path: DocumentPath, input: JSONValue, frame: Frame, globals: Globals, startedAt: Date,
        descriptor: @escaping @Sendable (JSONValue?) -> JSONValue
    ) async throws -> StepResult {
        let reference = path.jsonPointer
        try validate(input, against: task.base.input?.schema, what: "the input of `\(name)`", instance: reference)
        var transformed = input
        if let from = task.base.input?.from {
            let scope = self.scope(globals: globals, instance: reference, available: [.context, .secrets, .task, .workflow, .runtime], task: descriptor(nil), variables: frame.variables)
            transformed = try scope.evaluate(from, on: input)
        }
        var taskScope = self.scope(
            globals: globals, instance: reference, available: [.context, .input, .secrets, .task, .workflow, .runtime, .authorization],
            input: transformed, task: descriptor(nil), variables: frame.variables)
        let authorization = try authorizationPolicy(of: task).map { policy throws(WorkflowFault) in
            try authorizationDescriptor(policy, context: taskContext(name: name, at: path, input: transformed, scope: taskScope, frame: frame, globals: globals))
        }
        taskScope.arguments.authorization = authorization
        let definitionScope = taskScope
        let taskInput = transformed
        let raw = try await withTimeout(task.base.timeout, what: "task `\(name)`", instance: reference, since: startedAt, globals: globals, input: taskInput) {
            try await self.execute(task, name: name, at: path, input: taskInput, scope: definitionScope, frame: frame, globals: globals, startedAt: startedAt)
        }

        var output = raw.output
        if let outputAs = task.base.output?.as {
            let scope = self.scope(
                globals: globals, instance: reference, available: [.context, .input, .secrets, .task, .workflow, .runtime, .authorization],
                input: transformed, task: descriptor(raw.output), authorization: authorization, variables: frame.variables)
            output = try scope.evaluate(outputAs, on: raw.output)
        }
        try validate(output, against: task.base.output?.schema, what: "the output of `\(name)`", instance: reference)

        if let export = task.base.export {
            if let exportAs = export.as {
                let scope = self.scope(
                    globals: globals, instance: reference, available: ExpressionArguments.Names.all.subtracting([.variables, .context]), input: transformed,
                    output: output, task: descriptor(raw.output), authorization: authorization, variables: frame.variables)
                try exportContext(exportAs, scope: scope, on: output, schema: export.schema, what: "the context exported by `\(name)`")
            } else {
                try validate(context.withLock { $0 }, against: export.schema, what: "the context exported by `\(name)`", instance: reference)
            }
        }
        // A composite task that ended the workflow ends it whatever its own `then` says.
        let next = raw.next == .end ? .end : (raw.next ?? task.base.then ?? .continue)
        return StepResult(output: output, next: next)
    }
}

extension Run {
    /// The authentication policy of a call, when it names one.
    func authorizationPolicy(of task: WorkflowTask) -> ReferenceableAuthenticationPolicy? {
        switch task.kind {
        case .call(.http(let arguments)): arguments.endpoint.authentication
        case .call(.openapi(let arguments)): arguments.authentication
        default: nil
        }
    }

    /// `$authorization` (dsl.md §Authorization Descriptor) of a call whose endpoint names an
    /// authentication policy: the scheme and parameter of the `Authorization` header it sends.
    func authorizationDescriptor(_ policy: ReferenceableAuthenticationPolicy, context: TaskContext) throws(WorkflowFault) -> JSONValue {
        let header = try CallCredentials.resolve(policy, context: context).authorization
        let parts = header.split(separator: " ", maxSplits: 1)
        return RuntimeDescriptors.authorization(scheme: String(parts.first ?? ""), parameter: parts.count > 1 ? String(parts[1]) : "")
    }
}

extension Run {
    /// The result of a task an earlier attempt completed, from its record: its output and flow
    /// directive, with the context as it was after it restored.
    func replay(_ record: RunEvent) -> StepResult {
        if let exported = record.context { context.withLock { $0 = exported } }
        return StepResult(output: record.output ?? .null, next: FlowDirective(record.next ?? "continue"))
    }

    /// Replaces the context with `exportAs` evaluated on `value`, reading, transforming and
    /// replacing it in one step so that concurrent fork branches cannot lose each other's exports.
    /// `scope` gets the current context as `$context`.
    func exportContext(
        _ exportAs: ExpressionTemplate, scope: ExpressionScope, on value: JSONValue, schema: SchemaDefinition? = nil, what: String
    ) throws(WorkflowFault) {
        var scope = scope
        try context.withLock { (current: inout JSONValue) throws(WorkflowFault) in
            scope.arguments.context = current
            let exported = try scope.evaluate(exportAs, on: value)
            try validate(exported, against: schema, what: what, instance: scope.instance ?? rootInstance)
            current = exported
        }
    }
}

/// What a task kind produced: its raw output and, when the kind decides the flow itself (a
/// `switch`, a caught error's `then`, a nested `end`), where to go.
struct KindResult: Sendable {
    var output: JSONValue
    var next: FlowDirective?

    init(_ output: JSONValue, next: FlowDirective? = nil) {
        self.output = output
        self.next = next
    }
}

extension WorkflowTask.Kind {
    /// Whether the task reads the event stream from a point it must keep across a resume.
    var readsEvents: Bool {
        switch self {
        case .listen, .fork: true
        default: false
        }
    }
}
