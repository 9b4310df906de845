import ArgumentParser
import BatonEngine
import BatonWorkflow
import Dispatch
import Foundation

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a workflow here, in this process, and print its output.",
        discussion: """
            The document is validated first (as by `baton validate`), then run to its end. Its \
            output goes to standard output; when it faults, the error document (RFC 7807: type, \
            status, title, detail, instance) goes to standard error.

            Secrets: a workflow's `use.secrets` are read from BATON_SECRET_<NAME> environment \
            variables and from --secrets-file (a YAML or JSON mapping), the file winning. Secret \
            values never appear in traces or errors.

            Exit status: 0 when the workflow completes, 1 when the document is invalid or the \
            workflow faults or is interrupted, 2 for a usage error.
            """
    )

    @Argument(help: "The workflow document.", completion: .file(extensions: ["yaml", "yml", "json"]))
    var file: String

    @Option(
        name: .long, help: ArgumentHelp("The workflow input: JSON text, @FILE for a JSON or YAML file, @- for standard input.", valueName: "json|@file"),
        transform: RunCommand.readInput)
    var input: JSONValue?

    @Flag(help: "Print each task event to standard error as it happens, one JSON object a line.")
    var trace = false

    @Option(help: "How to print the output: json or yaml.")
    var output: OutputFormat = .json

    @Option(help: ArgumentHelp("A YAML or JSON file of secrets (name: value).", valueName: "path"))
    var secretsFile: String?

    @Option(help: ArgumentHelp("The most bytes kept from a process's output or an HTTP response, in MB.", valueName: "MB"))
    var maxOutputSize: Int = 10

    @OptionGroup var options: DocumentOptions

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case json
        case yaml
    }

    func validate() throws {
        guard maxOutputSize > 0 else { throw ValidationError("--max-output-size must be at least 1 (MB)") }
    }

    func run() async throws {
        let workflowInput = input ?? [:]
        let report = try options.makeValidator().validate(fileAt: URL(fileURLWithPath: file), displayName: file)
        for diagnostic in report.diagnostics { printError(diagnostic.description) }
        guard report.isValid, let workflow = report.workflow else { throw ExitCode.failure }

        var secrets = SecretStore.fromEnvironment()
        if let secretsFile {
            do {
                secrets = secrets.merging(try SecretStore.fromFile(URL(fileURLWithPath: secretsFile), displayName: secretsFile))
            } catch {
                printError(error.description)
                throw ExitCode.failure
            }
        }
        let environment = ExecutionEnvironment.standard(secrets: secrets, limits: ExecutionLimits(maximumOutputBytes: maxOutputSize * 1_000_000))
        let observer: TraceObserver? = trace ? TraceObserver(redactor: SecretRedactor(.object(secrets.values))) : nil
        let outcome = await runCancellingOnInterrupt {
            await WorkflowExecutor(environment: environment).run(workflow, input: workflowInput, observer: observer)
        }
        switch outcome {
        case .completed(let value):
            print(output == .json ? value.jsonText(pretty: true) : value.yamlText(), terminator: output == .json ? "\n" : "")
        case .faulted(let fault):
            printError(fault.documentValue.jsonText(pretty: true))
            throw ExitCode.failure
        case .cancelled:
            printError("the run was interrupted; its processes were stopped")
            throw ExitCode.failure
        case .interrupted(let reason):
            // The trace observer never refuses an event; kept exhaustive for the day one does.
            printError("the run stopped before it finished: \(reason)")
            throw ExitCode.failure
        }
    }

    /// Reads `--input` once, while the arguments are parsed, so that a bad one is the usage error it is.
    static func readInput(_ argument: String) throws -> JSONValue {
        guard argument.hasPrefix("@") else {
            do {
                return try JSONValue(jsonText: argument, file: "--input")
            } catch {
                throw ValidationError("--input: \(error.message); pass JSON text, or @FILE to read a JSON or YAML file")
            }
        }
        let path = String(argument.dropFirst())
        do {
            if path == "-" {
                let data = FileHandle.standardInput.readDataToEndOfFile()
                return try DocumentLoader().load(data: data, file: "standard input").value
            }
            return try DocumentLoader().load(contentsOf: URL(fileURLWithPath: path), displayName: path).value
        } catch {
            throw ValidationError("--input \(argument): \(error.description)")
        }
    }

    /// Runs `body`, cancelling it when the user presses Ctrl-C (SIGINT) or the process gets
    /// SIGTERM, so that the run stops its processes before Baton exits.
    private func runCancellingOnInterrupt(_ body: @escaping @Sendable () async -> RunOutcome) async -> RunOutcome {
        // Watch the signals before the run starts anything: a Ctrl-C that came before the
        // watching task got to run would otherwise kill Baton and leave the run's processes behind.
        let watch = SignalWatch([SIGINT, SIGTERM])
        defer { watch.cancel() }
        return await withTaskGroup(of: RunOutcome?.self) { group in
            group.addTask { await body() }
            group.addTask {
                for await _ in watch.signals { return nil }
                return nil
            }
            defer { group.cancelAll() }
            while let result = await group.next() {
                if let outcome = result { return outcome }
                group.cancelAll()
            }
            return .cancelled
        }
    }
}

/// Turns signals into an async sequence. Dispatch sources may be cancelled from any thread.
private final class SignalWatch: @unchecked Sendable {
    // Why @unchecked Sendable is safe: `sources` is set once in init and never changed; a
    // DispatchSource's `cancel` is thread-safe.
    private let sources: [any DispatchSourceSignal]
    private let numbers: [Int32]
    let signals: AsyncStream<Int32>

    init(_ numbers: [Int32]) {
        self.numbers = numbers
        // The default action (terminate) must not run: the sources handle the signals.
        for number in numbers { signal(number, SIG_IGN) }
        let (stream, continuation) = AsyncStream<Int32>.makeStream()
        signals = stream
        sources = numbers.map { number in
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            return source
        }
    }

    /// Stops watching and gives the signals their default action back, so that a second
    /// Ctrl-C during a slow shutdown still ends Baton.
    func cancel() {
        sources.forEach { $0.cancel() }
        for number in numbers { signal(number, SIG_DFL) }
    }
}

/// Prints task events as JSON lines on standard error, with secret values redacted.
struct TraceObserver: RunObserver {
    let redactor: SecretRedactor

    func record(_ event: RunEvent) async {
        printError(redactor.redact(event.documentValue).jsonText())
    }
}
