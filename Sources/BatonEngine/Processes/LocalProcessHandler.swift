import BatonWorkflow

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs `run: shell`, `run: script` and `run: container` tasks as local processes
/// (dsl-reference.md §Run).
///
/// - **shell**: `/bin/sh -c <command> sh <arguments...>`: the arguments are the command's
///   positional parameters `$1`, `$2`..., as in the specification's example.
/// - **script**: `js` with `node`, `python` with `python3` (see `ScriptLanguage`); inline `code`,
///   or `source` as a `file://` URI or a path. Fetching over http(s) is not supported.
/// - **container**: `docker run` or `podman run`, whichever works (see `ContainerRuntime` and
///   `ContainerCommandLine`).
///
/// `command`, `arguments`, `environment` values, `stdin`, and a container's `image`, `name`,
/// `ports` and `volumes` may be `${ }` expressions, evaluated on the task's input. A `stdin` that
/// gives something other than a string is written as JSON; the process reads it from an
/// unlinked temporary file (see `StandardInputFile`). The environment is described in
/// `ProcessEnvironment`: a few inherited variables, the task's, and the `BATON_` variables.
///
/// The container engine is probed once per handler (`docker info`, then `podman info`) and the
/// answer kept: an engine started later is seen after Baton restarts.
///
/// **Output**: `return` is `stdout` (the default), `stderr`, `code`, `all` (`{ code, stdout,
/// stderr }`) or `none` (null). Text is decoded as UTF-8 and one trailing line break (`\n` or
/// `\r\n`) is removed, so that `echo hello` gives `"hello"`; anything else, leading and inner
/// whitespace included, is kept. Output that is JSON stays a string: parse it with `fromjson`
/// in `output.as` if you want the value. Each stream is bounded by
/// `ExecutionLimits.maximumOutputBytes`; past it the process group is stopped and the task fails.
///
/// **Exit codes**: a non-zero exit is a runtime error (status 500) whose detail names the exit
/// code (or the signal) and quotes the last lines of standard error, unless `return` is `code`
/// or `all`, which report the code as data.
///
/// **`await: false`**: the process is started in the background and the task returns its input
/// at once. The process is detached: it is not stopped when the task or the run ends, its output
/// goes to `/dev/null`, and its exit code is not observed.
///
/// **Cancellation**: cancelling the Swift task (a timeout, a cancelled run) sends `SIGTERM` to the
/// process's group (each process has its own), `SIGKILL` after `Configuration.gracePeriod`, and
/// reaps it; the task then fails with a runtime error. A container, which lives in the engine and
/// not in the client's process group, is then killed with `docker kill <name>` (removed too when
/// its cleanup is `always`, through `--rm`); so is one whose output went past the limit.
public struct LocalProcessHandler: ProcessHandler {
    /// Settings of the handler, all defaulted.
    public struct Configuration: Sendable {
        /// Time between `SIGTERM` and `SIGKILL` when a process is stopped. Default: 2 s.
        public var gracePeriod: Duration
        /// Variables of Baton's environment a process inherits (see `ProcessEnvironment`).
        /// Default: `defaultInheritedEnvironment`.
        public var inheritedEnvironment: [String]
        /// `PATH`, `HOME`, `USER`, `LOGNAME`, `SHELL`, `LANG`, `LC_ALL`, `LC_CTYPE`, `TZ`, `TMPDIR`.
        public static let defaultInheritedEnvironment = ProcessEnvironment.inheritedNames
        /// The container engines tried, in order. Default: `docker`, then `podman`.
        public var containerRuntimes: [String]
        /// How long `docker info` / `podman info` may take when the engine is probed.
        public var containerProbeTimeout: Duration

        /// Settings with the defaults above, overriding those given.
        public init(
            gracePeriod: Duration = .seconds(2), inheritedEnvironment: [String] = Configuration.defaultInheritedEnvironment,
            containerRuntimes: [String] = ["docker", "podman"], containerProbeTimeout: Duration = .seconds(10)
        ) {
            self.gracePeriod = gracePeriod
            self.inheritedEnvironment = inheritedEnvironment
            self.containerRuntimes = containerRuntimes
            self.containerProbeTimeout = containerProbeTimeout
        }
    }

