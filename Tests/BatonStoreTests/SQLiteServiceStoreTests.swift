import BatonEngine
import BatonServices
import BatonStore
import BatonStoreSQLite
import BatonStoreTesting
import BatonWorkflow
import Foundation
import GRDB
import Testing

/// What only the SQLite service store has: a file it shares with the run store.
@Suite struct SQLiteServiceStoreTests {
    static let serviceTables = ["service_instances", "service_revisions", "services"]

    /// Both stores migrate the one file side by side, each keeps its data across a reopening,
    /// and the run store works on beside the service tables.
    @Test func theServiceAndRunStoresShareAFile() async throws {
        try await withTemporaryDirectory { folder in
            let path = folder.appendingPathComponent("baton.sqlite").path
            let definition = RunStoreConformance.definition()
            let service = try ServiceStoreConformance.fullDefinition("api")
            let declared = StoredService(name: service.name, project: "shop", revision: 1, replicas: 3, desired: .running, updatedAt: ServiceStoreConformance.start)
            let revision = ServiceRevision(service: service.name, number: 1, definition: service, createdAt: ServiceStoreConformance.start, cause: "up", changes: ["created"])
            let record = InstanceRecord(instance: "api-1", service: service.name, pid: 4242, processGroup: 4242, startTime: 7)
            do {
                let runs = try SQLiteRunStore(path: path)
                let services = try SQLiteServiceStore(writer: runs.writer)
                try await runs.storeDefinition(definition)
                _ = try await runs.createRun(NewRun(id: "run-1", definition: definition.key, input: ["n": 1]))
                try await runs.append([RunEvent(kind: .runStarted, at: Date())], to: "run-1")
                try await services.commit(ServiceStoreChange(upserts: [declared], newRevisions: [revision]))
                try await services.recordInstance(record)
                let tables = try await runs.writer.read { db in
                    try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%' ORDER BY name")
                }
                #expect(tables == (SQLiteRunStoreTests.tables + Self.serviceTables).sorted())
            }

            // Reopened: nothing left to migrate, everything kept, and the run store goes on.
            let runs = try SQLiteRunStore(path: path)
            let services = try SQLiteServiceStore(writer: runs.writer)
            let migrations = try await runs.writer.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier") }
            #expect(migrations == ["services-v1", "v1"])
            #expect(try await services.services() == [declared])
            #expect(try await services.currentRevision(of: service.name)?.definition == service.template)
            #expect(try await services.instanceRecords() == [record])
            #expect(try await runs.run("run-1")?.lastSequence == 1)
            #expect(try await runs.append(RunEvent(kind: .runCompleted, at: Date(), output: 1), to: "run-1") == 2)
            _ = try await runs.createRun(NewRun(id: "run-2", definition: definition.key))
            try await services.commit(ServiceStoreChange(removals: [service.name]))
            #expect(try await runs.run("run-2")?.status == .pending)
            #expect(try await services.services().isEmpty)
        }
    }

    /// A file whose service tables were made first (another order of start-up) still takes the
    /// run store's migrations.
    @Test func theRunStoreMigratesAFileThatHasTheServiceTables() async throws {
        try await withTemporaryDirectory { folder in
            let path = folder.appendingPathComponent("baton.sqlite").path
            let service = try ServiceStoreConformance.minimalDefinition("db")
            let declared = StoredService(name: service.name, project: "shop", revision: 1, replicas: 1, desired: .stopped, updatedAt: ServiceStoreConformance.start)
            do {
                let services = try SQLiteServiceStore(writer: try DatabaseQueue(path: path))
                try await services.commit(ServiceStoreChange(upserts: [declared]))
            }
            let runs = try SQLiteRunStore(path: path)
            let services = try SQLiteServiceStore(writer: runs.writer)
            #expect(try await services.services() == [declared])
            try await runs.storeDefinition(RunStoreConformance.definition())
            _ = try await runs.createRun(NewRun(id: "run-1", definition: RunStoreConformance.definition().key))
            #expect(try await runs.run("run-1")?.status == .pending)
        }
    }
}
