import BatonEngine
import BatonStore
import BatonWorkflow
import Foundation
import GRDB
import Synchronization

/// The embedded ``RunStore``: one SQLite file through GRDB, in WAL mode, so that readers never
/// wait for the writer and each write is one short transaction.
///
/// Open a file with ``init(path:configuration:clock:)`` (a GRDB `DatabasePool`: WAL, a busy
/// timeout, foreign keys on); tests use ``inMemory(clock:)``. Opening applies the pending
/// ``migrator`` migrations.
///
/// Durability: with the default ``Configuration/Synchronous/normal`` a committed transaction
/// survives the process dying (`kill -9`); the last transactions before a power loss may not.
/// ``Configuration/Synchronous/full`` makes every commit durable against power loss too, at the
/// price of an `fsync` per commit.
public final class SQLiteRunStore: RunStore {
    /// How the database file is opened.
    public struct Configuration: Sendable, Hashable {
        /// SQLite's `synchronous` setting in WAL mode.
        public enum Synchronous: String, Sendable, Hashable {
            /// Commits survive a crash of the process; the WAL is synced at checkpoints.
            case normal = "NORMAL"
            /// Every commit is synced to disk.
            case full = "FULL"
        }

        /// How long a write waits for another connection's lock before failing with a storage error.
        public var busyTimeout: Duration
        public var synchronous: Synchronous

        public init(busyTimeout: Duration = .seconds(5), synchronous: Synchronous = .normal) {
            self.busyTimeout = busyTimeout
            self.synchronous = synchronous
        }
    }

    /// The GRDB connection (pool or queue) the store works through.
    public let writer: any DatabaseWriter
    private let clock: any WorkflowClock
    /// The appends waiting for the next group commit.
    private let appends = Mutex(AppendQueue())

