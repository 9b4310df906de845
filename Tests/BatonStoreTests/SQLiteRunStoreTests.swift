import BatonEngine
import BatonStore
import BatonStoreSQLite
import BatonStoreTesting
import BatonTesting
import BatonWorkflow
import Foundation
import GRDB
import Testing

/// What only the SQLite store has: a file, its migrations, WAL, and transactions.
@Suite struct SQLiteRunStoreTests {
    static let tables = ["approvals", "event_log", "run_events", "run_timers", "runs", "schedules", "workflow_definitions"]

    @Test func migrationsCreateTheSchemaInAnEmptyFile() async throws {
        try await withTemporaryDirectory { folder in
            let path = folder.appendingPathComponent("empty.sqlite").path
            let store = try SQLiteRunStore(path: path)
            #expect(FileManager.default.fileExists(atPath: path))
            let (applied, tables) = try await store.writer.read { db in
                (try SQLiteRunStore.migrator.appliedIdentifiers(db), try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%' ORDER BY name"))
            }
            #expect(applied == ["v1"])
            #expect(tables == Self.tables)
            #expect(try await store.definitions().isEmpty)
            // Opening again finds nothing left to migrate.
            let reopened = try SQLiteRunStore(path: path)
            #expect(try await reopened.writer.read { db in try SQLiteRunStore.migrator.hasCompletedMigrations(db) })
        }
    }

    @Test func theFileIsInWALModeWithForeignKeysAndABusyTimeout() async throws {
        try await withTemporaryDirectory { folder in
            let store = try SQLiteRunStore(path: folder.appendingPathComponent("wal.sqlite").path, configuration: .init(busyTimeout: .seconds(3)))
            let (journal, foreignKeys, timeout, synchronous) = try await store.writer.write { db in
                (
                    try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA foreign_keys"),
                    try Int.fetchOne(db, sql: "PRAGMA busy_timeout"), try Int.fetchOne(db, sql: "PRAGMA synchronous")
                )
            }
            #expect(journal == "wal")
            #expect(foreignKeys == 1)
            #expect(timeout == 3000)
            #expect(synchronous == 1, "NORMAL")
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("wal.sqlite-wal").path))
        }
    }

    @Test func aReopenedFileKeepsEverything() async throws {
        try await withTemporaryDirectory { folder in
            let path = folder.appendingPathComponent("kept.sqlite").path
            let clock = ManualClock()
            let definition = RunStoreConformance.definition()
            let event = RunEvent(kind: .taskCompleted, at: clock.now(), name: "a", reference: "/do/0/a", position: "/do/0/a", output: ["x": 1], context: ["c": true], next: "continue")
            let cloudEvent: JSONValue = ["specversion": "1.0", "id": "e-1", "source": "/tests", "type": "com.example.tested", "data": [1, 2]]
            let schedule = WorkflowSchedule(definition: definition.key, specification: ["every": ["minutes": 1]], nextFireAt: clock.now().addingTimeInterval(60))
            do {
                let store = try SQLiteRunStore(path: path, clock: clock)
                try await store.storeDefinition(definition)
                _ = try await store.createRun(NewRun(id: "run-1", definition: definition.key, input: ["n": 1]))
                try await store.append([RunEvent(kind: .runStarted, at: clock.now()), event], to: "run-1")
                _ = try await store.claimRun("run-1", owner: "node-a", leaseDuration: .seconds(30))
                try await store.upsertTimer(RunTimer(runID: "run-1", position: "/do/1/wait", fireAt: clock.now().addingTimeInterval(10)))
                try await store.appendCloudEvent(cloudEvent)
                _ = try await store.createApproval(NewApproval(id: "ap-1", runID: "run-1", position: "/do/2/ok", message: "OK?", data: ["y": 2]))
                try await store.upsertSchedule(schedule)
            }
            let store = try SQLiteRunStore(path: path, clock: clock)
            #expect(try await store.definition(definition.key)?.hasSameContent(as: definition) == true)
            let run = try #require(try await store.run("run-1"))
            #expect(run.status == .running && run.input == ["n": 1] && run.lastSequence == 2 && run.lease?.owner == "node-a")
            #expect(try await store.events(of: "run-1").map(\.event) == [RunEvent(kind: .runStarted, at: clock.now()), event])
            #expect(try await store.timers(of: "run-1").map(\.position) == ["/do/1/wait"])
            #expect(try await store.cloudEvents(after: 0, types: nil, limit: 10).map(\.event) == [cloudEvent])
            #expect(try await store.appendCloudEvent(cloudEvent).inserted == false, "deduplication survives a restart")
            #expect(try await store.approval("ap-1")?.data == ["y": 2])
            #expect(try await store.schedule(of: definition.key) == schedule)
            #expect(try await store.append(event, to: "run-1") == 2, "idempotency survives a restart")
            #expect(try await store.append(RunEvent(kind: .runCompleted, at: clock.now(), output: 1), to: "run-1") == 3)
        }
    }

    @Test func aFailedAppendRollsBackRowsItAlreadyWrote() async throws {
        let store = try SQLiteRunStore.inMemory()
        try await store.storeDefinition(RunStoreConformance.definition())
        _ = try await store.createRun(NewRun(id: "run-1", definition: RunStoreConformance.definition().key))
        try await store.append([RunEvent(kind: .runStarted, at: Date())], to: "run-1")
        // Two events are written before the third fails: none of them may stay.
        await #expect(throws: RunStoreError.self) {
            try await store.append(
                [RunEvent(kind: .taskCompleted, at: Date(), position: "/do/0/a"), RunEvent(kind: .runCompleted, at: Date()), RunEvent(kind: .taskStarted, at: Date(), position: "/do/1/b")],
                to: "run-1")
        }
        let (rows, status) = try await store.writer.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM run_events") ?? -1, try String.fetchOne(db, sql: "SELECT status FROM runs"))
        }
        #expect(rows == 1)
        #expect(status == "running")
    }

    @Test func aBusyDatabaseFailsTheWriteWithARetryableErrorAndKeepsEarlierData() async throws {
        try await withTemporaryDirectory { folder in
            let path = folder.appendingPathComponent("busy.sqlite").path
            let store = try SQLiteRunStore(path: path, configuration: .init(busyTimeout: .milliseconds(50)))
            try await store.storeDefinition(RunStoreConformance.definition())
            _ = try await store.createRun(NewRun(id: "run-1", definition: RunStoreConformance.definition().key))
            try await store.append([RunEvent(kind: .runStarted, at: Date())], to: "run-1")

            // Another connection holds the write lock past the store's busy timeout: its write
            // transaction stays open until the store's append has given up.
            let other = try DatabaseQueue(path: path)
            let (locked, lockedContinuation) = AsyncStream.makeStream(of: Void.self)
            let release = DispatchSemaphore(value: 0)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await other.write { db in
                        try db.execute(sql: "UPDATE runs SET updated_at = updated_at")
                        lockedContinuation.yield()
                        release.wait()
                    }
                }
                for await _ in locked { break }
                do throws(RunStoreError) {
                    try await store.append([RunEvent(kind: .taskStarted, at: Date(), position: "/do/0/a")], to: "run-1")
                    Issue.record("the append should have failed while the database was locked")
                } catch {
                    #expect(error.kind == .storage)
                    #expect(error.isRetryable)
                }
                release.signal()
                try await group.waitForAll()
            }

            #expect(try await store.events(of: "run-1").map(\.sequence) == [1])
            #expect(try await store.append([RunEvent(kind: .taskStarted, at: Date(), position: "/do/0/a")], to: "run-1") == 2)
        }
    }
}
