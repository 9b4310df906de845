import BatonTesting
import Foundation
import Synchronization
import Testing
@testable import BatonServices

#if canImport(Glibc)
import Glibc
#endif

/// A supervisor's children die with it: `PR_SET_PDEATHSIG`, and only when the process dies, not
/// when the thread that asked for the start ends.
///
/// A supervisor that dies needs a process of its own. The test binary is run again, as a helper,
/// with `helperVariable` set and a filter that selects ``actAsSupervisorForTheDeathTest()``: that
/// test is skipped in ordinary runs and, in the helper, starts a child with the launcher, writes
/// its identity to a file and waits to be killed.
@Suite(.timeLimit(.minutes(2))) struct SupervisorDeathTests {
    static let helperVariable = "BATON_TEST_SUPERVISOR_HELPER"
    private let janitor = ProcessJanitor()

    @Test(.enabled(if: ProcessInfo.processInfo.environment[helperVariable] != nil, "runs only in the helper process of childDiesWithItsSupervisor"))
    func actAsSupervisorForTheDeathTest() async throws {
        let file = try #require(ProcessInfo.processInfo.environment[Self.helperVariable])
        let child = try LocalDriverTesting.launcher.start(ProcessLaunchRequest(executable: "/bin/sleep", arguments: ["300"], workingDirectory: "/"))
        try "\(child.pid) \(child.identity.startTime)".write(toFile: file + ".tmp", atomically: false, encoding: .utf8)
        rename(file + ".tmp", file)
        // Until the test kills this process: the child cannot end by itself before.
        _ = try await child.waitForExit()
    }

    @Test func childDiesWithItsSupervisor() async throws {
        try await LocalDriverTesting.withTemporaryDirectory { directory in
            let file = directory + "/child"
            let testBinary = try #require(
                (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")), "cannot read /proc/self/exe"
            )
            var environment = ProcessInfo.processInfo.environment
            environment[Self.helperVariable] = file
            let output = CollectedOutput()
            let helper = janitor.keep(try LocalDriverTesting.launcher.start(
                ProcessLaunchRequest(
                    executable: testBinary,
                    arguments: ["--testing-library", "swift-testing", "--filter", "actAsSupervisorForTheDeathTest"],
                    environment: environment, workingDirectory: directory
                ),
                output: output
            ))
            var child: (pid: pid_t, startTime: UInt64)?
            do {
                try await eventually("the helper has started its child", attempts: 6000) {
                    let fields = (try? String(contentsOfFile: file, encoding: .utf8))?.split(separator: " ") ?? []
                    if fields.count == 2, let pid = pid_t(fields[0]), let start = UInt64(fields[1]) { child = (pid, start) }
                    return child != nil || helper.exitStatus != nil
                }
            } catch {
                Issue.record("the helper did not start its child; it wrote: \(output.lines.map(\.text))")
                throw error
            }
            let (pid, startTime) = try #require(child, "the helper ended (\(helper.exitStatus.map(String.init(describing:)) ?? "")): \(output.lines.map(\.text))")
            defer { if !LocalDriverTesting.hasEnded(pid, startTime: startTime) { kill(pid, SIGKILL) } }
            #expect(!LocalDriverTesting.hasEnded(pid, startTime: startTime), "the child runs while its supervisor does")

            kill(helper.pid, SIGKILL)
            #expect(try await helper.waitForExit() == .signaled(SIGKILL))
            try await eventually("the child has died with its supervisor") { LocalDriverTesting.hasEnded(pid, startTime: startTime) }
        }
    }

    @Test func childOutlivesTheThreadThatStartedIt() async throws {
        // Started from a thread that then ends, as Swift's worker threads do.
        let started = Mutex<(process: LocalProcess?, thread: pid_t)?>(nil)
        let thread = Thread {
            let process = try? LocalDriverTesting.launcher.start(ProcessLaunchRequest(executable: "/bin/sleep", arguments: ["300"], workingDirectory: "/"))
            // /proc/thread-self is `<pid>/task/<tid>`.
            let tid = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/thread-self")).flatMap { pid_t($0.split(separator: "/").last ?? "") }
            started.withLock { $0 = (process, tid ?? -1) }
        }
        thread.start()
        try await eventually("the thread has started the process") { started.withLock { $0 != nil } }
        let (startedProcess, threadID) = try #require(started.withLock { $0 })
        let process = janitor.keep(try #require(startedProcess))
        try #require(threadID > 0, "cannot read the thread's id")
        // Once the thread is gone from /proc it has exited, and a death signal tied to it would
        // have been sent: it would be pending in the child, or the child would have ended.
        try await eventually("the thread has ended") { !FileManager.default.fileExists(atPath: "/proc/self/task/\(threadID)") }
        let status = try #require(
            try? String(contentsOfFile: "/proc/\(process.pid)/status", encoding: .utf8), "the child died with the thread that started it"
        )
        let pending = status.split(separator: "\n").filter { $0.hasPrefix("SigPnd:") || $0.hasPrefix("ShdPnd:") }
            .compactMap { UInt64($0.split(separator: "\t").last ?? "", radix: 16) }
        #expect(pending.count == 2 && pending.allSatisfy { $0 & (1 << (UInt64(SIGKILL) - 1)) == 0 }, "\(pending)")
        #expect(process.exitStatus == nil && !LocalDriverTesting.hasEnded(process.pid))
    }
}