    /// Opens (creating it when absent) the database file at `path` in WAL mode and migrates it.
    /// - Throws: `storage` when the file cannot be opened or migrated.
    public convenience init(path: String, configuration: Configuration = Configuration(), clock: any WorkflowClock = SystemClock()) throws(RunStoreError) {
        var config = GRDB.Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(configuration.busyTimeout.timeInterval)
        config.label = "baton.store"
        let synchronous = configuration.synchronous.rawValue
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(synchronous)")
        }
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: config)
        } catch {
            throw RunStoreError(.storage, "cannot open the database `\(path)`: \(error)")
        }
        try self.init(writer: pool, clock: clock)
    }

    /// Works through a GRDB connection the caller opened, after applying the pending migrations.
    /// - Throws: `storage` when a migration fails.
    public init(writer: any DatabaseWriter, clock: any WorkflowClock = SystemClock()) throws(RunStoreError) {
        self.writer = writer
        self.clock = clock
        do {
            try Self.migrator.migrate(writer)
        } catch {
            throw RunStoreError(.storage, "cannot migrate the database: \(error)")
        }
    }

    /// A store in memory (a GRDB `DatabaseQueue()`), for tests: the same SQL as a file, nothing kept.
    public static func inMemory(clock: any WorkflowClock = SystemClock()) throws(RunStoreError) -> SQLiteRunStore {
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue()
        } catch {
            throw RunStoreError(.storage, "cannot open an in-memory database: \(error)")
        }
        return try SQLiteRunStore(writer: queue, clock: clock)
    }

    // MARK: Access

    /// Runs `body` in one immediate write transaction: committed when it returns, rolled back
    /// when it throws. Written on the calling thread, whole, also when the calling task is
    /// cancelled: a run that is being stopped still records what it did (a deleted timer, a
    /// status), and GRDB's async write would give up instead.
    private func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(RunStoreError) -> T {
        do {
            return try Self.writeHere(writer) { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                return result!
            }
        } catch {
            throw Self.storeError(error)
        }
    }

    private func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(RunStoreError) -> T {
        do {
            return try await writer.read(body)
        } catch {
            throw Self.storeError(error)
        }
    }

    private static func storeError(_ error: any Error) -> RunStoreError {
        if let error = error as? RunStoreError { return error }
        return RunStoreError(.storage, "the database failed: \(error)")
    }

    // MARK: Definitions

    @discardableResult
    public func storeDefinition(_ definition: WorkflowDefinition) async throws(RunStoreError) -> WorkflowDefinition {
        try definition.key.validate()
        let now = clock.now()
        return try await write { db in
            let key = definition.key
            if let stored = try Self.fetchDefinition(key, in: db) {
                guard stored.hasSameContent(as: definition) else { throw RunStoreError.definitionConflict(key) }
                return stored
            }
            try db.execute(
                sql: "INSERT INTO workflow_definitions (namespace, name, version, source, document, stored_at) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [key.namespace, key.name, key.version, definition.source, definition.document.jsonText(), now.timeIntervalSince1970])
            var stored = definition
            stored.storedAt = now
            return stored
        }
    }

    public func definition(_ key: WorkflowDefinitionKey) async throws(RunStoreError) -> WorkflowDefinition? {
        try await read { db in try Self.fetchDefinition(key, in: db) }
    }

    public func definitions(namespace: String?, allVersions: Bool) async throws(RunStoreError) -> [WorkflowDefinition] {
        let all = try await read { db in
            let rows =
                if let namespace {
                    try Row.fetchAll(db, sql: "SELECT * FROM workflow_definitions WHERE namespace = ?", arguments: [namespace])
                } else {
                    try Row.fetchAll(db, sql: "SELECT * FROM workflow_definitions")
                }
            return try rows.map(Self.definition(from:))
        }
        return WorkflowDefinition.listing(all, allVersions: allVersions)
    }

    private static func fetchDefinition(_ key: WorkflowDefinitionKey, in db: Database) throws -> WorkflowDefinition? {
        let statement = try db.cachedStatement(sql: "SELECT * FROM workflow_definitions WHERE namespace = ? AND name = ? AND version = ?")
        return try Row.fetchOne(statement, arguments: [key.namespace, key.name, key.version]).map(definition(from:))
    }

    /// Whether a definition is stored, without reading its document (a large JSON text).
    private static func definitionExists(_ key: WorkflowDefinitionKey, in db: Database) throws -> Bool {
        let statement = try db.cachedStatement(sql: "SELECT 1 FROM workflow_definitions WHERE namespace = ? AND name = ? AND version = ?")
        return try Row.fetchOne(statement, arguments: [key.namespace, key.name, key.version]) != nil
    }

    private static func definition(from row: Row) throws -> WorkflowDefinition {
        WorkflowDefinition(
            key: WorkflowDefinitionKey(namespace: row["namespace"], name: row["name"], version: row["version"]), source: row["source"],
            document: try json(row["document"]), storedAt: date(row["stored_at"]))
    }

    // MARK: Runs

    public func createRun(_ run: NewRun) async throws(RunStoreError) -> StoredRun {
        let now = clock.now()
        return try await write { db in
            guard try Self.definitionExists(run.definition, in: db) else { throw RunStoreError.definitionNotFound(run.definition) }
            if let parent = run.parentRunID, try !Self.runExists(parent, in: db) { throw RunStoreError.runNotFound(parent) }
            guard try !Self.runExists(run.id, in: db) else { throw RunStoreError.runExists(run.id) }
            let time = now.timeIntervalSince1970
            try db.cachedStatement(
                sql: """
                    INSERT INTO runs (id, namespace, name, version, input, status, created_at, updated_at, parent_run_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(arguments: [
                run.id.rawValue, run.definition.namespace, run.definition.name, run.definition.version, run.input.jsonText(),
                RunStatus.pending.rawValue, time, time, run.parentRunID?.rawValue,
            ])
            return StoredRun(id: run.id, definition: run.definition, input: run.input, createdAt: now, updatedAt: now, parentRunID: run.parentRunID)
        }
    }

    public func run(_ id: RunID) async throws(RunStoreError) -> StoredRun? {
        try await read { db in try Self.fetchRun(id, in: db) }
    }

    public func runs(_ filter: RunFilter) async throws(RunStoreError) -> RunPage {
        let cursor = try filter.validatedCursor()
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let statuses = filter.statuses {
            conditions.append("status IN (\(statuses.map { _ in "?" }.joined(separator: ", ")))")
            for status in statuses.sorted(by: { $0.rawValue < $1.rawValue }) { arguments += [status.rawValue] }
            if statuses.isEmpty { conditions[conditions.count - 1] = "0" }
        }
        if let namespace = filter.namespace {
            conditions.append("namespace = ?")
            arguments += [namespace]
        }
        if let name = filter.name {
            conditions.append("name = ?")
            arguments += [name]
        }
        if let after = filter.createdAfter {
            conditions.append("created_at > ?")
            arguments += [after.timeIntervalSince1970]
        }
        if let before = filter.createdBefore {
            conditions.append("created_at < ?")
            arguments += [before.timeIntervalSince1970]
        }
        if let cursor {
            conditions.append("(created_at < ? OR (created_at = ? AND id < ?))")
            arguments += [cursor.createdAt, cursor.createdAt, cursor.id.rawValue]
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let sql = "SELECT * FROM runs \(whereClause) ORDER BY created_at DESC, id DESC LIMIT \(filter.limit + 1)"
        let (runs, lastCreatedAt) = try await read { [arguments] db in
            let rows = try Row.fetchAll(db, sql: sql, arguments: arguments)
            let runs = try rows.map(Self.run(from:))
            let lastCreatedAt: Double? = rows.count > filter.limit ? rows[filter.limit - 1]["created_at"] : nil
            return (runs, lastCreatedAt)
        }
        let page = Array(runs.prefix(filter.limit))
        // The cursor keeps the stored time exactly as SQLite holds it, so that the next page's
        // comparison is exact.
        let next = lastCreatedAt.flatMap { time in page.last.map { RunCursor(createdAt: time, id: $0.id).text } }
        return RunPage(runs: page, nextCursor: next)
    }

    public func runCounts() async throws(RunStoreError) -> [RunStatus: Int] {
        // `runs_by_status` covers the grouping: SQLite counts from the index, not the rows.
        let rows = try await read { db in
            try Row.fetchAll(db, sql: "SELECT status, COUNT(*) AS count FROM runs GROUP BY status").map { row -> (String, Int) in
                (row["status"], row["count"])
            }
        }
        var counts = Dictionary(uniqueKeysWithValues: RunStatus.allCases.map { ($0, 0) })
        for (text, count) in rows {
            guard let status = RunStatus(rawValue: text) else {
                throw RunStoreError(.storage, "\(count) stored run(s) have the unknown status `\(text)`")
            }
            counts[status] = count
        }
        return counts
    }

    @discardableResult
    public func setStatus(_ status: RunStatus, of id: RunID) async throws(RunStoreError) -> StoredRun {
        guard !status.isFinished else { throw RunStoreError.statusNotSettable(status) }
        let now = clock.now()
        return try await write { db in
            guard var run = try Self.fetchRun(id, in: db) else { throw RunStoreError.runNotFound(id) }
            guard !run.status.isFinished else { throw RunStoreError.runFinished(id, run.status) }
            try db.execute(
                sql: "UPDATE runs SET status = ?, updated_at = ? WHERE id = ?", arguments: [status.rawValue, now.timeIntervalSince1970, id.rawValue])
            run.status = status
            run.updatedAt = now
            return run
        }
    }

    private static func fetchRun(_ id: RunID, in db: Database) throws -> StoredRun? {
        let statement = try db.cachedStatement(sql: "SELECT * FROM runs WHERE id = ?")
        return try Row.fetchOne(statement, arguments: [id.rawValue]).map(run(from:))
    }

    /// Whether a run is stored, without reading its input and output.
    private static func runExists(_ id: RunID, in db: Database) throws -> Bool {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM runs WHERE id = ?"), arguments: [id.rawValue]) != nil
    }

    private static func run(from row: Row) throws -> StoredRun {
        let errorText: String? = row["error"]
        let outputText: String? = row["output"]
        let leaseOwner: String? = row["lease_owner"]
        let leaseExpiry: Double? = row["lease_expires_at"]
        let parent: String? = row["parent_run_id"]
        return StoredRun(
            id: RunID(row["id"] as String),
            definition: WorkflowDefinitionKey(namespace: row["namespace"], name: row["name"], version: row["version"]),
            input: try json(row["input"]),
            status: try status(row["status"]),
            output: try outputText.map(json),
            error: try errorText.map { text throws -> WorkflowFault in
                guard let fault = WorkflowFault(document: try json(text)) else { throw RunStoreError(.storage, "a stored run error is malformed: \(text)") }
                return fault
            },
            createdAt: date(row["created_at"]), updatedAt: date(row["updated_at"]),
            startedAt: (row["started_at"] as Double?).map(date), finishedAt: (row["finished_at"] as Double?).map(date),
            parentRunID: parent.map(RunID.init(rawValue:)),
            lease: leaseOwner.flatMap { owner in leaseExpiry.map { RunLease(owner: owner, expiresAt: date($0)) } },
            lastSequence: row["last_sequence"])
    }

    // MARK: Leases

    public func claimNextRun(owner: String, leaseDuration: Duration) async throws(RunStoreError) -> StoredRun? {
        let now = clock.now()
        let expiry = now.addingTimeInterval(leaseDuration.timeInterval)
        return try await write { db in
            let statement = try db.cachedStatement(
                sql: """
                    SELECT * FROM runs
                    WHERE status IN ('pending', 'running', 'waiting') AND (lease_owner IS NULL OR lease_expires_at <= ?)
                    ORDER BY created_at, id LIMIT 1
                    """)
            guard var run = try Row.fetchOne(statement, arguments: [now.timeIntervalSince1970]).map(Self.run(from:)) else { return nil }
            try Self.setLease(RunLease(owner: owner, expiresAt: expiry), of: run.id, in: db)
            run.lease = RunLease(owner: owner, expiresAt: expiry)
            return run
        }
    }

    public func claimRun(_ id: RunID, owner: String, leaseDuration: Duration) async throws(RunStoreError) -> StoredRun? {
        let now = clock.now()
        let lease = RunLease(owner: owner, expiresAt: now.addingTimeInterval(leaseDuration.timeInterval))
        return try await write { db in
            guard var run = try Self.fetchRun(id, in: db) else { throw RunStoreError.runNotFound(id) }
            guard RunStatus.claimable.contains(run.status) else { return nil }
            if let held = run.lease, held.isActive(at: now), held.owner != owner { return nil }
            try Self.setLease(lease, of: id, in: db)
            run.lease = lease
            return run
        }
    }

    @discardableResult
    public func renewLease(of id: RunID, owner: String, duration: Duration) async throws(RunStoreError) -> RunLease {
        let now = clock.now()
        let renewed = RunLease(owner: owner, expiresAt: now.addingTimeInterval(duration.timeInterval))
        return try await write { db in
            guard let run = try Self.fetchRun(id, in: db) else { throw RunStoreError.runNotFound(id) }
            guard let lease = run.lease, lease.owner == owner, lease.isActive(at: now) else { throw RunStoreError.leaseNotHeld(id, owner: owner) }
            try Self.setLease(renewed, of: id, in: db)
            return renewed
        }
    }

    public func releaseLease(of id: RunID, owner: String) async throws(RunStoreError) {
        try await write { db in
            guard try Self.runExists(id, in: db) else { throw RunStoreError.runNotFound(id) }
            try db.cachedStatement(sql: "UPDATE runs SET lease_owner = NULL, lease_expires_at = NULL WHERE id = ? AND lease_owner = ?")
                .execute(arguments: [id.rawValue, owner])
        }
    }

    private static func setLease(_ lease: RunLease, of id: RunID, in db: Database) throws {
        try db.cachedStatement(sql: "UPDATE runs SET lease_owner = ?, lease_expires_at = ? WHERE id = ?")
            .execute(arguments: [lease.owner, lease.expiresAt.timeIntervalSince1970, id.rawValue])
    }

    // MARK: Events

    /// Appends with group commit: the appends that arrive while a transaction is being written
    /// wait, and the next transaction writes them all, each in its own savepoint — so each
    /// append stays all-or-nothing, and 100 runs appending at once share a handful of commits
    /// instead of queueing for one each. The caller that finds no transaction in progress writes
    /// the waiting appends (its own among them) in one transaction, then passes the writing on to
    /// the first caller still waiting, so no caller writes for others more than once.
    @discardableResult
    public func append(_ events: [RunEvent], to runID: RunID) async throws(RunStoreError) -> Int64 {
        let outcome = AppendOutcome()
        let pending = PendingAppend(runID: runID, events: events, outcome: outcome)
        let writes = appends.withLock { queue in
            queue.pending.append(pending)
            if queue.flushing { return false }
            queue.flushing = true
            return true
        }
        if writes { writeWaitingAppends() }
        while true {
            switch await outcome.wait() {
            case .finished(let result): return try result.get()
            case .takeOver: writeWaitingAppends()
            }
        }
    }

    /// Writes every waiting append (the caller's own among them) in one transaction and
    /// resolves each with its result, then passes the writing on.
    private func writeWaitingAppends() {
        let batch = appends.withLock { queue -> [PendingAppend] in
            defer { queue.pending.removeAll(keepingCapacity: true) }
            return queue.pending
        }
        let now = clock.now().timeIntervalSince1970
        do {
            // Written on this thread rather than on GRDB's writer queue: one batch at a time comes
            // here (the other appends wait in the queue), and a run waits for each commit, so the
            // two thread switches of an async write cost a single run more than the write itself.
            let results = try Self.writeHere(writer) { db in
                var results: [Result<Int64, RunStoreError>] = []
                results.reserveCapacity(batch.count)
                try db.inTransaction(.immediate) {
                    if batch.count == 1, let append = batch.first {
                        // Alone in its transaction, an append needs no savepoint: a refused one
                        // rolls the transaction back.
                        do {
                            results.append(.success(try Self.appendRows(append, now: now, in: db)))
                            return .commit
                        } catch let error as RunStoreError {
                            results.append(.failure(error))
                            return .rollback
                        }
                    }
                    for append in batch {
                        results.append(try Self.appendInSavepoint(append, now: now, in: db))
                    }
                    return .commit
                }
                return results
            }
            for (append, result) in zip(batch, results) { append.outcome.resolve(.finished(result)) }
        } catch {
            // The write does not watch for cancellation: an append is written, or fails, whole.
            let failure = Self.storeError(error)
            for append in batch { append.outcome.resolve(.finished(.failure(failure))) }
        }
        let next = appends.withLock { queue -> AppendOutcome? in
            guard let first = queue.pending.first else {
                queue.flushing = false
                return nil
            }
            return first.outcome
        }
        next?.resolve(.takeOver)
    }

    /// GRDB's blocking write, on the calling thread (from async code, the compiler would pick
    /// the async overload).
    private static func writeHere<T>(_ writer: any DatabaseWriter, _ body: (Database) throws -> T) throws -> T {
        try writer.writeWithoutTransaction(body)
    }

    /// One append of a batch in a savepoint of its own, so that a refused append leaves nothing
    /// behind while the others commit. The savepoint statements are prepared once per
    /// connection (GRDB's `inSavepoint` parses them anew each time, a cost paid per append here).
    /// - Returns: the append's last sequence, or why the store refused it.
    /// - Throws: what the database failed with; the transaction is then lost as a whole.
    private static func appendInSavepoint(_ append: PendingAppend, now: Double, in db: Database) throws -> Result<Int64, RunStoreError> {
        try db.cachedStatement(sql: "SAVEPOINT baton_append").execute()
        do {
            let sequence = try appendRows(append, now: now, in: db)
            try db.cachedStatement(sql: "RELEASE SAVEPOINT baton_append").execute()
            return .success(sequence)
        } catch let error as RunStoreError {
            try db.cachedStatement(sql: "ROLLBACK TO SAVEPOINT baton_append").execute()
            try db.cachedStatement(sql: "RELEASE SAVEPOINT baton_append").execute()
            return .failure(error)
        }
    }

    /// One append inside the transaction of a batch: read the run, insert the events (an
    /// ignored insert is a duplicate), update the run once.
    private static func appendRows(_ append: PendingAppend, now: Double, in db: Database) throws -> Int64 {
        let runID = append.runID
        let select = try db.cachedStatement(sql: "SELECT status, last_sequence, started_at FROM runs WHERE id = ?")
        guard let row = try Row.fetchOne(select, arguments: [runID.rawValue]) else { throw RunStoreError.runNotFound(runID) }
        let initialStatus = try Self.status(row["status"])
        var status = initialStatus
        var sequence: Int64 = row["last_sequence"]
        var startedAt: Double? = row["started_at"]
        var finishedAt: Double?
        var output: String?
        var error: String?
        let insert = try db.cachedStatement(
            sql: """
                INSERT OR IGNORE INTO run_events (run_id, sequence, kind, at, position, deduplication_key, payload)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
        for (event, payload) in zip(append.events, append.payloads) {
            let key = event.deduplicationKey
            if key == nil, status.isFinished { throw RunStoreError.runFinished(runID, status) }
            try insert.execute(arguments: [
                runID.rawValue, sequence + 1, event.kind.rawValue, event.at.timeIntervalSince1970, event.position, key, payload,
            ])
            // A duplicate of an event already recorded: the first record stands.
            if db.changesCount == 0 { continue }
            if status.isFinished { throw RunStoreError.runFinished(runID, status) }
            sequence += 1
            if let next = status.after(event.kind) { status = next }
            switch event.kind {
            case .runStarted:
                if startedAt == nil { startedAt = event.at.timeIntervalSince1970 }
            case .runCompleted:
                output = (event.output ?? .null).jsonText()
                finishedAt = event.at.timeIntervalSince1970
            case .runFaulted:
                error = event.error?.documentValue.jsonText()
                finishedAt = event.at.timeIntervalSince1970
            case .runCancelled:
                finishedAt = event.at.timeIntervalSince1970
            default:
                break
            }
        }
        guard sequence != row["last_sequence"] as Int64 else { return sequence }
        try db.cachedStatement(
            sql: """
                UPDATE runs SET status = ?, last_sequence = ?, updated_at = ?, started_at = ?,
                    finished_at = COALESCE(?, finished_at), output = COALESCE(?, output), error = COALESCE(?, error)
                WHERE id = ?
                """
        ).execute(arguments: [status.rawValue, sequence, now, startedAt, finishedAt, output, error, runID.rawValue])
        if status.isFinished {
            try db.cachedStatement(sql: "DELETE FROM run_timers WHERE run_id = ?").execute(arguments: [runID.rawValue])
        }
        return sequence
    }

    public func events(of runID: RunID, after sequence: Int64, limit: Int?) async throws(RunStoreError) -> [StoredRunEvent] {
        try await read { db in
            guard try Self.runExists(runID, in: db) else { throw RunStoreError.runNotFound(runID) }
            let statement = try db.cachedStatement(
                sql: "SELECT sequence, kind, at, position, payload FROM run_events WHERE run_id = ? AND sequence > ? ORDER BY sequence LIMIT ?")
            return try Row.fetchAll(statement, arguments: [runID.rawValue, sequence, limit ?? -1]).map { row in
                StoredRunEvent(
                    runID: runID, sequence: row["sequence"],
                    event: try RunEvent(storedKind: row["kind"], at: date(row["at"]), position: row["position"], payload: row["payload"]))
            }
        }
    }

    // MARK: Timers

    public func upsertTimer(_ timer: RunTimer) async throws(RunStoreError) {
        try await write { db in
            guard try Self.runExists(timer.runID, in: db) else { throw RunStoreError.runNotFound(timer.runID) }
            try db.cachedStatement(
                sql: """
                    INSERT INTO run_timers (run_id, position, fire_at) VALUES (?, ?, ?)
                    ON CONFLICT (run_id, position) DO UPDATE SET fire_at = excluded.fire_at
                    """
            ).execute(arguments: [timer.runID.rawValue, timer.position, timer.fireAt.timeIntervalSince1970])
        }
    }

    public func deleteTimer(runID: RunID, position: String) async throws(RunStoreError) {
        try await write { db in
            try db.cachedStatement(sql: "DELETE FROM run_timers WHERE run_id = ? AND position = ?").execute(arguments: [runID.rawValue, position])
        }
    }

    public func timers(of runID: RunID) async throws(RunStoreError) -> [RunTimer] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM run_timers WHERE run_id = ? ORDER BY fire_at, position", arguments: [runID.rawValue])
                .map(Self.timer(from:))
        }
    }

    public func dueTimers(at time: Date, limit: Int) async throws(RunStoreError) -> [RunTimer] {
        try await read { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM run_timers WHERE fire_at <= ? ORDER BY fire_at, run_id, position LIMIT ?"),
                arguments: [time.timeIntervalSince1970, limit]
            ).map(Self.timer(from:))
        }
    }

    private static func timer(from row: Row) -> RunTimer {
        RunTimer(runID: RunID(row["run_id"] as String), position: row["position"], fireAt: date(row["fire_at"]))
    }

    // MARK: Event log

    @discardableResult
    public func appendCloudEvent(_ event: JSONValue) async throws(RunStoreError) -> CloudEventAppend {
        let (type, source, id) = try StoredCloudEvent.attributes(of: event)
        let now = clock.now().timeIntervalSince1970
        return try await write { db in
            let lookup = try db.cachedStatement(sql: "SELECT sequence FROM event_log WHERE source = ? AND id = ?")
            if let sequence = try Int64.fetchOne(lookup, arguments: [source, id]) {
                return CloudEventAppend(sequence: sequence, inserted: false)
            }
            try db.cachedStatement(sql: "INSERT INTO event_log (type, source, id, event, received_at) VALUES (?, ?, ?, ?, ?)")
                .execute(arguments: [type, source, id, event.jsonText(), now])
            return CloudEventAppend(sequence: db.lastInsertedRowID, inserted: true)
        }
    }

    public func cloudEvents(after sequence: Int64, types: Set<String>?, limit: Int) async throws(RunStoreError) -> [StoredCloudEvent] {
        var sql = "SELECT * FROM event_log WHERE sequence > ?"
        var arguments: StatementArguments = [sequence]
        if let types {
            sql += types.isEmpty ? " AND 0" : " AND type IN (\(types.map { _ in "?" }.joined(separator: ", ")))"
            for type in types.sorted() { arguments += [type] }
        }
        sql += " ORDER BY sequence LIMIT ?"
        arguments += [limit]
        return try await read { [sql, arguments] db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                StoredCloudEvent(
                    sequence: row["sequence"], type: row["type"], source: row["source"], id: row["id"], event: try json(row["event"]),
                    receivedAt: date(row["received_at"]))
            }
        }
    }

    public func lastCloudEventSequence() async throws(RunStoreError) -> Int64 {
        try await read { db in try Int64.fetchOne(db, sql: "SELECT coalesce(max(sequence), 0) FROM event_log") ?? 0 }
    }

    // MARK: Approvals

    public func createApproval(_ approval: NewApproval) async throws(RunStoreError) -> Approval {
        let now = clock.now()
        return try await write { db in
            guard try Self.runExists(approval.runID, in: db) else { throw RunStoreError.runNotFound(approval.runID) }
            if let existing = try Row.fetchOne(
                db, sql: "SELECT * FROM approvals WHERE run_id = ? AND position = ?", arguments: [approval.runID.rawValue, approval.position])
            {
                return try Self.approval(from: existing)
            }
            guard try Self.fetchApproval(approval.id, in: db) == nil else {
                throw RunStoreError(.conflict, "approval id `\(approval.id)` is already used by another run or position")
            }
            try db.execute(
                sql: "INSERT INTO approvals (id, run_id, position, message, data, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [approval.id, approval.runID.rawValue, approval.position, approval.message, approval.data.jsonText(), now.timeIntervalSince1970])
            return Approval(
                id: approval.id, runID: approval.runID, position: approval.position, message: approval.message, data: approval.data, createdAt: now)
        }
    }

    @discardableResult
    public func decideApproval(_ id: String, _ decision: ApprovalDecision) async throws(RunStoreError) -> Approval {
        try await write { db in
            guard var approval = try Self.fetchApproval(id, in: db) else { throw RunStoreError.approvalNotFound(id) }
            if let existing = approval.decision { throw RunStoreError.approvalDecided(id, existing) }
            try db.execute(
                sql: "UPDATE approvals SET verdict = ?, decided_by = ?, decided_at = ?, reason = ? WHERE id = ?",
                arguments: [decision.verdict.rawValue, decision.decidedBy, decision.decidedAt.timeIntervalSince1970, decision.reason, id])
            approval.decision = decision
            return approval
        }
    }

    public func approval(_ id: String) async throws(RunStoreError) -> Approval? {
        try await read { db in try Self.fetchApproval(id, in: db) }
    }

    public func pendingApprovals(runID: RunID?) async throws(RunStoreError) -> [Approval] {
        try await read { db in
            let rows =
                if let runID {
                    try Row.fetchAll(
                        db, sql: "SELECT * FROM approvals WHERE verdict IS NULL AND run_id = ? ORDER BY created_at, id", arguments: [runID.rawValue])
                } else {
                    try Row.fetchAll(db, sql: "SELECT * FROM approvals WHERE verdict IS NULL ORDER BY created_at, id")
                }
            return try rows.map(Self.approval(from:))
        }
    }

    public func approvals(runID: RunID) async throws(RunStoreError) -> [Approval] {
        try await read { db in
            // `UNIQUE (run_id, position)` indexes the approvals by run.
            try Row.fetchAll(db, sql: "SELECT * FROM approvals WHERE run_id = ? ORDER BY created_at, id", arguments: [runID.rawValue])
                .map(Self.approval(from:))
        }
    }

    private static func fetchApproval(_ id: String, in db: Database) throws -> Approval? {
        try Row.fetchOne(db, sql: "SELECT * FROM approvals WHERE id = ?", arguments: [id]).map(approval(from:))
    }

    private static func approval(from row: Row) throws -> Approval {
        var decision: ApprovalDecision?
        if let verdictText: String = row["verdict"] {
            guard let verdict = ApprovalDecision.Verdict(rawValue: verdictText) else {
                throw RunStoreError(.storage, "a stored approval has the unknown verdict `\(verdictText)`")
            }
            decision = ApprovalDecision(verdict: verdict, decidedBy: row["decided_by"], decidedAt: date(row["decided_at"]), reason: row["reason"])
        }
        return Approval(
            id: row["id"], runID: RunID(row["run_id"] as String), position: row["position"], message: row["message"], data: try json(row["data"]),
            createdAt: date(row["created_at"]), decision: decision)
    }

    // MARK: Schedules

    public func upsertSchedule(_ schedule: WorkflowSchedule) async throws(RunStoreError) {
        try await write { db in
            let key = schedule.definition
            guard try Self.definitionExists(key, in: db) else { throw RunStoreError.definitionNotFound(key) }
            try db.execute(
                sql: """
                    INSERT INTO schedules (namespace, name, version, specification, next_fire_at, last_fired_at) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (namespace, name, version) DO UPDATE SET
                        specification = excluded.specification, next_fire_at = excluded.next_fire_at, last_fired_at = excluded.last_fired_at
                    """,
                arguments: [
                    key.namespace, key.name, key.version, schedule.specification.jsonText(), schedule.nextFireAt?.timeIntervalSince1970,
                    schedule.lastFiredAt?.timeIntervalSince1970,
                ])
        }
    }

    public func deleteSchedule(of definition: WorkflowDefinitionKey) async throws(RunStoreError) {
        try await write { db in
            try db.execute(
                sql: "DELETE FROM schedules WHERE namespace = ? AND name = ? AND version = ?",
                arguments: [definition.namespace, definition.name, definition.version])
        }
    }

    public func schedule(of definition: WorkflowDefinitionKey) async throws(RunStoreError) -> WorkflowSchedule? {
        try await read { db in try Self.fetchSchedule(definition, in: db) }
    }

    public func dueSchedules(at time: Date) async throws(RunStoreError) -> [WorkflowSchedule] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM schedules WHERE next_fire_at <= ? ORDER BY next_fire_at, namespace, name, version",
                arguments: [time.timeIntervalSince1970]
            ).map(Self.schedule(from:))
        }
    }

    @discardableResult
    public func markScheduleFired(_ definition: WorkflowDefinitionKey, at firedAt: Date, nextFireAt: Date?) async throws(RunStoreError) -> WorkflowSchedule {
        try await write { db in
            guard var schedule = try Self.fetchSchedule(definition, in: db) else { throw RunStoreError.scheduleNotFound(definition) }
            try db.execute(
                sql: "UPDATE schedules SET last_fired_at = ?, next_fire_at = ? WHERE namespace = ? AND name = ? AND version = ?",
                arguments: [
                    firedAt.timeIntervalSince1970, nextFireAt?.timeIntervalSince1970, definition.namespace, definition.name, definition.version,
                ])
            schedule.lastFiredAt = firedAt
            schedule.nextFireAt = nextFireAt
            return schedule
        }
    }

    private static func fetchSchedule(_ key: WorkflowDefinitionKey, in db: Database) throws -> WorkflowSchedule? {
        try Row.fetchOne(
            db, sql: "SELECT * FROM schedules WHERE namespace = ? AND name = ? AND version = ?", arguments: [key.namespace, key.name, key.version]
        ).map(schedule(from:))
    }

    private static func schedule(from row: Row) throws -> WorkflowSchedule {
        WorkflowSchedule(
            definition: WorkflowDefinitionKey(namespace: row["namespace"], name: row["name"], version: row["version"]),
            specification: try json(row["specification"]), nextFireAt: (row["next_fire_at"] as Double?).map(date),
            lastFiredAt: (row["last_fired_at"] as Double?).map(date))
    }

    // MARK: Columns

    private static func status(_ text: String) throws -> RunStatus {
        guard let status = RunStatus(rawValue: text) else { throw RunStoreError(.storage, "a stored run has the unknown status `\(text)`") }
        return status
    }
}

/// A stored time: seconds since 1970.
private func date(_ seconds: Double) -> Date {
    Date(timeIntervalSince1970: seconds)
}

/// A stored JSON column.
private func json(_ text: String) throws -> JSONValue {
    do {
        return try JSONValue(jsonText: text)
    } catch {
        throw RunStoreError(.storage, "a stored JSON value is malformed: \(error.message)")
    }
}
