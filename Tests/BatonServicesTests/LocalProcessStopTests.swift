import BatonTesting
import Foundation
import Testing
@testable import BatonServices

#if canImport(Glibc)
import Glibc
#endif

/// Stopping a process and its group: the signal, the grace period, the `SIGKILL` after it.
@Suite(.timeLimit(.minutes(1))) struct LocalProcessStopTests {
    private let janitor = ProcessJanitor()

    private func start(_ script: String) throws -> (LocalProcess, CollectedOutput) {
        let output = CollectedOutput()
        return (janitor.keep(try LocalDriverTesting.launcher.start(LocalDriverTesting.shell(script), output: output)), output)
    }

    @Test func aProcessThatHandlesTheSignalExitsItsOwnWay() async throws {
        let (process, output) = try start("trap 'echo bye; exit 3' TERM; echo ready; sleep 300 & wait")
        _ = try await output.waitForLine { $0 == "ready" }
        let exit = await process.stop(gracePeriod: .seconds(30))
        #expect(exit == .exited(3))
        try await process.waitForOutputToEnd()
        #expect(output.texts(.out) == ["ready", "bye"])
    }

    @Test func aProcessThatIgnoresTheSignalIsKilledAfterTheGracePeriod() async throws {
        let (process, output) = try start("trap '' TERM; echo ready; exec sleep 300")
        _ = try await output.waitForLine { $0 == "ready" }
        #expect(await process.stop(gracePeriod: .milliseconds(200)) == .signaled(SIGKILL))
    }

    @Test func theStopSignalCanBeChosen() async throws {
        // (A shell's background commands ignore SIGINT: the trap ends this one.)
        let (process, output) = try start("trap 'kill $!; exit 9' INT; echo ready; sleep 300 & wait")
        _ = try await output.waitForLine { $0 == "ready" }
        #expect(await process.stop(signal: SIGINT, gracePeriod: .seconds(30)) == .exited(9))
    }

    @Test func stoppingTheGroupEndsTheChildrenToo() async throws {
        let (process, output) = try start("sleep 300 & echo $!; wait")
        let grandchild = try #require(pid_t(try await output.waitForLine { pid_t($0) != nil }))
        #expect(await process.stop(gracePeriod: .seconds(30)) == .signaled(SIGTERM))
        try await eventually("the grandchild has ended") { LocalDriverTesting.hasEnded(grandchild) }
        try await process.waitForOutputToEnd()
    }

    @Test func aChildThatIgnoresTheSignalIsKilledWhenTheGracePeriodEnds() async throws {
        // The leader exits at once; its child stays in the group and ignores SIGTERM.
        let (process, output) = try start("(trap '' TERM; echo child ready; exec sleep 300) & echo $!; wait")
        let grandchild = try #require(pid_t(try await output.waitForLine { pid_t($0) != nil }))
        _ = try await output.waitForLine { $0 == "child ready" }
        #expect(await process.stop(gracePeriod: .milliseconds(300)) == .signaled(SIGTERM))
        try await eventually("the grandchild has ended") { LocalDriverTesting.hasEnded(grandchild) }
    }

    @Test func stoppingAnExitedProcessEndsWhatIsLeftOfItsGroup() async throws {
        let (process, output) = try start("sleep 300 & echo $!")
        let grandchild = try #require(pid_t(try await output.waitForLine { pid_t($0) != nil }))
        #expect(try await process.waitForExit() == .exited(0))
        #expect(!LocalDriverTesting.hasEnded(grandchild))
        #expect(await process.stop(gracePeriod: .seconds(30)) == .exited(0))
        try await eventually("the grandchild has ended") { LocalDriverTesting.hasEnded(grandchild) }
        // Its pipe closed with it.
        try await process.waitForOutputToEnd()
    }

    @Test func cancellingAStopKillsAtOnce() async throws {
        let (process, output) = try start("trap '' TERM; echo ready; exec sleep 300")
        _ = try await output.waitForLine { $0 == "ready" }
        // Whether the cancellation comes while the stop waits or before it began, the hour of
        // grace is skipped (the suite's time limit would catch a wait).
        let stopping = Task { await process.stop(gracePeriod: .seconds(3600)) }
        stopping.cancel()
        #expect(await stopping.value == .signaled(SIGKILL))
    }

    @Test func waitingForTheExitCanBeCancelled() async throws {
        let (process, _) = try start("exec sleep 300")
        let waiting = Task { try await process.waitForExit() }
        waiting.cancel()
        await #expect(throws: CancellationError.self) { try await waiting.value }
        #expect(process.exitStatus == nil)
    }

    @Test func twoHundredChildrenAreStartedWatchedAndStopped() async throws {
        let count = 200
        try await LocalDriverTesting.withTemporaryDirectory { directory in
            let clock = ContinuousClock()
            let began = clock.now
            var processes: [LocalProcess] = []
            for index in 0..<count {
                let log = try InstanceLogWriter(directory: directory, instance: "service-\(index)")
                let request = LocalDriverTesting.shell("echo ready $0; exec sleep 300", ["\(index)"])
                processes.append(janitor.keep(try LocalDriverTesting.launcher.start(request, output: log)))
            }
            let started = clock.now
            try await eventually("every child has logged its first line") {
                try (0..<count).allSatisfy { index in
                    try InstanceLog(directory: directory, instance: "service-\(index)").lines().map(\.text) == ["ready \(index)"]
                }
            }
            let logged = clock.now
            let exits = await withTaskGroup(of: ProcessExit.self) { group in
                for process in processes { group.addTask { await process.stop(gracePeriod: .seconds(30)) } }
                return await group.reduce(into: []) { $0.append($1) }
            }
            let stopped = clock.now
            #expect(exits.count == count)
            #expect(exits.allSatisfy { $0 == .signaled(SIGTERM) })
            #expect(processes.allSatisfy { ProcStat.read($0.pid) == nil }, "every child is reaped")
            for process in processes { try await process.waitForOutputToEnd() }
            print("\(count) children: started in \(started - began), all logged after \(logged - began), stopped in \(stopped - logged)")
        }
    }
}
