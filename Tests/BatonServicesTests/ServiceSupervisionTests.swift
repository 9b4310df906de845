import BatonTesting
import Foundation
import Testing
@testable import BatonServices

/// What supervision promises an instance that fails, with real processes: a crash is restarted
/// after a back-off that grows up to its maximum, a policy with a limit gives up saying so, and an
/// instance that fails its health checks leaves traffic and is restarted.
@Suite("Service supervision", .timeLimit(.minutes(1)))
struct ServiceSupervisionTests {
    @Test("a crashing instance is restarted with a back-off that doubles from 100 ms and stops growing at 400 ms")
    func crashLoopBacksOff() async throws {
        let logs = CapturedLogs()
        try await SupervisorHarness.with(logs: logs) { harness in
            // Each process writes the time it started (nanoseconds), then fails; three instances
            // crash side by side.
            let crasher = try harness.shell(
                "crasher", "date +%s%N; exit 3", replicas: 3,
                restart: RestartPolicy(condition: .always, initialBackoff: .milliseconds(100), maximumBackoff: .milliseconds(400)))
            _ = try await harness.manager.up(ServiceProject(name: "crash", services: [crasher], file: "crash.yaml"), cause: "test")
            var starts: [String: [Int]] = [:]
            try await waitUntil("each instance of `crasher` has started six processes", state: { "\(starts)" }) {
                starts = Dictionary(grouping: try harness.supervisor.logs(crasher.name, query: LogQuery()), by: \.instance)
                    .mapValues { $0.compactMap { Int($0.line.text) }.sorted() }
                return starts.count == 3 && starts.values.allSatisfy { $0.count >= 6 }
            }
            let instances = try harness.instances("crasher")
            #expect(instances.count == 3, "restarts replace the process, not the instance")
            for instance in instances {
                #expect(instance.restarts >= 5)
                #expect(instance.lastEvent == "exited with code 3")
            }

            // What the supervisor waited before each restart, as it logged it.
            let backoffs = Dictionary(grouping: logs.all.filter { $0.message == "restarting" }, by: { $0.metadata["service.instance"] ?? "?" })
                .mapValues { $0.compactMap { $0.metadata["after"] } }
            #expect(backoffs.count == 3)
            for (instance, afters) in backoffs {
                #expect(afters.prefix(5) == ["100ms", "200ms", "400ms", "400ms", "400ms"], "\(instance)")
            }
            // What it took, measured from the processes' own start times: never less than the
            // back-off. (Each wait is the back-off plus the start of a process, which on a busy
            // machine can take longer than the back-off itself: the growth is read from the log.)
            let waits = (0..<5).map { index in starts.values.map { $0[index + 1] - $0[index] }.min()! }
            let milliseconds = 1_000_000
            #expect(zip(waits, [100, 200, 400, 400, 400]).allSatisfy { $0 >= $1 * milliseconds }, "\(waits)")
        }
    }

    @Test("with on-failure and max_attempts 2 an instance that keeps failing ends crashed, saying it gave up; one that exits 0 ends stopped")
    func restartPolicyGivesUp() async throws {
        try await SupervisorHarness.with { harness in
            let failing = try harness.shell(
                "failing", "exit 3",
                restart: RestartPolicy(condition: .onFailure, initialBackoff: .milliseconds(100), maximumBackoff: .milliseconds(400), maximumAttempts: 2))
            let done = try harness.shell("done", "exit 0", restart: RestartPolicy(condition: .onFailure, initialBackoff: .milliseconds(100)))
            _ = try await harness.manager.up(ServiceProject(name: "policies", services: [failing, done], file: "policies.yaml"), cause: "test")
            try await eventually("`failing` has crashed and `done` has stopped", attempts: 3000) {
                try harness.instances("failing").first?.status == .crashed && harness.instances("done").first?.status == .stopped
            }
            let crashed = try #require(try harness.instances("failing").first)
            #expect(crashed.restarts == 2)
            #expect(crashed.lastEvent == "exited with code 3; gave up after 2 restarts in a row")
            #expect(crashed.pid == nil && !crashed.inTraffic)
            #expect(try await harness.manager.status(failing.name).overall == .unhealthy)

            let stopped = try #require(try harness.instances("done").first)
            #expect(stopped.restarts == 0)
            #expect(stopped.lastEvent == "exited with code 0")
        }
    }

    @Test("an instance that takes half a second to listen is not restarted while it starts: 3 failed checks take 2 intervals, however soon they are tried")
    func slowStartIsNotUnhealthy() async throws {
        try await SupervisorHarness.with { harness in
            var slow = try harness.demo("slow")
            slow.command = ["/bin/sh", "-c", "sleep 0.5; exec \"$DEMO\" serve --drain-timeout 1"]
            slow.environment["DEMO"] = try BuiltProducts.path("baton-demo")
            slow.healthCheck = HealthCheck(probe: .http(path: "/health", port: nil), interval: .seconds(2), timeout: .seconds(1), retries: 3)
            try await harness.up("slow", [slow], timeout: .seconds(10))
            let instance = try #require(try harness.instances("slow").first)
            #expect(instance.status == .healthy)
            #expect(instance.restarts == 0, "restarted while it started: \(instance.lastEvent ?? "")")
        }
    }

