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

    @Option(name: .long, help: ArgumentHelp("The workflow input: JSON text, or @FILE for a JSON or YAML file.", valueName: "json|@file"))
    var input: String?

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
        // Read the input now, so that a bad one is reported as the usage error it is.
        _ = try readInput()
    }

    func run() async throws {
        let workflowInput = try readInput()
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
        }
    }

    private func readInput() throws -> JSONValue {
        guard let input else { return [:] }
        if input.hasPrefix("@") {
            let path = String(input.dropFirst())
            do {
                return try DocumentLoader().load(contentsOf: URL(fileURLWithPath: path), displayName: path).value
            } catch {
                throw ValidationError("--input \(input): \(error.description)")
            }
        }
        do {
            return try JSONValue(jsonText: input, file: "--input")
        } catch {
            throw ValidationError("--input: \(error.message); pass JSON text, or @FILE to read a JSON or YAML file")
        }
    }

    /// Runs `body`, cancelling it when the user presses Ctrl-C (SIGINT) or the process gets
    /// SIGTERM, so that the run stops its processes before Baton exits.
    private func runCancellingOnInterrupt(_ body: @escaping @Sendable () async -> RunOutcome) async -> RunOutcome {
        await withTaskGroup(of: RunOutcome?.self) { group in
            group.addTask { await body() }
            group.addTask {
                await Self.interrupted()
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

    /// Returns when SIGINT or SIGTERM arrives, or when the task is cancelled.
    private static func interrupted() async {
        let watch = SignalWatch([SIGINT, SIGTERM])
        defer { watch.cancel() }
        for await _ in watch.signals { return }
    }
}

/// Turns signals into an async sequence. Dispatch sources may be cancelled from any thread.
private final class SignalWatch: @unchecked Sendable {
    // Why @unchecked Sendable is safe: `sources` is set once in init and never changed; a
    // DispatchSource's `cancel` is thread-safe.
    private let sources: [any DispatchSourceSignal]
    let signals: AsyncStream<Int32>

    init(_ numbers: [Int32]) {
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

    func cancel() {
        sources.forEach { $0.cancel() }
    }
}

/// Prints task events as JSON lines on standard error, with secret values redacted.
struct TraceObserver: RunObserver {
    let redactor: SecretRedactor

    func record(_ event: RunEvent) async {
        printError(redactor.redact(event.documentValue).jsonText())
    }
}
