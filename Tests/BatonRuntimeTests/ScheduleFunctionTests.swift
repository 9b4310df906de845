import BatonEngine
import BatonRuntime
import BatonStore
import BatonTesting
import BatonWorkflow
import Foundation
import Testing

/// `schedule-create:1.0.0@default`: a recurring job stored as a scheduled workflow of the
/// `schedules` namespace, run on its cron by the orchestrator (on a manual clock here).
@Suite("schedule-create")
struct ScheduleFunctionTests {
    static func create(_ with: String, on node: Orchestrator) async throws -> StoredRun {
        let key = try await node.applyDefinition(
            """
            document: { dsl: '1.0.3', namespace: test, name: make-schedule-\(UUID().uuidString.prefix(8).lowercased()), version: '1.0.0' }
            do:
              - schedule:
                  call: schedule-create:1.0.0@default
                  with: \(with)
            """)
        let run = try await node.start(key)
        return try await node.waitForFinish(of: run.id)
    }

    @Test("stores a scheduled workflow that runs the command on its cron, survives a restart, and is replaced by a second call")
    func storesAndRuns() async throws {
        let clock = ManualClock()  // 2027-01-15T08:00:00Z
        try await RuntimeHarness.withHarness(clock: clock) { harness in
            let marker = harness.folder.appendingPathComponent("ran.txt").path
            try await harness.withNode { node in
                let run = try await Self.create("{name: nightly, cron: '0 2 * * *', command: 'echo ran >> \(marker)'}", on: node)
                #expect(run.status == .completed, "\(String(describing: run.error))")
                #expect(run.output?["workflow"] == "schedules/nightly")
                #expect(run.output?["version"] == "1.0.0")
                #expect(run.output?["replaced"] == false)
                #expect(run.output?["next_run"] == "2027-01-16T02:00:00Z")
                let key = WorkflowDefinitionKey(namespace: "schedules", name: "nightly", version: "1.0.0")
                let stored = try #require(try await node.store.schedule(of: key))
                #expect(stored.nextFireAt == ISO8601DateFormatter().date(from: "2027-01-16T02:00:00Z"))

                // The same arguments again change nothing.
                let again = try await Self.create("{name: nightly, cron: '0 2 * * *', command: 'echo ran >> \(marker)'}", on: node)
                #expect(again.output?["version"] == "1.0.0" && again.output?["replaced"] == true)
            }
            // Down over the fire time: the next node runs the job once it is back.
            clock.advance(by: .seconds(19 * 3600))
            try await harness.withNode { node in
                try await eventually("the job runs") {
                    try await node.store.runs(RunFilter(name: "nightly")).runs.contains { $0.status == .completed }
                }
                #expect(try String(contentsOfFile: marker, encoding: .utf8) == "ran\n")

                let replaced = try await Self.create("{name: nightly, cron: '30 3 * * 1', command: 'echo other'}", on: node)
                #expect(replaced.output?["version"] == "1.0.1" && replaced.output?["replaced"] == true, "\(String(describing: replaced.output))")
                #expect(try await node.store.schedule(of: WorkflowDefinitionKey(namespace: "schedules", name: "nightly", version: "1.0.0")) == nil)
                let schedule = try #require(try await node.store.schedule(of: WorkflowDefinitionKey(namespace: "schedules", name: "nightly", version: "1.0.1")))
                #expect(schedule.specification == ["cron": "30 3 * * 1"])
            }
        }
    }

    @Test("a call instead of a command is stored as a catalog call")
    func storesCall() async throws {
        try await RuntimeHarness.withHarness(clock: ManualClock()) { harness in
            try await harness.withNode { node in
                let run = try await Self.create(
                    "{name: backup-shop-db, cron: '0 2 * * *', call: {function: 'database-backup:1.0.0@default', with: {database: shop-db, retention_days: 14}}}", on: node)
                #expect(run.status == .completed, "\(String(describing: run.error))")
                let definition = try await node.definition(namespace: "schedules", name: "backup-shop-db", version: nil)
                #expect(definition.document["do"]?.arrayValue?.first?["run"] == ["call": "database-backup:1.0.0@default", "with": ["database": "shop-db", "retention_days": 14]])
            }
        }
    }

    @Test("bad arguments fault the run with the field", arguments: [
        ("{name: Nightly, cron: '0 2 * * *', command: x}", "with.name"),
        ("{name: nightly, cron: 'at two', command: x}", "with.cron"),
        ("{name: nightly, cron: '0 2 * * *'}", "with.command"),
        ("{name: nightly, cron: '0 2 * * *', command: x, every: 1}", "with.every"),
        ("{name: nightly, cron: '0 2 * * *', call: {with: {}}}", "with.call.function"),
    ])
    func badArguments(with: String, field: String) async throws {
        try await RuntimeHarness.withHarness(clock: ManualClock()) { harness in
            try await harness.withNode { node in
                let run = try await Self.create(with, on: node)
                #expect(run.status == .faulted)
                #expect(run.error?.detail?.contains(field) == true, "\(String(describing: run.error))")
            }
        }
    }
}
