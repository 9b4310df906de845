import BatonWorkflow

extension LocalProcessHandler {
    /// A container run through the working engine: its `run` command line, with the variables
    /// for the container in the client's environment.
    func prepare(_ container: ContainerProcess, context: TaskContext) async throws(WorkflowFault) -> PreparedProcess {
        let commandLine = try containerCommandLine(container, context: context)
        var clientEnvironment = baseEnvironment
        for (name, value) in containerClientEnvironment { clientEnvironment[name] = value }
        let environment = try environment(container.environment, context: context, base: clientEnvironment)
        let runtime: String
        do {
            runtime = try await containerRuntime.resolve(runner: runner, environment: clientEnvironment)
        } catch {
            throw error.at(context.reference)
        }
        let launch = ProcessLaunch(
            executable: runtime, arguments: commandLine.runArguments, environment: environment,
            standardInput: try standardInput(container.stdin, context: context)
        )
        let stop = ProcessLaunch(executable: runtime, arguments: ["kill", commandLine.name], environment: clientEnvironment)
        return PreparedProcess(launch: launch, description: "the container `\(commandLine.image)`", stopOnFailure: stop)
    }

    /// The command line of a container, its expressions evaluated. The variables passed into the
    /// container are the task's `environment` and the `BATON_` variables.
    func containerCommandLine(_ container: ContainerProcess, context: TaskContext) throws(WorkflowFault) -> ContainerCommandLine {
        let image = try context.scope.string(container.image, on: context.input, describing: "the container image")
        let name: String
        if let expression = container.name {
            name = try context.scope.string(expression, on: context.input, describing: "the container name")
        } else {
            name = ContainerCommandLine.defaultName(runID: context.runID, task: context.name, attempt: context.attempt)
        }
        let command = try container.command.map { (text) throws(WorkflowFault) in
            try context.scope.string(text, on: context.input, describing: "the container command")
        }
        let variables = try evaluate(variables: container.environment, context: context)
        return ContainerCommandLine(
            image: image, name: name, command: command,
            arguments: try evaluate(arguments: container.arguments, context: context),
            environmentNames: Array(variables.keys) + ProcessEnvironment.batonVariables(of: context).keys,
            ports: try mappings(container.ports, describing: "port", context: context),
            volumes: try mappings(container.volumes, describing: "volume", context: context),
            interactive: container.stdin != nil,
            pullPolicy: container.pullPolicy ?? .ifNotPresent,
            lifetime: container.lifetime,
            labels: [("baton.run", context.runID), ("baton.task", context.reference)]
        )
    }

    /// `ports` or `volumes`: host side (the key) to container side (the value), sorted by host
    /// side so that the command line is the same from run to run.
    private func mappings(_ map: [String: JSONValue]?, describing what: String, context: TaskContext) throws(WorkflowFault) -> [(host: String, container: String)] {
        guard let map else { return [] }
        var result: [(host: String, container: String)] = []
        for key in map.keys {
            let host = try context.scope.string(key, on: context.input, describing: "the \(what) mapping key")
            let value: String
            switch try context.scope.evaluate(template: map[key] ?? .null, on: context.input) {
            case .string(let text): value = text
            case .integer(let number): value = String(number)
            case let other:
                throw .configuration("the \(what) mapping `\(key)` must map to a string or a number, not \(other.typeNameWithArticle)", instance: context.reference)
            }
            result.append((host, value))
        }
        return result.sorted { $0.host < $1.host }
    }
}
