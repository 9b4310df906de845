import BatonWorkflow
import Foundation
import Testing
@testable import BatonEngine

#if canImport(Glibc)
import Glibc
#endif

/// Output limits, cancellation and `await: false`: what happens to the process itself.
@Suite(.timeLimit(.minutes(1))) struct ProcessLifecycleTests {
    @Test func outputPastTheLimitStopsTheProcessAndFails() async throws {
        let context = ProcessTesting.context(limits: ExecutionLimits(maximumOutputBytes: 10_000))
        // `yes` never stops by itself: the task can only end because the process was killed.
        let result = await ProcessTesting.run(ProcessTesting.shell("yes"), context: context)
        guard case .failure(let fault) = result else {
            Issue.record("expected a failure, got \(result)")
            return
        }
        #expect(WorkflowFault.sameType(fault.type, WorkflowError.StandardType.runtime.rawValue))
        #expect(fault.detail?.hasPrefix("stdout exceeded 10 KB; raise the limit or write to a file") == true)
    }

    @Test func theLimitAppliesToStandardErrorToo() async throws {
        let context = ProcessTesting.context(limits: ExecutionLimits(maximumOutputBytes: 1_000))
        let result = await ProcessTesting.run(ProcessTesting.shell("head -c 5000 /dev/zero >&2", return: .all), context: context)
        guard case .failure(let fault) = result else {
            Issue.record("expected a failure, got \(result)")
            return
        }
        #expect(fault.detail?.hasPrefix("stderr exceeded 1 KB") == true)
    }

    @Test func outputAtTheLimitIsKept() async throws {
        let context = ProcessTesting.context(limits: ExecutionLimits(maximumOutputBytes: 100_000))
        let output = try await ProcessTesting.run(ProcessTesting.shell("head -c 100000 /dev/zero | tr '\\0' x"), context: context).get()
        #expect(output.stringValue?.utf8.count == 100_000)
    }

    @Test(arguments: [
        // The shell, and a child it waits for.
        "echo $$ > \"$1\".tmp; sleep 30 & echo $! >> \"$1\".tmp; mv \"$1\".tmp \"$1\"; wait",
        // A child that ignores SIGTERM needs the SIGKILL that follows the grace period.
        "trap '' TERM; echo $$ > \"$1\".tmp; sleep 30 & echo $! >> \"$1\".tmp; mv \"$1\".tmp \"$1\"; wait",
    ])
    func cancellationStopsTheProcessAndItsChildren(command: String) async throws {
        let pidFile = try ProcessTesting.temporaryPath("pids")
        let handler = LocalProcessHandler(configuration: .init(gracePeriod: .milliseconds(300)))
        let task = ProcessTesting.shell(command, arguments: [pidFile])
        let running = Task { await ProcessTesting.run(task, handler: handler) }

        var pids: [pid_t] = []
        let started = await ProcessTesting.eventually {
            pids = ProcessTesting.processIDs(in: pidFile, count: 2) ?? []
            return !pids.isEmpty
        }
        try #require(started, "the shell did not start")
        running.cancel()
        let result = await running.value
        guard case .failure(let fault) = result else {
            Issue.record("expected a failure, got \(result)")
            return
        }
        #expect(fault.detail?.contains("stopped because the task was cancelled") == true)
        // The shell was reaped by the handler; the child, an orphan now, has ended — killed, as
        // its `sleep 30` outlasts these bounded polls.
        #expect(await ProcessTesting.eventually(within: .seconds(5)) { ProcessTesting.isGone(pids[0]) })
        #expect(await ProcessTesting.eventually(within: .seconds(5)) { ProcessTesting.hasEnded(pids[1]) })
    }

    @Test func cancellationBeforeTheStartStartsNothing() async throws {
        let marker = try ProcessTesting.temporaryPath("started")
        let running = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return await ProcessTesting.run(ProcessTesting.shell("touch \"$1\"", arguments: [marker]))
        }
        guard case .failure(let fault) = await running.value else {
            Issue.record("a cancelled task must fail")
            return
        }
        #expect(fault.detail?.contains("cancelled") == true)
        #expect(!FileManager.default.fileExists(atPath: marker))
    }

    @Test func withoutAwaitTheTaskReturnsItsInputAndTheProcessRunsOn() async throws {
        let pidFile = try ProcessTesting.temporaryPath("pid")
        let task = ProcessTesting.shell("echo $$ > \"$1\".tmp; mv \"$1\".tmp \"$1\"; exec sleep 30", arguments: [pidFile], await: false)
        let input: JSONValue = ["keep": "me"]
        let output = try await ProcessTesting.run(task, context: ProcessTesting.context(input: input)).get()
        #expect(output == input)

        var pid: pid_t = 0
        let started = await ProcessTesting.eventually {
            pid = ProcessTesting.processIDs(in: pidFile, count: 1)?.first ?? 0
            return pid != 0
        }
        try #require(started, "the detached process did not start")
        // Still running: the task returned without waiting for its `sleep 30`.
        #expect(kill(pid, 0) == 0, "the detached process must outlive the task")
        kill(pid, SIGKILL)
    }

    @Test func withoutAwaitStandardInputStillReachesTheProcess() async throws {
        let path = try ProcessTesting.temporaryPath("stdin")
        let task = ProcessTesting.shell("cat > \"$1\".tmp; mv \"$1\".tmp \"$1\"", arguments: [path], stdin: "${ .text }", await: false)
        _ = try await ProcessTesting.run(task, context: ProcessTesting.context(input: ["text": "detached hello"])).get()
        #expect(await ProcessTesting.eventually { (try? String(contentsOfFile: path, encoding: .utf8)) == "detached hello" })
    }
}
