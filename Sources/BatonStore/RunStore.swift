import BatonEngine
import BatonWorkflow
import Foundation

/// Where Baton keeps what must survive a restart: workflow definitions, runs and their events,
/// timers, the CloudEvents log, approvals and schedules.
///
/// Every implementation — ``InMemoryRunStore`` beside this protocol, the SQLite store in
/// `BatonStoreSQLite`, a PostgreSQL store later — passes the one conformance suite in
/// `BatonStoreTesting`, which pins down the behaviour described here.
///
/// Every write is atomic: it is stored whole or, when it throws, not at all. Times the store
/// stamps (`createdAt`, `updatedAt`, lease expiries) come from the clock the store was given.
public protocol RunStore: Sendable {
    // MARK: Workflow definitions

    /// Stores a definition. Definitions are immutable: storing the same key again with the same
    /// source and document does nothing and returns the stored one.
    /// - Returns: the definition as stored, with its `storedAt`.
    /// - Throws: `conflict`, naming the version, when the key is stored with other content;
    ///   `invalidInput` when the namespace, name or version is empty.
    @discardableResult
    func storeDefinition(_ definition: WorkflowDefinition) async throws(RunStoreError) -> WorkflowDefinition

    /// The definition stored under `key`, or nil.
    func definition(_ key: WorkflowDefinitionKey) async throws(RunStoreError) -> WorkflowDefinition?

    /// The stored definitions, ordered by namespace, name and version (semantic version order).
    /// - Parameters:
    ///   - namespace: only this namespace's; nil for all.
    ///   - allVersions: every version, or only the latest version of each namespace and name.
    func definitions(namespace: String?, allVersions: Bool) async throws(RunStoreError) -> [WorkflowDefinition]

    // MARK: Runs

    /// Creates a pending run without a lease.
    /// - Throws: `notFound` when its definition or parent run is not stored; `conflict` when a
    ///   run with its id is.
    func createRun(_ run: NewRun) async throws(RunStoreError) -> StoredRun

    /// The run with this id, or nil.
    func run(_ id: RunID) async throws(RunStoreError) -> StoredRun?

    /// A page of the runs that pass `filter`, newest first.
    /// - Throws: `invalidInput` for a cursor no page gave out or a limit below 1.
    func runs(_ filter: RunFilter) async throws(RunStoreError) -> RunPage

    /// How many runs are stored in each status: every status, zero for those with no run. For
    /// gauges scraped often (`baton_runs{status}`), so it counts without reading the runs.
    func runCounts() async throws(RunStoreError) -> [RunStatus: Int]

    /// Sets an unfinished run's status to pending, running, waiting or suspended (suspend,
    /// resume, wait). Runs finish only through their events (`runCompleted`, `runFaulted`,
    /// `runCancelled`), so that the status and the event that causes it are written together.
    /// - Throws: `notFound`; `runFinished` when the run has finished; `invalidInput` for a
    ///   finished status.
    @discardableResult
    func setStatus(_ status: RunStatus, of id: RunID) async throws(RunStoreError) -> StoredRun

    // MARK: Leases

    /// Claims the oldest run in a ``RunStatus/claimable`` status whose lease is absent or expired,
    /// for `owner` until now + `leaseDuration`.
    /// - Returns: the claimed run with its new lease, or nil when there is none to claim.
    func claimNextRun(owner: String, leaseDuration: Duration) async throws(RunStoreError) -> StoredRun?

    /// Claims a given run, as ``claimNextRun(owner:leaseDuration:)`` would: when it is in a
    /// claimable status and its lease is absent, expired or already `owner`'s.
    /// - Returns: the run with its new lease, or nil when it is not claimable or another
    ///   owner's lease on it is active.
    /// - Throws: `notFound`.
    func claimRun(_ id: RunID, owner: String, leaseDuration: Duration) async throws(RunStoreError) -> StoredRun?

    /// Extends `owner`'s lease on a run to now + `duration`.
    /// - Throws: `notFound`; `leaseNotHeld` when `owner` holds no active lease on it.
    @discardableResult
    func renewLease(of id: RunID, owner: String, duration: Duration) async throws(RunStoreError) -> RunLease

    /// Gives up `owner`'s lease on a run, so that any node may claim it. Releasing a lease one
    /// does not hold (any more) does nothing.
    /// - Throws: `notFound`.
    func releaseLease(of id: RunID, owner: String) async throws(RunStoreError)

    // MARK: Run events

    /// Appends events to a run in one transaction, numbering them on from the run's last
    /// sequence, and applies the status transitions they cause (``RunStatus/after(_:)``): the
    /// run's status, output, error, start and finish times change in the same transaction. When
    /// the run finishes, its timers are deleted.
    ///
    /// Idempotent for events that finish something (see `RunEvent.deduplicationKey`): an event
    /// whose kind and position are already recorded for the run is skipped, the first record
    /// stands, and no sequence number is used for it.
    /// - Returns: the run's last sequence number after the append.
    /// - Throws: `notFound`; `runFinished` when an event (other than a duplicate) comes after the
    ///   run finished — then nothing of the batch is stored.
    @discardableResult
    func append(_ events: [RunEvent], to runID: RunID) async throws(RunStoreError) -> Int64

