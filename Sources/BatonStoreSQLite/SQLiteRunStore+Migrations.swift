import GRDB

extension SQLiteRunStore {
    /// The schema's versions, applied in order by GRDB's `DatabaseMigrator` when a store opens a
    /// database. A migration once released is never edited: changes come as new migrations.
    ///
    /// Times are `REAL` seconds since 1970 (UTC); JSON values are compact JSON text.
    public static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: schemaV1)
        }
        return migrator
    }

    /// v1: every table of the store.
    static let schemaV1 = """
        CREATE TABLE workflow_definitions (
            namespace TEXT NOT NULL,
            name TEXT NOT NULL,
            version TEXT NOT NULL,
            source TEXT NOT NULL,
            document TEXT NOT NULL,
            stored_at REAL NOT NULL,
            PRIMARY KEY (namespace, name, version)
        ) WITHOUT ROWID;

        CREATE TABLE runs (
            id TEXT PRIMARY KEY NOT NULL,
            namespace TEXT NOT NULL,
            name TEXT NOT NULL,
            version TEXT NOT NULL,
            input TEXT NOT NULL,
            status TEXT NOT NULL,
            output TEXT,
            error TEXT,
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL,
            started_at REAL,
            finished_at REAL,
            parent_run_id TEXT REFERENCES runs(id),
            lease_owner TEXT,
            lease_expires_at REAL,
            last_sequence INTEGER NOT NULL DEFAULT 0,
            FOREIGN KEY (namespace, name, version) REFERENCES workflow_definitions(namespace, name, version)
        );
        CREATE INDEX runs_by_creation ON runs(created_at, id);
        CREATE INDEX runs_by_status ON runs(status, created_at, id);
        CREATE INDEX runs_by_definition ON runs(namespace, name, version);
        CREATE INDEX runs_by_parent ON runs(parent_run_id) WHERE parent_run_id IS NOT NULL;

        CREATE TABLE run_events (
            run_id TEXT NOT NULL REFERENCES runs(id),
            sequence INTEGER NOT NULL,
            kind TEXT NOT NULL,
            at REAL NOT NULL,
            position TEXT,
            deduplication_key TEXT,
            payload TEXT NOT NULL,
            PRIMARY KEY (run_id, sequence)
        ) WITHOUT ROWID;
        CREATE UNIQUE INDEX run_events_once ON run_events(run_id, deduplication_key) WHERE deduplication_key IS NOT NULL;

        CREATE TABLE run_timers (
            run_id TEXT NOT NULL REFERENCES runs(id),
            position TEXT NOT NULL,
            fire_at REAL NOT NULL,
            PRIMARY KEY (run_id, position)
        ) WITHOUT ROWID;
        CREATE INDEX run_timers_by_fire_time ON run_timers(fire_at);

        CREATE TABLE event_log (
            sequence INTEGER PRIMARY KEY AUTOINCREMENT,
            type TEXT NOT NULL,
            source TEXT NOT NULL,
            id TEXT NOT NULL,
            event TEXT NOT NULL,
            received_at REAL NOT NULL,
            UNIQUE (source, id)
        );
        CREATE INDEX event_log_by_type ON event_log(type, sequence);

        CREATE TABLE approvals (
            id TEXT PRIMARY KEY NOT NULL,
            run_id TEXT NOT NULL REFERENCES runs(id),
            position TEXT NOT NULL,
            message TEXT NOT NULL,
            data TEXT NOT NULL,
            created_at REAL NOT NULL,
            verdict TEXT,
            decided_by TEXT,
            decided_at REAL,
            reason TEXT,
            UNIQUE (run_id, position)
        );
        CREATE INDEX approvals_pending ON approvals(created_at, id) WHERE verdict IS NULL;

        CREATE TABLE schedules (
            namespace TEXT NOT NULL,
            name TEXT NOT NULL,
            version TEXT NOT NULL,
            specification TEXT NOT NULL,
            next_fire_at REAL,
            last_fired_at REAL,
            PRIMARY KEY (namespace, name, version),
            FOREIGN KEY (namespace, name, version) REFERENCES workflow_definitions(namespace, name, version)
        ) WITHOUT ROWID;
        CREATE INDEX schedules_by_next_fire ON schedules(next_fire_at) WHERE next_fire_at IS NOT NULL;
        """
}
