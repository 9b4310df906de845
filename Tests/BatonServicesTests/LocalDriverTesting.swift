import BatonTesting
import Foundation
import Synchronization
@testable import BatonServices

#if canImport(Glibc)
import Glibc
#endif

/// What the local driver's tests share: collecting output, temporary directories, processes that
/// are killed at the end of a test whatever happens, and checks of processes Baton did not start.
enum LocalDriverTesting {
    static let launcher = ProcessLauncher()

    /// A request for `/bin/sh -c script`, run in `/` with an empty environment.
    static func shell(_ script: String, _ arguments: [String] = [], environment: [String: String] = [:], in directory: String = "/") -> ProcessLaunchRequest {
        ProcessLaunchRequest(executable: "/bin/sh", arguments: ["-c", script] + arguments, environment: environment, workingDirectory: directory)
    }

    /// Runs `body` with a fresh directory, removed afterwards.
    static func withTemporaryDirectory<T>(_ body: (String) async throws -> T) async throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("baton-local-driver-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        return try await body(directory)
    }

    /// Whether a process has ended: it no longer exists, or it is a zombie adopted by an init that
    /// does not reap (as in some containers), or its pid now belongs to another process.
    static func hasEnded(_ pid: pid_t, startTime: UInt64? = nil) -> Bool {
        guard let stat = ProcStat.read(pid) else { return true }
        if let startTime, stat.startTime != startTime { return true }
        return stat.isZombie
    }
}

/// Collects what a process writes.
final class CollectedOutput: ProcessOutputSink {
    private let collected = Mutex<[LogLine]>([])

    func write(_ lines: [LogLine]) {
        collected.withLock { $0.append(contentsOf: lines) }
    }

    var lines: [LogLine] { collected.withLock { $0 } }

    func texts(_ stream: LogLine.Stream) -> [String] {
        lines.filter { $0.stream == stream }.map(\.text)
    }

    /// Waits until a line of `stream` satisfies `condition`.
    func waitForLine(_ stream: LogLine.Stream = .out, where condition: @escaping (String) -> Bool) async throws -> String {
        var found: String?
        try await eventually("a line on \(stream.rawValue) as expected; got \(lines)") {
            found = texts(stream).first(where: condition)
            return found != nil
        }
        return found!
    }
}

/// Kills the groups of the processes of a test when it ends, passed or failed.
final class ProcessJanitor: Sendable {
    private let processes = Mutex<[LocalProcess]>([])

    func keep(_ process: LocalProcess) -> LocalProcess {
        processes.withLock { $0.append(process) }
        return process
    }

    deinit {
        for process in processes.withLock({ $0 }) { process.killEverything() }
    }
}

