import BatonWorkflow
import Foundation
import Synchronization

extension Run {
    /// Runs the kind-specific part of a task on its transformed input and returns its raw output.
    func execute(
        _ task: WorkflowTask, name: String, at path: DocumentPath, input: JSONValue, scope: ExpressionScope, frame: Frame, globals: Globals,
        startedAt: Date
    ) async throws -> KindResult {
        switch task.kind {
        case .set(let set):
            return KindResult(try scope.evaluate(set.set, on: input))
        case .do(let doTask):
            let result = try await runList(doTask.do, at: path.appending("do"), input: input, frame: frame, globals: globals)
            return KindResult(result.output, next: result.next == .end ? .end : nil)
        case .for(let loop):
            return try await runLoop(loop, at: path, input: input, scope: scope, frame: frame, globals: globals)
        case .fork(let fork):
            return try await runFork(fork, at: path, input: input, frame: frame, globals: globals)
        case .switch(let switchTask):
            return KindResult(input, next: try choose(switchTask, input: input, scope: scope))
        case .try(let tryTask):
            return try await runTry(tryTask, at: path, input: input, scope: scope, frame: frame, globals: globals)
        case .raise(let raise):
            throw try fault(raising: raise.error, input: input, scope: scope, instance: path.jsonPointer)
        case .wait(let wait):
            let length = try duration(wait.wait, scope: scope, input: input, what: "the wait")
            try await waitObserved(.timer, at: frame.position(of: path.jsonPointer), until: startedAt.addingTimeInterval(length.timeInterval))
            return KindResult(input)
        case .emit(let emit):
            let document = workflow.document
            let event = try CloudEvent.evaluate(
                emit.event, scope: scope, input: input, clock: environment.clock,
                defaultSource: "/\(document.namespace)/\(document.name)/\(document.version)")
            try await environment.events.publish(event)
            // The task's raw output is the event as emitted (id, specversion, time, source...),
            // as the conformance kit's emit.feature expects.
            return KindResult(event)
        case .listen(let listen):
            return try await runListen(listen, at: path, input: input, scope: scope, frame: frame, globals: globals)
        case .call(let call):
            return KindResult(try await runCall(call, name: name, at: path, input: input, scope: scope, frame: frame, globals: globals))
        case .run(let run):
            return KindResult(try await runProcess(run, name: name, at: path, input: input, scope: scope, frame: frame, globals: globals))
        }
    }

    func taskContext(name: String, at path: DocumentPath, input: JSONValue, scope: ExpressionScope, frame: Frame, globals: Globals) -> TaskContext {
        TaskContext(
            runID: runID, name: name, reference: path.jsonPointer, attempt: frame.attempt, input: input, scope: scope,
            limits: environment.limits, secrets: globals.secrets, clock: environment.clock, authentications: workflow.use?.authentications ?? [:],
            position: frame.position(of: path.jsonPointer))
    }

    // MARK: - for

    /// Runs the loop body once per item, each iteration's input being the previous one's output
    /// (so a body can accumulate), with the item and index bound as `each` and `at`.
    private func runLoop(_ loop: ForTask, at path: DocumentPath, input: JSONValue, scope: ExpressionScope, frame: Frame, globals: Globals) async throws -> KindResult {
        let items: [JSONValue]
        switch loop.in {
        case .items(let inline):
            items = inline.map { .object($0) }
        case .expression(let expression):
            switch try scope.evaluate(expression, on: input) {
            case .array(let values): items = values
            case .object(let members): items = members.keys.sorted().map { members[$0]! }
            case .null: items = []
            case let other:
                throw WorkflowFault.expression("`for.in` must give a list to iterate over, but `\(expression.text)` gave \(other.typeNameWithArticle)", instance: path.jsonPointer)
            }
        }
        let itemName = loop.each ?? "item", indexName = loop.at ?? "index"
        var current = input
        for (index, item) in items.enumerated() {
            try Task.checkCancellation()
            let variables: [String: JSONValue] = [itemName: item, indexName: .integer(index)]
            if let condition = loop.while {
                let iterationScope = variables.reduce(scope) { $0.with(variable: $1.key, $1.value) }
                guard try iterationScope.condition(condition, on: current) else { break }
            }
            let result = try await runList(
                loop.do, at: path.appending("do"), input: current, frame: frame.entering(String(index), variables: variables), globals: globals)
            current = result.output
            if result.next == .end { return KindResult(current, next: .end) }
        }
        return KindResult(current)
    }

    // MARK: - fork

