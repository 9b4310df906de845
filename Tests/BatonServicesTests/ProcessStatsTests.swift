import BatonTesting
import Foundation
import Testing
@testable import BatonServices

#if canImport(Glibc)
import Glibc
#endif

/// CPU, memory and start time of a process, and the clean-up of what a killed supervisor left.
@Suite(.timeLimit(.minutes(1))) struct ProcessStatsTests {
    private let janitor = ProcessJanitor()

    @Test func theStatsOfARunningProcessArePlausible() throws {
        let process = janitor.keep(try LocalDriverTesting.launcher.start(ProcessLaunchRequest(executable: "/bin/sleep", arguments: ["300"], workingDirectory: "/")))
        let stats = try #require(ProcessStats.of(process.pid))
        #expect(stats.residentBytes > 0)
        #expect(stats.residentBytes < 1 << 30)
        #expect(stats.cpuSeconds >= 0)
        #expect(stats.startTime == process.identity.startTime && stats.startTime > 0)
        #expect(stats.processGroup == process.pid)
        #expect(!stats.isZombie)
    }

    @Test func aBusyProcessShowsCPUTime() async throws {
        // A shell counting to a large number uses CPU time that the kernel accounts in ticks.
        let process = janitor.keep(try LocalDriverTesting.launcher.start(
            LocalDriverTesting.shell("i=0; while [ $i -lt 100000000 ]; do i=$((i+1)); done")
        ))
        try await eventually("the process has used CPU time") { (ProcessStats.of(process.pid)?.cpuSeconds ?? 0) > 0 }
    }

    @Test func noSuchProcessHasNoStats() {
        #expect(ProcessStats.of(pid_t.max) == nil)
    }

    @Test func theCommandNameMayHoldParenthesesAndSpaces() {
        let stat = ProcStat.parse(Array("42 (a) b (c) S 1 42 42 0 -1 4194304 100 0 0 0 7 3 0 0 20 0 1 0 12345 1000 50".utf8), pid: 42)
        #expect(stat == ProcStat(pid: 42, state: UInt8(ascii: "S"), processGroup: 42, userTicks: 7, systemTicks: 3, startTime: 12345))
    }

    @Test func leftoversOfAKilledSupervisorAreKilled() async throws {
        // A recorded process still running with its child, as a supervisor killed by -9 leaves them
        // (the test's own launcher stands in for the dead supervisor's).
        let output = CollectedOutput()
        let running = janitor.keep(try LocalDriverTesting.launcher.start(LocalDriverTesting.shell("sleep 300 & echo $!; wait"), output: output))
        let child = try #require(pid_t(try await output.waitForLine { pid_t($0) != nil }))
        let kills = LeftoverProcessGroups.killLeftoverGroups([running.identity])
        #expect(kills.map(\.record) == [running.identity])
        #expect(kills.first?.leaderWasRunning == true)
        #expect(Set(kills.first?.members ?? []) == [running.pid, child])
        #expect(try await running.waitForExit() == .signaled(SIGKILL))
        try await eventually("the child has ended") { LocalDriverTesting.hasEnded(child) }
    }

    @Test func childrenOfALeaderThatIsGoneAreKilled() async throws {
        let output = CollectedOutput()
        let leader = janitor.keep(try LocalDriverTesting.launcher.start(LocalDriverTesting.shell("sleep 300 & echo $!"), output: output))
        let child = try #require(pid_t(try await output.waitForLine { pid_t($0) != nil }))
        #expect(try await leader.waitForExit() == .exited(0))
        let kills = LeftoverProcessGroups.killLeftoverGroups([leader.identity])
        #expect(kills.first?.leaderWasRunning == false)
        #expect(kills.first?.members == [child])
        try await eventually("the child has ended") { LocalDriverTesting.hasEnded(child) }
    }

    @Test func aReusedPidIsLeftAlone() throws {
        let process = janitor.keep(try LocalDriverTesting.launcher.start(ProcessLaunchRequest(executable: "/bin/sleep", arguments: ["300"], workingDirectory: "/")))
        // The record of an older process that had this pid.
        var stale = process.identity
        stale.startTime -= 1
        #expect(LeftoverProcessGroups.killLeftoverGroups([stale]).isEmpty)
        #expect(process.exitStatus == nil && !LocalDriverTesting.hasEnded(process.pid))
        // A record of a group that no longer has any process.
        #expect(LeftoverProcessGroups.killLeftoverGroups([ProcessIdentity(pid: pid_t.max, processGroup: pid_t.max, startTime: 1)]).isEmpty)
    }
}
