import BatonTesting
import Foundation
import Testing
@testable import BatonServices

/// Updates as a client of the service sees them: two `baton-demo` instances behind a stable
/// port, a client sending `GET /` on a new connection each time throughout, and the promise that
/// no request fails — when the new revision is good, and when it is broken and rolled back.
@Suite("Service updates", .timeLimit(.minutes(1)))
struct ServiceUpdateTests {
    @Test("a rolling update to a revision that never gets healthy rolls back by itself; so does a blue-green one; no request fails")
    func brokenUpdatesRollBack() async throws {
        try await SupervisorHarness.with { harness in
            let port = try TestPorts.free()
            let good = try harness.demo("web", port: port, replicas: 2)
            try await harness.up("shop", [good])
            let before = try harness.instances("web")
            var broken = good
            broken.environment["FAULTS"] = #"{"unhealthy":true}"#
            broken.update.healthTimeout = .seconds(3)

            try await LoopbackClient.withLoad(on: port) { client in
                try await client.waitForMoreSuccesses(20)
                let rolling = try await serviceError { try await harness.manager.update(good.name, to: broken, cause: "test: broken") }
                #expect(rolling.code == .failed)
                #expect(rolling.message.contains("was not ready within 3s"), "\(rolling)")
                #expect(rolling.message.contains("rolled back to revision 1"), "\(rolling)")
                try await client.waitForMoreSuccesses(20)

                let blueGreen = try await serviceError {
                    try await harness.manager.update(good.name, to: broken, cause: "test: broken", strategy: .blueGreen)
                }
                #expect(blueGreen.code == .failed)
                #expect(blueGreen.message.contains("revision 1 keeps serving"), "\(blueGreen)")
                try await client.waitForMoreSuccesses(20)
                #expect(client.tally.failures.isEmpty, "requests failed during the updates: \(client.tally.failures.prefix(5))")
            }

            let status = try await harness.manager.status(good.name)
            #expect(status.revision == 1)
            #expect(status.overall == .healthy)
            #expect(status.instances.map(\.pid) == before.map(\.pid), "the old instances kept running")
            #expect(status.instances.allSatisfy { $0.revision == 1 && $0.status == .healthy })
            #expect(try await harness.manager.history(good.name).map(\.number) == [1], "a failed update stores no revision")
            #expect(try await harness.store.service(good.name)?.revision == 1)
        }
    }

    @Test("a rolling update and then a blue-green one replace every instance while no request fails")
    func goodUpdatesKeepServing() async throws {
        try await SupervisorHarness.with { harness in
            let port = try TestPorts.free()
            let first = try harness.demo("web", port: port, replicas: 2)
            try await harness.up("shop", [first])
            var second = first
            second.environment["WORK_MS"] = "1"
            var third = second
            third.environment["WORK_MS"] = "2"
            var pids = Set(try harness.instances("web").compactMap(\.pid))

            try await LoopbackClient.withLoad(on: port) { client in
                try await client.waitForMoreSuccesses(20)
                let rolling = try await harness.manager.update(first.name, to: second, cause: "test: WORK_MS=1")
                #expect(rolling.fromRevision == 1 && rolling.toRevision == 2)
                #expect(rolling.changes == [#"environment.WORK_MS: "0" → "1""#])
                try await harness.waitUntilReady("web", count: 2, revision: 2)
                let afterRolling = Set(try harness.instances("web").compactMap(\.pid))
                #expect(afterRolling.isDisjoint(with: pids), "every instance was replaced")
                #expect(pids.allSatisfy { hasEnded($0) })
                pids = afterRolling
                try await client.waitForMoreSuccesses(20)

                let blueGreen = try await harness.manager.update(first.name, to: third, cause: "test: WORK_MS=2", strategy: .blueGreen)
                #expect(blueGreen.toRevision == 3)
                #expect(blueGreen.steps.contains("switched traffic to revision 3"), "\(blueGreen.steps)")
                try await harness.waitUntilReady("web", count: 2, revision: 3)
                #expect(Set(try harness.instances("web").compactMap(\.pid)).isDisjoint(with: pids))
                #expect(pids.allSatisfy { hasEnded($0) })
                try await client.waitForMoreSuccesses(20)
                #expect(client.tally.failures.isEmpty, "requests failed during the updates: \(client.tally.failures.prefix(5))")
            }
            let history = try await harness.manager.history(first.name)
            #expect(history.map(\.number) == [1, 2, 3])
            #expect(history.last?.definition.environment["WORK_MS"] == "2")
            #expect(try await harness.manager.status(first.name).overall == .healthy)
        }
    }

    @Test("a rolling restart replaces each instance by a new process while no request fails")
    func rollingRestartKeepsServing() async throws {
        try await SupervisorHarness.with { harness in
            let port = try TestPorts.free()
            let web = try harness.demo("web", port: port, replicas: 2)
            try await harness.up("shop", [web])
            let before = Set(try harness.instances("web").compactMap(\.pid))
            try await LoopbackClient.withLoad(on: port) { client in
                try await client.waitForMoreSuccesses(20)
                try await harness.manager.restart(web.name, rolling: true)
                try await harness.waitUntilReady("web", count: 2, revision: 1)
                try await client.waitForMoreSuccesses(20)
                #expect(client.tally.failures.isEmpty, "requests failed during the restart: \(client.tally.failures.prefix(5))")
            }
            #expect(Set(try harness.instances("web").compactMap(\.pid)).isDisjoint(with: before))
            #expect(before.allSatisfy { hasEnded($0) })
            #expect(try await harness.manager.history(web.name).count == 1, "a restart makes no revision")
        }
    }

    @Test("a canary that answers 500 to every request is rolled back over its error rate; the old revision keeps its instances")
    func canaryOverErrorRateRollsBack() async throws {
        try await SupervisorHarness.with { harness in
            let port = try TestPorts.free()
            let web = try harness.demo("web", port: port, replicas: 2)
            try await harness.up("shop", [web])
            let before = try harness.instances("web").map(\.pid)
            var canary = web
            canary.environment["FAULTS"] = #"{"error_rate":1}"#
            canary.update = UpdatePolicy(
                strategy: .canary, healthTimeout: .seconds(20), canaryPercent: 50, canaryDuration: .seconds(3), maximumErrorRate: 0.1)

            try await LoopbackClient.withLoad(on: port) { client in
                try await client.waitForMoreSuccesses(20)
                let error = try await serviceError { try await harness.manager.update(web.name, to: canary, cause: "test: canary") }
                #expect(error.code == .failed)
                // 5xx among every request the canary counted (its health checks too): most of them.
                let rate = error.message.firstMatch(of: /the canary of `web` revision 2 was rolled back: error rate ([0-9.]+)% over [0-9]+ requests is above the limit 10%/)
                #expect(rate.flatMap { Double($0.1) }.map { $0 > 50 } == true, "\(error)")
                #expect(client.tally.failures.contains { $0.contains("500") }, "the canary had its share of the requests")
                // Once rolled back, every request is answered by the old revision again.
                let failed = client.tally.failures.count
                try await client.waitForMoreSuccesses(20)
                #expect(client.tally.failures.count == failed, "requests failed after the rollback: \(client.tally.failures.suffix(3))")
            }
            let status = try await harness.manager.status(web.name)
            #expect(status.revision == 1 && status.overall == .healthy)
            #expect(status.instances.map(\.pid) == before)
            #expect(try await harness.manager.history(web.name).map(\.number) == [1])
        }
    }
}