    /// The settings the handler was made with.
    public let configuration: Configuration
    let runner: ProcessRunner
    let baseEnvironment: [String: String]
    let containerClientEnvironment: [String: String]
    let containerRuntime: ContainerRuntime
    private let interpreters: InterpreterCache

    /// A handler; it reads the inherited part of the environment now, once.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        runner = ProcessRunner(gracePeriod: configuration.gracePeriod)
        baseEnvironment = ProcessEnvironment.inherited(configuration.inheritedEnvironment)
        containerClientEnvironment = ProcessEnvironment.inherited(ProcessEnvironment.containerClientNames)
        containerRuntime = ContainerRuntime(candidates: configuration.containerRuntimes, probeTimeout: configuration.containerProbeTimeout)
        interpreters = InterpreterCache()
    }

    /// Runs the task's process and returns what `return` asks for.
    /// - Throws: a `WorkflowFault`: an expression error when an expression fails; a
    ///   configuration error when the interpreter or container engine is missing, a script file
    ///   cannot be read, or the process is a workflow (the executor's own); a runtime error for a
    ///   non-zero exit (unless `return` is `code` or `all`), output past the limit, or
    ///   cancellation.
    public func run(_ task: RunTask, context: TaskContext) async throws(WorkflowFault) -> JSONValue {
        let prepared: PreparedProcess
        if case .container(let container) = task.process {
            prepared = try await prepare(container, context: context)
        } else {
            prepared = try prepare(task.process, context: context)
        }
        if !task.awaitsCompletion {
            do {
                try await runner.detach(prepared.launch)
            } catch {
                throw fault(error, program: prepared.description, context: context)
            }
            return context.input
        }
        let outcome: ProcessOutcome
        do {
            outcome = try await runner.run(prepared.launch, outputLimit: context.limits.maximumOutputBytes)
        } catch {
            if let stop = prepared.stopOnFailure {
                await runner.runToCompletion(stop, timeout: configuration.containerProbeTimeout)
            }
            throw fault(error, program: prepared.description, context: context)
        }
        return try result(of: outcome, returning: task.return ?? .stdout, program: prepared.description, context: context)
    }
}

extension LocalProcessHandler {
    /// A process ready to start, how messages name it, and what stops what it started when the
    /// run is cancelled or fails (a container outlives its `docker run` client).
    struct PreparedProcess: Sendable {
        var launch: ProcessLaunch
        var description: String
        var stopOnFailure: ProcessLaunch? = nil
    }

    func prepare(_ process: RunTask.Process, context: TaskContext) throws(WorkflowFault) -> PreparedProcess {
        switch process {
        case .shell(let shell):
            return try prepare(shell, context: context)
        case .script(let script):
            return try prepare(script, context: context)
        case .container:
            throw .configuration("run: container needs its engine probed first; this is a bug in Baton", instance: context.reference)
        case .workflow:
            throw .configuration("run: workflow is run by the workflow executor, not by a process handler", instance: context.reference)
        }
    }

    func prepare(_ shell: ShellProcess, context: TaskContext) throws(WorkflowFault) -> PreparedProcess {
        let command = try context.scope.string(shell.command, on: context.input, describing: "the shell command")
        let arguments = try evaluate(arguments: shell.arguments, context: context)
        let launch = ProcessLaunch(
            executable: "/bin/sh", arguments: ["-c", command, "sh"] + arguments,
            environment: try environment(shell.environment, context: context),
            standardInput: try standardInput(shell.stdin, context: context)
        )
        return PreparedProcess(launch: launch, description: "the shell command")
    }

    func prepare(_ script: ScriptProcess, context: TaskContext) throws(WorkflowFault) -> PreparedProcess {
        guard let language = ScriptLanguage(rawValue: script.language) else {
            let known = ScriptLanguage.allCases.map { "`\($0.rawValue)`" }.joined(separator: ", ")
            throw .configuration("run: script does not support the language `\(script.language)`; use one of \(known)", instance: context.reference)
        }
        let environment = try environment(script.environment, context: context)
        guard let interpreter = interpreters.find(language.interpreter, path: environment["PATH"] ?? ProcessEnvironment.defaultPath) else {
            throw .configuration(
                "run: script in \(language.rawValue) needs `\(language.interpreter)`, which is not on the PATH; \(language.installHint)",
                instance: context.reference)
        }
        let arguments = try evaluate(arguments: script.arguments, context: context)
        let interpreterArguments: [String]
        switch script.source {
        case .code(let code):
            interpreterArguments = language.arguments(code: code, scriptArguments: arguments)
        case .resource(let resource):
            interpreterArguments = language.arguments(file: try scriptFile(resource, context: context), scriptArguments: arguments)
        }
        let launch = ProcessLaunch(
            executable: interpreter, arguments: interpreterArguments, environment: environment,
            standardInput: try standardInput(script.stdin, context: context)
        )
        return PreparedProcess(launch: launch, description: "the \(language.rawValue) script")
    }