    /// A run's events with a sequence above `sequence`, in order, at most `limit` of them.
    /// - Throws: `notFound` when the run is not stored.
    func events(of runID: RunID, after sequence: Int64, limit: Int?) async throws(RunStoreError) -> [StoredRunEvent]

    // MARK: Timers

    /// Stores a timer, replacing the run's timer at the same position.
    /// - Throws: `notFound` when the run is not stored.
    func upsertTimer(_ timer: RunTimer) async throws(RunStoreError)

    /// Deletes a run's timer at a position; deleting one that is not stored does nothing.
    func deleteTimer(runID: RunID, position: String) async throws(RunStoreError)

    /// A run's timers, by fire time.
    func timers(of runID: RunID) async throws(RunStoreError) -> [RunTimer]

    /// The timers due at `time` (fire time at or before it), earliest first, at most `limit`.
    func dueTimers(at time: Date, limit: Int) async throws(RunStoreError) -> [RunTimer]

    // MARK: Event log

    /// Appends a CloudEvent (JSON form) to the event log. An event with the same `source` and
    /// `id` as one in the log is a duplicate: the log keeps the first and answers its sequence.
    /// - Throws: `invalidInput` when `type`, `source` or `id` is missing or not a non-empty string.
    @discardableResult
    func appendCloudEvent(_ event: JSONValue) async throws(RunStoreError) -> CloudEventAppend

    /// The log's events with a sequence above `sequence`, in order, at most `limit`.
    /// - Parameter types: only events of these types; nil for all.
    func cloudEvents(after sequence: Int64, types: Set<String>?, limit: Int) async throws(RunStoreError) -> [StoredCloudEvent]

    /// The sequence of the log's last event, 0 when the log is empty: events appended from now
    /// on come after it.
    func lastCloudEventSequence() async throws(RunStoreError) -> Int64

    // MARK: Approvals

    /// Asks for an approval. Asking again for the same run and position returns the approval
    /// already stored (decided or not), so that a run resumed after a crash does not ask twice.
    /// - Throws: `notFound` when the run is not stored; `conflict` when the id is taken by
    ///   another run's or position's approval.
    func createApproval(_ approval: NewApproval) async throws(RunStoreError) -> Approval

    /// Records the decision on a pending approval.
    /// - Throws: `notFound`; `conflict` when it was already decided — a decision is final.
    @discardableResult
    func decideApproval(_ id: String, _ decision: ApprovalDecision) async throws(RunStoreError) -> Approval

    /// The approval with this id, or nil.
    func approval(_ id: String) async throws(RunStoreError) -> Approval?

    /// The approvals waiting for a decision, oldest first; only a run's when `runID` is given.
    func pendingApprovals(runID: RunID?) async throws(RunStoreError) -> [Approval]

    /// Every approval a run asked for, pending and decided, oldest first; none for a run that is
    /// not stored.
    func approvals(runID: RunID) async throws(RunStoreError) -> [Approval]

    // MARK: Schedules

    /// Stores a definition's schedule, replacing the one it had.
    /// - Throws: `notFound` when the definition is not stored.
    func upsertSchedule(_ schedule: WorkflowSchedule) async throws(RunStoreError)

    /// Deletes a definition's schedule; deleting one that is not stored does nothing.
    func deleteSchedule(of definition: WorkflowDefinitionKey) async throws(RunStoreError)

    /// A definition's schedule, or nil.
    func schedule(of definition: WorkflowDefinitionKey) async throws(RunStoreError) -> WorkflowSchedule?

    /// The schedules whose next fire time is at or before `time`, earliest first.
    func dueSchedules(at time: Date) async throws(RunStoreError) -> [WorkflowSchedule]

    /// Records that a schedule fired at `firedAt` and when it fires next (nil: no more).
    /// - Throws: `notFound` when the definition has no schedule.
    @discardableResult
    func markScheduleFired(_ definition: WorkflowDefinitionKey, at firedAt: Date, nextFireAt: Date?) async throws(RunStoreError) -> WorkflowSchedule
}

extension RunStore {
    /// The latest version of every stored definition, in every namespace.
    public func definitions() async throws(RunStoreError) -> [WorkflowDefinition] {
        try await definitions(namespace: nil, allVersions: false)
    }

    /// All of a run's events, in order.
    public func events(of runID: RunID) async throws(RunStoreError) -> [StoredRunEvent] {
        try await events(of: runID, after: 0, limit: nil)
    }

    /// Appends one event; see ``append(_:to:)``.
    @discardableResult
    public func append(_ event: RunEvent, to runID: RunID) async throws(RunStoreError) -> Int64 {
        try await append([event], to: runID)
    }

    /// Deletes a run's timers, all of them or all but the one at `kept`.
    public func deleteTimers(of runID: RunID, except kept: String? = nil) async throws(RunStoreError) {
        for timer in try await timers(of: runID) where timer.position != kept {
            try await deleteTimer(runID: runID, position: timer.position)
        }
    }

    /// Every pending approval.
    public func pendingApprovals() async throws(RunStoreError) -> [Approval] {
        try await pendingApprovals(runID: nil)
    }
}
