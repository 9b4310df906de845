import Subprocess
import Synchronization
import SystemPackage

extension HealthProber {
    /// How much of a command's output is kept to find its last line: the tail only, so that a
    /// chatty probe cannot fill memory.
    static let commandOutputTail = 4096

    /// Runs a command probe: standard output and error together, exit status 0 is healthy.
    ///
    /// The command leads a process group of its own; at the timeout the run is cancelled and
    /// swift-subprocess's teardown sends `SIGKILL` to the whole group, so a probe script's
    /// children (`curl`, `sleep`) die with it, and the process is reaped before this returns.
    func checkCommand(_ arguments: [String], target: HealthProbe.Target, timeout: Duration) async -> (healthy: Bool, detail: String) {
        guard let program = arguments.first, !program.isEmpty else {
            return (false, "the command probe has no command: give at least the program to run")
        }
        let options = Self.commandOptions()
        let environment = Self.commandEnvironment(target.environment)
        let executable: Executable = program.contains("/") ? .path(FilePath(program)) : .name(program)
        let tail = OutputTail(limit: Self.commandOutputTail)

        let outcome = await withTaskGroup(of: CommandOutcome.self) { group in
            group.addTask {
                do {
                    let result = try await Subprocess.run(
                        executable,
                        arguments: Arguments(Array(arguments.dropFirst())),
                        environment: environment,
                        workingDirectory: target.workingDirectory.map { FilePath($0) },
                        platformOptions: options,
                        input: .none,
                        output: .sequence,
                        error: .combinedWithOutput
                    ) { execution in
                        for try await buffer in execution.standardOutput {
                            buffer.withUnsafeBytes { tail.append($0) }
                        }
                    }
                    return .finished(result.terminationStatus)
                } catch let error as SubprocessError {
                    return .failedToStart(error)
                } catch {
                    return .failedToRead(error)
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return .timedOut
            }
            let first = await group.next() ?? .timedOut
            // Cancelling the run tears the process group down; waiting for the task reaps it.
            group.cancelAll()
            await group.waitForAll()
            return first
        }

        let lastLine = tail.lastLine()
        switch outcome {
        case .finished(.exited(0)):
            return (true, lastLine ?? "exit status 0")
        case .finished(.exited(let code)):
            return (false, lastLine.map { "exit status \(code): \($0)" } ?? "exit status \(code)")
        case .finished(.signaled(let signal)):
            return (false, "killed by signal \(signal)" + (lastLine.map { ": \($0)" } ?? ""))
        case .timedOut:
            return (false, "timed out after \(timeout.shortDescription)" + (lastLine.map { "; last output: \($0)" } ?? ""))
        case .failedToStart(let error):
            return (false, "cannot run `\(program)`: \(Self.launchProblem(error, program: program, target: target))")
        case .failedToRead(let error):
            return (false, "reading the output of `\(program)` failed: \(error)")
        }
    }

    /// A process group of its own, killed whole when the run is cancelled.
    private static func commandOptions() -> PlatformOptions {
        var options = PlatformOptions()
        options.processGroupID = 0
        options.teardownSequence = [.send(signal: .kill, toProcessGroup: true, allowedDurationToNextStep: .seconds(1))]
        return options
    }

    private static func commandEnvironment(_ variables: [String: String]) -> Environment {
        var environment: [Environment.Key: String] = [:]
        for (name, value) in variables {
            if let key = Environment.Key(rawValue: name) { environment[key] = value }
        }
        return .custom(environment)
    }

    private enum CommandOutcome: Sendable {
        case finished(TerminationStatus)
        case timedOut
        case failedToStart(SubprocessError)
        case failedToRead(any Error)
    }

    private static func launchProblem(_ error: SubprocessError, program: String, target: HealthProbe.Target) -> String {
        switch error.code {
        case .executableNotFound:
            return program.contains("/")
                ? "no such executable file"
                : "not found on the PATH of the instance's environment (\(target.environment["PATH"] ?? "none set"))"
        case .failedToChangeWorkingDirectory:
            return "cannot enter the working directory \(target.workingDirectory ?? "")"
        default:
            return "\(error)"
        }
    }
}

/// The last bytes a command wrote, shared between the task reading them and the probe's verdict
/// (which may come from the timeout, while the reader is still running).
final class OutputTail: Sendable {
    private let bytes = Mutex<[UInt8]>([])
    private let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    func append(_ chunk: UnsafeRawBufferPointer) {
        bytes.withLock { bytes in
            bytes.append(contentsOf: chunk.suffix(limit))
            if bytes.count > limit { bytes.removeFirst(bytes.count - limit) }
        }
    }

    /// The last line that is not blank, trimmed and shortened to 200 characters.
    func lastLine() -> String? {
        let text = bytes.withLock { String(decoding: $0, as: UTF8.self) }
        guard let last = text.split(whereSeparator: \.isNewline).last(where: { $0.contains { !$0.isWhitespace } }) else {
            return nil
        }
        let line = String(last.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
        return line.count > 200 ? String(line.prefix(200)) + "…" : line
    }
}