    /// The local path of a script's `source`: a `file://` URI or a path.
    func scriptFile(_ resource: ExternalResource, context: TaskContext) throws(WorkflowFault) -> String {
        let uri: String
        switch resource.endpoint.uri {
        case .value(let template): uri = template.text
        case .expression(let expression):
            uri = try context.scope.string(expression.text, on: context.input, describing: "the script source")
        }
        let lowercased = uri.lowercased()
        if lowercased.hasPrefix("http://") || lowercased.hasPrefix("https://") {
            throw .configuration(
                "run: script cannot fetch its source from \(uri) yet; download the file and give its path, or put the code inline with `code`",
                instance: context.reference)
        }
        var path = uri
        if lowercased.hasPrefix("file://") {
            path = String(uri.dropFirst("file://".count))
            // file://localhost/path and file:///path both name /path.
            if path.lowercased().hasPrefix("localhost/") { path = String(path.dropFirst("localhost".count)) }
            path = Self.percentDecoded(path)
        } else if lowercased.contains("://") {
            throw .configuration("run: script source \(uri) has a scheme Baton cannot read; give a file:// URI or a path", instance: context.reference)
        }
        guard access(path, R_OK) == 0 else {
            throw .configuration("run: script source \(uri) cannot be read: \(String(cString: strerror(errno)))", instance: context.reference)
        }
        return path
    }

    func evaluate(arguments: [String]?, context: TaskContext) throws(WorkflowFault) -> [String] {
        guard let arguments else { return [] }
        var result: [String] = []
        result.reserveCapacity(arguments.count)
        for argument in arguments {
            result.append(try context.scope.string(argument, on: context.input, describing: "the argument"))
        }
        return result
    }

    /// The process's environment: inherited variables, the task's, then Baton's.
    func environment(_ variables: [String: JSONValue]?, context: TaskContext, base: [String: String]? = nil) throws(WorkflowFault) -> [String: String] {
        var result = base ?? baseEnvironment
        for (name, value) in try evaluate(variables: variables, context: context) { result[name] = value }
        for (name, value) in ProcessEnvironment.batonVariables(of: context) { result[name] = value }
        return result
    }

    /// The task's `environment` with its expressions evaluated; a null value leaves the variable
    /// unset, a non-string is written as JSON.
    func evaluate(variables: [String: JSONValue]?, context: TaskContext) throws(WorkflowFault) -> [String: String] {
        guard let variables, !variables.isEmpty else { return [:] }
        var result: [String: String] = [:]
        for (name, template) in variables {
            guard !name.isEmpty, !name.contains("="), !name.utf8.contains(0) else {
                throw .configuration("the environment variable name `\(name)` is not valid", instance: context.reference)
            }
            switch try context.scope.evaluate(template: template, on: context.input) {
            case .null: continue
            case .string(let text): result[name] = text
            case let other: result[name] = other.jsonText()
            }
        }
        return result
    }

    func standardInput(_ stdin: String?, context: TaskContext) throws(WorkflowFault) -> [UInt8]? {
        guard let stdin else { return nil }
        switch try context.scope.evaluate(template: .string(stdin), on: context.input) {
        case .string(let text): return Array(text.utf8)
        case let other: return Array(other.jsonText().utf8)
        }
    }

    static func percentDecoded(_ text: String) -> String {
        guard text.contains("%") else { return text }
        var bytes: [UInt8] = []
        var utf8 = text.utf8.makeIterator()
        while let byte = utf8.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            let digits = [utf8.next(), utf8.next()].compactMap { $0 }
            if digits.count == 2, let value = UInt8(String(decoding: digits, as: UTF8.self), radix: 16) {
                bytes.append(value)
            } else {
                bytes.append(byte)
                bytes.append(contentsOf: digits)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
