import BatonWorkflow
import Foundation
@testable import BatonEngine

#if canImport(Glibc)
import Glibc
#endif

/// What the process tests share: task contexts, run tasks, temporary files, and waiting for a
/// condition with a deadline.
enum ProcessTesting {
    static let evaluator = ExpressionEvaluator()

    static func context(input: JSONValue = .null, limits: ExecutionLimits = ExecutionLimits(), name: String = "runIt") -> TaskContext {
        let reference = "/do/0/\(name)"
        return TaskContext(
            runID: "run-42", name: name, reference: reference, attempt: 1, input: input,
            scope: ExpressionScope(evaluator: evaluator, instance: reference), limits: limits
        )
    }

    static func shell(
        _ command: String, arguments: [String]? = nil, environment: [String: JSONValue]? = nil, stdin: String? = nil,
        return returnType: RunTask.ReturnType? = nil, await awaits: Bool? = nil
    ) -> RunTask {
        RunTask(
            process: .shell(ShellProcess(command: command, stdin: stdin, arguments: arguments, environment: environment)),
            await: awaits, return: returnType
        )
    }

    /// Runs the task and gives its output or its error.
    static func run(_ task: RunTask, handler: LocalProcessHandler = LocalProcessHandler(), context: TaskContext = context()) async -> Result<JSONValue, WorkflowFault> {
        do {
            return .success(try await handler.run(task, context: context))
        } catch {
            return .failure(error)
        }
    }

    /// A path in a fresh temporary directory.
    static func temporaryPath(_ name: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("baton-process-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent(name).path
    }

    /// Waits until `condition` holds, checking every 10 ms, for at most `timeout`.
    static func eventually(within timeout: Duration = .seconds(10), _ condition: () -> Bool) async -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return condition()
    }

    /// The process ids written one per line in a file, once it has `count` of them.
    static func processIDs(in path: String, count: Int) -> [pid_t]? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let ids = text.split(whereSeparator: \.isNewline).compactMap { pid_t($0) }
        return ids.count >= count ? ids : nil
    }

    /// Whether a process has ended: it no longer exists, or it is a zombie waiting for a parent
    /// that is not ours (an orphan adopted by an init that does not reap).
    static func hasEnded(_ pid: pid_t) -> Bool {
        if kill(pid, 0) != 0 { return errno == ESRCH }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let afterName = stat.range(of: ") ", options: .backwards)
        else { return false }
        return stat[afterName.upperBound...].hasPrefix("Z")
    }

    /// Whether a process no longer exists at all (it was reaped).
    static func isGone(_ pid: pid_t) -> Bool {
        kill(pid, 0) != 0 && errno == ESRCH
    }

    static func isInstalled(_ program: String) -> Bool {
        ExecutableSearch.find(program, path: ProcessInfo.processInfo.environment["PATH"] ?? ProcessEnvironment.defaultPath) != nil
    }
}
