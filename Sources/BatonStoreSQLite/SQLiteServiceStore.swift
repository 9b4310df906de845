import BatonServices
import BatonWorkflow
import Foundation
import GRDB

/// The service store in the same SQLite database as the runs (its own tables, its own
/// migrations): declared services, their revisions, the instances the local driver started.
public final class SQLiteServiceStore: ServiceStore {
    private let writer: any DatabaseWriter

    /// Works through the run store's connection, after applying the service tables' migrations.
    /// - Throws: ``ServiceStoreError`` when a migration fails.
    public init(writer: any DatabaseWriter) throws(ServiceStoreError) {
        self.writer = writer
        do {
            try Self.migrator.migrate(writer)
        } catch {
            throw ServiceStoreError("cannot migrate the service tables: \(error)")
        }
    }

    /// The service tables' versions; a released migration is never edited.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("services-v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE services (
                        name TEXT PRIMARY KEY NOT NULL,
                        project TEXT NOT NULL,
                        revision INTEGER NOT NULL,
                        replicas INTEGER NOT NULL,
                        desired TEXT NOT NULL,
                        updated_at REAL NOT NULL
                    ) WITHOUT ROWID;
                    CREATE TABLE service_revisions (
                        service TEXT NOT NULL,
                        number INTEGER NOT NULL,
                        definition TEXT NOT NULL,
                        created_at REAL NOT NULL,
                        cause TEXT NOT NULL,
                        changes TEXT NOT NULL,
                        PRIMARY KEY (service, number)
                    ) WITHOUT ROWID;
                    CREATE TABLE service_instances (
                        instance TEXT PRIMARY KEY NOT NULL,
                        service TEXT NOT NULL,
                        pid INTEGER NOT NULL,
                        process_group INTEGER NOT NULL,
                        start_time INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    """)
        }
        return migrator
    }

    public func services() async throws(ServiceStoreError) -> [StoredService] {
        let rows = try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM services ORDER BY name").map { row in
                (name: row["name"] as String, project: row["project"] as String, revision: row["revision"] as Int, replicas: row["replicas"] as Int,
                 desired: row["desired"] as String, updatedAt: row["updated_at"] as Double)
            }
        }
        var services: [StoredService] = []
        for row in rows {
            services.append(
                StoredService(
                    name: try Self.name(row.name), project: row.project, revision: row.revision, replicas: row.replicas,
                    desired: StoredService.Desired(rawValue: row.desired) ?? .stopped, updatedAt: Date(timeIntervalSince1970: row.updatedAt)))
        }
        return services
    }

    public func revisions(of service: ServiceName) async throws(ServiceStoreError) -> [ServiceRevision] {
        let rows = try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM service_revisions WHERE service = ? ORDER BY number", arguments: [service.rawValue]).map { row in
                (number: row["number"] as Int, definition: row["definition"] as String, createdAt: row["created_at"] as Double,
                 cause: row["cause"] as String, changes: row["changes"] as String)
            }
        }
        var revisions: [ServiceRevision] = []
        for row in rows {
            let changes = (try? JSONValue(jsonText: row.changes))?.arrayValue?.compactMap(\.stringValue) ?? []
            revisions.append(
                ServiceRevision(
                    service: service, number: row.number, definition: try ServiceDefinition(name: service, storedJSON: row.definition),
                    createdAt: Date(timeIntervalSince1970: row.createdAt), cause: row.cause, changes: changes))
        }
        return revisions
    }

    public func commit(_ change: ServiceStoreChange) async throws(ServiceStoreError) {
        try await write { db in
            for name in change.removals {
                try db.execute(sql: "DELETE FROM services WHERE name = ?", arguments: [name.rawValue])
                try db.execute(sql: "DELETE FROM service_revisions WHERE service = ?", arguments: [name.rawValue])
            }
            for revision in change.newRevisions {
                try db.execute(
                    sql: "INSERT INTO service_revisions (service, number, definition, created_at, cause, changes) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [
                        revision.service.rawValue, revision.number, revision.definition.template.documentValue.jsonText(),
                        revision.createdAt.timeIntervalSince1970, revision.cause, JSONValue.array(revision.changes.map(JSONValue.string)).jsonText(),
                    ])
            }
            for service in change.upserts {
                try db.execute(
                    sql: """
                        INSERT INTO services (name, project, revision, replicas, desired, updated_at) VALUES (?, ?, ?, ?, ?, ?)
                        ON CONFLICT (name) DO UPDATE SET project = excluded.project, revision = excluded.revision,
                            replicas = excluded.replicas, desired = excluded.desired, updated_at = excluded.updated_at
                        """,
                    arguments: [
                        service.name.rawValue, service.project, service.revision, service.replicas, service.desired.rawValue,
                        service.updatedAt.timeIntervalSince1970,
                    ])
            }
        }
    }

    public func instanceRecords() async throws(ServiceStoreError) -> [InstanceRecord] {
        let rows = try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM service_instances ORDER BY instance").map { row in
                (instance: row["instance"] as String, service: row["service"] as String, pid: row["pid"] as Int32,
                 processGroup: row["process_group"] as Int32, startTime: row["start_time"] as Int64)
            }
        }
        var records: [InstanceRecord] = []
        for row in rows {
            records.append(
                InstanceRecord(
                    instance: row.instance, service: try Self.name(row.service), pid: row.pid, processGroup: row.processGroup,
                    startTime: UInt64(row.startTime)))
        }
        return records
    }

    public func recordInstance(_ record: InstanceRecord) async throws(ServiceStoreError) {
        try await write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO service_instances (instance, service, pid, process_group, start_time) VALUES (?, ?, ?, ?, ?)",
                arguments: [record.instance, record.service.rawValue, record.pid, record.processGroup, Int64(record.startTime)])
        }
    }

    public func forgetInstances(_ names: [String]) async throws(ServiceStoreError) {
        guard !names.isEmpty else { return }
        try await write { db in
            for name in names { try db.execute(sql: "DELETE FROM service_instances WHERE instance = ?", arguments: [name]) }
        }
    }

    // MARK: Access

    /// Writes on the calling thread, whole, also when the caller is cancelled (a stopping
    /// supervisor still records the instances it stopped), as the run store does.
    private func write(_ body: (Database) throws -> Void) async throws(ServiceStoreError) {
        do {
            try Self.writeHere(writer) { db in
                try db.inTransaction(.immediate) {
                    try body(db)
                    return .commit
                }
            }
        } catch {
            throw ServiceStoreError("the database failed: \(error)")
        }
    }

    /// GRDB's blocking write (from async code the compiler would pick the async overload).
    private static func writeHere(_ writer: any DatabaseWriter, _ body: (Database) throws -> Void) throws {
        try writer.writeWithoutTransaction(body)
    }

    private func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(ServiceStoreError) -> T {
        do {
            return try await writer.read(body)
        } catch {
            throw ServiceStoreError("the database failed: \(error)")
        }
    }

    private static func name(_ text: String) throws(ServiceStoreError) -> ServiceName {
        do {
            return try ServiceName(text)
        } catch {
            throw ServiceStoreError("a stored service name does not read: \(error)")
        }
    }
}
