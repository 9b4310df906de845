import BatonWorkflow

extension Run {
    /// `call`: a function of `use.functions` or of a catalog runs here; the protocols (`http`,
    /// `openapi`...) go to the environment's call handler.
    func runCall(_ call: CallTask, name: String, at path: DocumentPath, input: JSONValue, scope: ExpressionScope, frame: Frame, globals: Globals) async throws -> JSONValue {
        guard case .function(let functionCall) = call else {
            return try await environment.calls.call(call, context: taskContext(name: name, at: path, input: input, scope: scope, frame: frame, globals: globals))
        }
        // A function's input is its evaluated `with` arguments (the task's input when it has none).
        let arguments = try functionCall.with.map { try scope.evaluate(template: .object($0), on: input) } ?? input
        switch functionCall.function {
        case .named(let functionName):
            guard let function = workflow.use?.functions?[functionName] else {
                throw WorkflowFault.configuration(
                    "`call: \(functionName)` is neither a built-in call nor a function declared under `use.functions`", instance: path.jsonPointer)
            }
            return try await runFunction(function, name: functionName, at: ["use", "functions", .key(functionName)], arguments: arguments, frame: frame, globals: globals, caller: path)
        case .cataloged(let functionName, let version, let catalog):
            let resolved = try await environment.functions.resolve(name: functionName, version: version, catalog: catalog, declared: workflow.use?.catalogs?[catalog])
            switch resolved {
            case .task(let function):
                return try await runFunction(function, name: functionName, at: path.appending("call"), arguments: arguments, frame: frame, globals: globals, caller: path)
            case .native(let function):
                return try await function.invoke(arguments: arguments, context: taskContext(name: name, at: path, input: arguments, scope: scope, frame: frame, globals: globals))
            }
        case .uri(let uri):
            throw WorkflowFault.configuration("calling a function by URI (`\(uri)`) is not supported yet; declare it in a catalog and call it as name:version@catalog", instance: path.jsonPointer)
        }
    }

    /// Runs a function (a task definition) with `arguments` as its input. Its events carry the
    /// function's own path, and its position is nested under the calling task's so that two
    /// calls of one function are told apart.
    private func runFunction(
        _ function: WorkflowTask, name: String, at path: DocumentPath, arguments: JSONValue, frame: Frame, globals: Globals, caller: DocumentPath
    ) async throws -> JSONValue {
        let nested = Frame(prefix: frame.position(of: caller.jsonPointer) + ">", attempt: frame.attempt)
        return try await runTask(name, function, at: path, input: arguments, frame: nested, globals: globals).output
    }

    /// `run`: a sub-workflow runs here, processes go to the environment's process handler.
    func runProcess(_ run: RunTask, name: String, at path: DocumentPath, input: JSONValue, scope: ExpressionScope, frame: Frame, globals: Globals) async throws -> JSONValue {
        guard case .workflow(let process) = run.process else {
            return try await environment.processes.run(run, context: taskContext(name: name, at: path, input: input, scope: scope, frame: frame, globals: globals))
        }
        guard let child = await environment.workflows.workflow(namespace: process.namespace, name: process.name, version: process.version) else {
            throw WorkflowFault.configuration(
                "no workflow \(process.namespace)/\(process.name)@\(process.version) is known to Baton; add it before running this one", instance: path.jsonPointer)
        }
        guard run.awaitsCompletion else {
            throw WorkflowFault.configuration(
                "`run: workflow` with `await: false` needs a run of its own that outlives this task; it is not supported yet, so await the sub-workflow", instance: path.jsonPointer)
        }
        let childInput = try process.input.map { try scope.evaluate(template: .object($0), on: input) } ?? input
        let position = frame.position(of: path.jsonPointer)
        // The child's tasks replay from the parent's history (their positions are nested under
        // this task's); its own start is not the parent's.
        var childHistory = history
        childHistory.runStartedAt = nil
        let childRun = Run(
            workflow: child, environment: environment, runID: runID + position, observer: observer, history: childHistory,
            positionPrefix: position + ">", rootInstance: path.jsonPointer)
        switch await childRun.start(input: childInput) {
        case .completed(let output): return output
        case .faulted(let fault): throw fault
        case .cancelled: throw CancellationError()
        case .interrupted(let reason): throw RunInterruption(underlying: InterruptedSubWorkflow(reason: reason))
        }
    }
}

/// A sub-workflow's interruption, passed on to its parent.
struct InterruptedSubWorkflow: Error, CustomStringConvertible {
    let reason: String
    var description: String { reason }
}
