import Subprocess
import SystemPackage

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs local processes through swift-subprocess (`posix_spawn`, one shared I/O thread for all
/// processes, no thread per process).
///
/// Every process starts in a process group of its own. When the Swift task is cancelled, the whole
/// group gets `SIGTERM`, then `SIGKILL` after the grace period (and a last `SIGKILL` once the
/// leader is gone, for children that ignored `SIGTERM`); when the output goes past its limit,
/// the group gets `SIGKILL` at once. The process is always reaped, so no zombie is left behind.
struct ProcessRunner: Sendable {
    /// How long a process group has between `SIGTERM` and `SIGKILL`.
    var gracePeriod: Duration

    init(gracePeriod: Duration = .seconds(2)) {
        self.gracePeriod = gracePeriod
        _ = Self.brokenPipesIgnored
    }

    /// Writing to a pipe whose reader has gone raises `SIGPIPE`, which would kill Baton. Standard
    /// input comes from a file (see `StandardInputFile`), but the signal is still ignored
    /// process-wide, once, as servers do, so that any such write fails with `EPIPE` instead.
    /// Children are not affected: swift-subprocess resets every signal to its default in the
    /// child (`POSIX_SPAWN_SETSIGDEF`).
    private static let brokenPipesIgnored: Bool = {
        signal(SIGPIPE, SIG_IGN)
        return true
    }()

    /// Runs a process to its end and collects what it writes.
    /// - Parameters:
    ///   - launch: the process.
    ///   - outputLimit: the most bytes kept from each of standard output and error; past it
    ///     the process group is stopped and the run fails.
    /// - Throws: `ProcessFailure` — `.outputLimitExceeded`, `.launchFailed`, `.cancelled` (the
    ///   Swift task was cancelled and the process group was stopped) or `.inputOutput`.
    func run(_ launch: ProcessLaunch, outputLimit: Int) async throws(ProcessFailure) -> ProcessOutcome {
        // A task cancelled already starts nothing.
        if Task.isCancelled { throw .cancelled }
        guard let bytes = launch.standardInput, !bytes.isEmpty else {
            return try await run(launch, input: .none, outputLimit: outputLimit)
        }
        let file = try StandardInputFile.make(bytes)
        return try await run(launch, input: .fileDescriptor(file, closeAfterSpawningProcess: true), outputLimit: outputLimit)
    }

    private func run<Input: InputProtocol>(_ launch: ProcessLaunch, input: Input, outputLimit: Int) async throws(ProcessFailure) -> ProcessOutcome {
        var options = PlatformOptions()
        // A new group led by the child: signals to the group reach its children too.
        options.processGroupID = 0
        options.teardownSequence = [.gracefulShutDown(toProcessGroup: true, allowedDurationToNextStep: gracePeriod)]
        var environment: [Environment.Key: String] = [:]
        environment.reserveCapacity(launch.environment.count)
        for (name, value) in launch.environment {
            if let key = Environment.Key(rawValue: name) { environment[key] = value }
        }
        let processGroup = ProcessGroupRecord()
        do {
            let result = try await Subprocess.run(
                .path(FilePath(launch.executable)),
                arguments: Arguments(launch.arguments),
                environment: .custom(environment),
                platformOptions: options,
                input: input,
                output: .sequence,
                error: .sequence
            ) { execution in
                processGroup.set(execution.processIdentifier.value)
                async let standardOutput = Self.collect(execution.standardOutput, stream: .stdout, limit: outputLimit, group: processGroup)
                let standardError = try await Self.collect(execution.standardError, stream: .stderr, limit: outputLimit, group: processGroup)
                return (try await standardOutput, standardError)
            }
            if Task.isCancelled {
                processGroup.kill()
                throw ProcessFailure.cancelled
            }
            let (standardOutput, standardError) = result.closureResult
            switch result.terminationStatus {
            case .exited(let code):
                return ProcessOutcome(code: Int(code), standardOutput: standardOutput, standardError: standardError)
            case .signaled(let signal):
                return ProcessOutcome(code: 128 + Int(signal), signal: signal, standardOutput: standardOutput, standardError: standardError)
            }
        } catch let failure as ProcessFailure {
            if failure == .cancelled || Task.isCancelled {
                processGroup.kill()
                throw .cancelled
            }
            throw failure
        } catch let error as SubprocessError {
            if Task.isCancelled {
                processGroup.kill()
                throw .cancelled
            }
            switch error.code {
            case .executableNotFound, .spawnFailed, .failedToChangeWorkingDirectory:
                throw .launchFailed(program: launch.programName, reason: "\(error)")
            default:
                throw .inputOutput("\(error)")
            }
        } catch {
            if Task.isCancelled {
                processGroup.kill()
                throw .cancelled
            }
            throw .inputOutput("\(error)")
        }
    }

    /// Starts a process that outlives the call: a short-lived `/bin/sh` starts it in the
    /// background and exits, so the process is adopted by init (or the nearest subreaper) and
    /// reaped there. Its standard output and error go to `/dev/null`; its standard input is
    /// `launch.standardInput` (from a file, see `StandardInputFile`, so nothing waits for it to
    /// be read). The process keeps its own process group and is not stopped when the task ends.
    /// - Throws: `ProcessFailure.launchFailed` when the starter shell cannot run.
    func detach(_ launch: ProcessLaunch) async throws(ProcessFailure) {
        // `exec 3<&0` keeps standard input: without job control, sh gives a background command
        // /dev/null unless it is redirected explicitly.
        let starter = ProcessLaunch(
            executable: "/bin/sh",
            arguments: ["-c", #"exec 3<&0; "$0" "$@" <&3 3<&- >/dev/null 2>&1 & exit 0"#, launch.executable] + launch.arguments,
            environment: launch.environment,
            standardInput: launch.standardInput
        )
        let outcome = try await run(starter, outputLimit: 64 * 1024)
        if outcome.code != 0 {
            throw .launchFailed(program: launch.programName, reason: Self.text(outcome.standardError))
        }
    }

    /// Runs a short clean-up command to its end even when the calling task is cancelled — which
    /// is when clean-ups are needed — for at most `timeout`. Its outcome is not reported.
    func runToCompletion(_ launch: ProcessLaunch, timeout: Duration) async {
        let runner = self
        // An unstructured task does not inherit the caller's cancellation; it is awaited here,
        // so it does not outlive the call.
        await Task {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { _ = try? await runner.run(launch, outputLimit: 64 * 1024) }
                group.addTask { try? await Task.sleep(for: timeout) }
                await group.next()
                group.cancelAll()
            }
        }.value
    }

    /// Reads a stream to its end. Past `limit` bytes it stops reading and kills the process
    /// group at once, which also ends the other stream, and fails.
    private static func collect(
        _ sequence: SubprocessOutputSequence, stream: ProcessFailure.OutputStream, limit: Int, group: ProcessGroupRecord
    ) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        for try await buffer in sequence {
            if bytes.count + buffer.count > limit {
                group.kill()
                throw ProcessFailure.outputLimitExceeded(stream: stream, limit: limit)
            }
            buffer.withUnsafeBytes { bytes.append(contentsOf: $0) }
        }
        return bytes
    }

    static func text(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}