    @Test("an instance whose /health fails 3 checks in a row is unhealthy: out of traffic, its process stopped, restarted, then healthy again")
    func unhealthyInstanceIsRestarted() async throws {
        try await SupervisorHarness.with { harness in
            let port = try TestPorts.free()
            // A long back-off leaves time to look at the instance waiting to restart.
            var flaky = try harness.demo("flaky", port: port)
            flaky.restart = RestartPolicy(initialBackoff: .seconds(2), maximumBackoff: .seconds(2))
            try await harness.up("flaky", [flaky])
            let first = try #require(try harness.instances("flaky").first)
            #expect(first.status == .healthy && first.inTraffic)
            #expect(LoopbackClient.get(port: port).status == 200)
            // From now on its /health answers 503 (the fault is the process's: a new one is healthy).
            let switched = LoopbackClient.send("POST", port: first.port, path: "/faults", body: #"{"unhealthy":true}"#)
            try #require(switched.status == 200, "POST /faults: \(switched)")

            var restarting: InstanceRunner.Snapshot?
            try await waitUntil("`flaky` was found unhealthy and waits to restart", state: { "\((try? harness.instances("flaky")) ?? [])" }) {
                restarting = try harness.instances("flaky").first.flatMap { $0.status == .restarting ? $0 : nil }
                return restarting != nil
            }
            let waiting = try #require(restarting)
            #expect(waiting.restarts == 1)
            #expect(waiting.lastEvent?.hasPrefix("unhealthy after 3 failed checks: HTTP 503") == true, "\(waiting.lastEvent ?? "no event")")
            #expect(!waiting.inTraffic && waiting.pid == nil)
            #expect(hasEnded(first.pid), "the unhealthy process was stopped")
            #expect(try await harness.manager.status(flaky.name).overall == .unhealthy)
            let refused = LoopbackClient.get(port: port)
            #expect(refused.status == nil, "no instance in traffic: the stable port closes the connection (got \(refused))")

            try await waitUntil("`flaky` is healthy again", state: { "\((try? harness.instances("flaky")) ?? [])" }) {
                let instance = try harness.instances("flaky").first
                return instance?.status == .healthy && instance?.pid != first.pid
            }
            let again = try #require(try harness.instances("flaky").first)
            #expect(again.restarts == 1 && again.pid != nil && again.inTraffic, "\(again)")
            #expect(LoopbackClient.get(port: port).status == 200)
        }
    }

    @Test("an instance stopped for being unhealthy stays out of traffic until its process has ended, even when a check passes meanwhile")
    func unhealthyInstanceStaysOutWhileItStops() async throws {
        try await SupervisorHarness.with { harness in
            let sick = harness.directory + "/sick"
            // It ignores SIGTERM: it ends by SIGKILL, 2 s after it was asked to stop.
            var stubborn = try harness.shell(
                "stubborn", "trap '' TERM; while :; do sleep 0.05; done", environment: ["SICK": sick],
                restart: RestartPolicy(initialBackoff: .milliseconds(100)))
            // A long timeout: on a loaded machine a shell can take seconds to start, and a timed-out
            // check would count as a failure of its own.
            stubborn.healthCheck = HealthCheck(probe: .command(["/bin/sh", "-c", #"test ! -e "$SICK""#]), interval: .milliseconds(100), timeout: .seconds(20), retries: 3)
            stubborn.stopGracePeriod = .seconds(2)
            try await harness.up("stubborn", [stubborn])
            let first = try #require(try harness.instances("stubborn").first)

            try Data().write(to: URL(fileURLWithPath: sick))
            try await waitUntil("`stubborn` is unhealthy", state: { "\((try? harness.instances("stubborn")) ?? [])" }) {
                try harness.instances("stubborn").first?.status == .unhealthy
            }
            // Its checks pass again while it waits for SIGKILL: it is being stopped all the same.
            try FileManager.default.removeItem(atPath: sick)
            var whileStopping: [InstanceRunner.Snapshot] = []
            try await waitUntil("`stubborn` runs a new process", state: { "\((try? harness.instances("stubborn")) ?? [])" }) {
                let instance = try #require(try harness.instances("stubborn").first)
                if instance.pid == first.pid { whileStopping.append(instance) }
                return instance.pid != nil && instance.pid != first.pid
            }
            #expect(!whileStopping.isEmpty)
            #expect(whileStopping.allSatisfy { !$0.inTraffic && $0.status == .unhealthy }, "\(Set(whileStopping.map { "\($0.status) in traffic: \($0.inTraffic)" }))")
            try await harness.waitUntilReady("stubborn", count: 1, revision: 1)
            let again = try #require(try harness.instances("stubborn").first)
            #expect(again.restarts == 1)
            #expect(again.lastEvent == "unhealthy after 3 failed checks: exit status 1", "\(again.lastEvent ?? "")")
        }
    }
}