    /// Runs the branches concurrently on the same input. Without `compete` the output is the list
    /// of the branches' outputs, in branch order, and the first fault cancels the others; with
    /// `compete` the first branch to complete wins, its output is the task's, and the others are
    /// cancelled (a fault loses the race; if every branch faults, the first fault is the task's).
    private func runFork(_ fork: ForkTask, at path: DocumentPath, input: JSONValue, frame: Frame, globals: Globals) async throws -> KindResult {
        let branches = fork.branches.items
        let branchesPath = path.appending("fork").appending("branches")
        var branchFrame = frame
        if branchFrame.eventsSince == nil { branchFrame.eventsSince = await environment.events.publishedCount() }
        let frame = branchFrame
        if fork.compete == true {
            // A resumed run keeps the winner it had: the branch that completed first in the record.
            let recorded = branches.indices.compactMap { index -> (order: Int, event: RunEvent)? in
                let position = frame.position(of: branchesPath.appending(index).appending(branches[index].name).jsonPointer)
                guard let event = history.completed[position], let order = history.completionOrder[position] else { return nil }
                return (order, event)
            }
            if let winner = recorded.min(by: { $0.order < $1.order })?.event {
                let result = replay(winner)
                return KindResult(result.output, next: result.next == .end ? .end : nil)
            }
            return try await withThrowingTaskGroup(of: Result<StepResult, WorkflowFault>.self) { group in
                for (index, branch) in branches.enumerated() {
                    group.addTask {
                        do {
                            return .success(try await self.runTask(branch.name, branch.task, at: branchesPath.appending(index).appending(branch.name), input: input, frame: frame, globals: globals))
                        } catch let fault as WorkflowFault {
                            return .failure(fault)
                        }
                    }
                }
                defer { group.cancelAll() }
                var firstFault: WorkflowFault?
                while let finished = try await group.next() {
                    switch finished {
                    case .success(let winner): return KindResult(winner.output, next: winner.next == .end ? .end : nil)
                    case .failure(let fault): firstFault = firstFault ?? fault
                    }
                }
                // Every branch faulted: the first fault is the task's.
                throw firstFault ?? WorkflowFault.runtime("the competing fork has no branches", instance: path.jsonPointer)
            }
        }
        return try await withThrowingTaskGroup(of: (Int, StepResult).self) { group in
            for (index, branch) in branches.enumerated() {
                group.addTask {
                    (index, try await self.runTask(branch.name, branch.task, at: branchesPath.appending(index).appending(branch.name), input: input, frame: frame, globals: globals))
                }
            }
            var outputs = [JSONValue](repeating: .null, count: branches.count)
            var ended = false
            do {
                while let (index, result) = try await group.next() {
                    outputs[index] = result.output
                    ended = ended || result.next == .end
                }
            } catch {
                group.cancelAll()
                throw error
            }
            return KindResult(.array(outputs), next: ended ? .end : nil)
        }
    }

    // MARK: - switch

    /// The `then` of the first case whose `when` holds; the default case (no `when`) when none
    /// does; nil (the task's own `then`) when there is no default either.
    private func choose(_ switchTask: SwitchTask, input: JSONValue, scope: ExpressionScope) throws -> FlowDirective? {
        var fallback: FlowDirective?
        for named in switchTask.cases {
            guard let when = named.case.when else {
                if fallback == nil { fallback = named.case.then }
                continue
            }
            if try scope.condition(when, on: input) { return named.case.then }
        }
        return fallback
    }

    // MARK: - raise

    /// The error a `raise` task raises: inline or from `use.errors`, with expressions evaluated
    /// and the task as its instance unless the definition gives one.
    func fault(raising error: Referenceable<WorkflowError>, input: JSONValue, scope: ExpressionScope, instance: String) throws -> WorkflowFault {
        let definition: WorkflowError
        switch error {
        case .definition(let inline): definition = inline
        case .reference(let name):
            guard let declared = workflow.use?.errors?[name] else {
                throw WorkflowFault.configuration("no error named `\(name)` is declared under `use.errors`", instance: instance)
            }
            definition = declared
        }
        let evaluated = try scope.evaluate(template: definition.documentValue, on: input)
        guard var fault = WorkflowFault(document: evaluated) else {
            throw WorkflowFault.expression("the raised error must have a string `type` and an integer `status`; it evaluated to \(evaluated.jsonText())", instance: instance)
        }
        if fault.instance == nil { fault.instance = instance }
        return fault
    }

    // MARK: - emit and listen

    /// Waits for the events the strategy asks for. The output is the list of what was read of
    /// them (`read`: the event's `data` by default, the whole event with `envelope`). With
    /// `foreach`, each event runs its tasks (the event as their input, bound as `item`/`at`),
    /// `foreach.output.as` transforms each result and `foreach.export.as` updates the context;
    /// the output is the ordered list of the results.
    private func runListen(_ listen: ListenTask, at path: DocumentPath, input: JSONValue, scope: ExpressionScope, frame: Frame, globals: Globals) async throws -> KindResult {
        let wait = RunWait(reason: .events, position: frame.position(of: path.jsonPointer))
        let events = try await observing(wait) {
            if let since = frame.eventsSince {
                try await environment.events.consume(listen.to, scope: scope, after: since)
            } else {
                try await environment.events.consume(listen.to, scope: scope)
            }
        }
        let read = events.map { CloudEvent.read($0, as: listen.read ?? .data) }
        guard let iterator = listen.foreach else { return KindResult(.array(read)) }
        let itemName = iterator.item ?? "item", indexName = iterator.at ?? "index"
        var results: [JSONValue] = []
        for (index, item) in read.enumerated() {
            let variables: [String: JSONValue] = [itemName: item, indexName: .integer(index)]
            var result = item
            if let body = iterator.do {
                let step = try await runList(body, at: path.appending("foreach").appending("do"), input: item, frame: frame.entering(String(index), variables: variables), globals: globals)
                result = step.output
                if step.next == .end { return KindResult(.array(results + [result]), next: .end) }
            }
            let itemScope = variables.reduce(scope) { $0.with(variable: $1.key, $1.value) }
            if let outputAs = iterator.output?.as { result = try itemScope.evaluate(outputAs, on: result) }
            if let exportAs = iterator.export?.as {
                try exportContext(exportAs, scope: itemScope, on: result, what: "the context exported for event \(index)")
            }
            results.append(result)
        }
        return KindResult(.array(results))
    }
}
