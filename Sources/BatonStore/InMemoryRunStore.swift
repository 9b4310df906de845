import BatonEngine
import BatonWorkflow
import Foundation
import Synchronization

/// A ``RunStore`` in memory: for tests and for `baton run` without a database. Nothing survives
/// the process. Every operation runs under one lock, so each is atomic.
public final class InMemoryRunStore: RunStore {
    private struct State {
        var definitions: [WorkflowDefinitionKey: WorkflowDefinition] = [:]
        var runs: [RunID: StoredRun] = [:]
        var events: [RunID: [StoredRunEvent]] = [:]
        var deduplicationKeys: [RunID: Set<String>] = [:]
        var timers: [RunID: [String: RunTimer]] = [:]
        var cloudEvents: [StoredCloudEvent] = []
        var cloudEventKeys: [String: Int64] = [:]
        var approvals: [String: Approval] = [:]
        var schedules: [WorkflowDefinitionKey: WorkflowSchedule] = [:]
    }

    private let state = Mutex(State())
    private let clock: any WorkflowClock

    /// - Parameter clock: stamps creation and update times and measures leases.
    public init(clock: any WorkflowClock = SystemClock()) {
        self.clock = clock
    }

    /// Runs `body` under the lock. Bodies check everything before they change anything, so that
    /// one that throws leaves the state as it was.
    private func withState<T>(_ body: (inout State) throws(RunStoreError) -> T) throws(RunStoreError) -> T {
        let result = state.withLock { (state: inout State) -> Result<T, RunStoreError> in
            do throws(RunStoreError) {
                return .success(try body(&state))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    // MARK: Definitions

    @discardableResult
    public func storeDefinition(_ definition: WorkflowDefinition) async throws(RunStoreError) -> WorkflowDefinition {
        try definition.key.validate()
        let now = clock.now()
        return try withState { state throws(RunStoreError) in
            if let stored = state.definitions[definition.key] {
                guard stored.hasSameContent(as: definition) else { throw .definitionConflict(definition.key) }
                return stored
            }
            var stored = definition
            stored.storedAt = now
            state.definitions[definition.key] = stored
            return stored
        }
    }

    public func definition(_ key: WorkflowDefinitionKey) async throws(RunStoreError) -> WorkflowDefinition? {
        state.withLock { $0.definitions[key] }
    }

    public func definitions(namespace: String?, allVersions: Bool) async throws(RunStoreError) -> [WorkflowDefinition] {
        let all = state.withLock { state in state.definitions.values.filter { namespace == nil || $0.key.namespace == namespace } }
        return WorkflowDefinition.listing(all, allVersions: allVersions)
    }

    // MARK: Runs

    public func createRun(_ run: NewRun) async throws(RunStoreError) -> StoredRun {
        let now = clock.now()
        return try withState { state throws(RunStoreError) in
            guard state.definitions[run.definition] != nil else { throw .definitionNotFound(run.definition) }
            if let parent = run.parentRunID, state.runs[parent] == nil { throw .runNotFound(parent) }
            guard state.runs[run.id] == nil else { throw .runExists(run.id) }
            let stored = StoredRun(id: run.id, definition: run.definition, input: run.input, createdAt: now, updatedAt: now, parentRunID: run.parentRunID)
            state.runs[run.id] = stored
            return stored
        }
    }

    public func run(_ id: RunID) async throws(RunStoreError) -> StoredRun? {
        state.withLock { $0.runs[id] }
    }

    public func runs(_ filter: RunFilter) async throws(RunStoreError) -> RunPage {
        let cursor = try filter.validatedCursor()
        let matching = state.withLock { state in
            state.runs.values.filter { filter.matches($0) && (cursor?.precedes($0) ?? true) }
        }
        let sorted = matching.sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }
        let page = Array(sorted.prefix(filter.limit))
        let next = sorted.count > filter.limit ? page.last.map { RunCursor($0).text } : nil
        return RunPage(runs: page, nextCursor: next)
    }

    public func runCounts() async throws(RunStoreError) -> [RunStatus: Int] {
        state.withLock { state in
            var counts = Dictionary(uniqueKeysWithValues: RunStatus.allCases.map { ($0, 0) })
            for run in state.runs.values { counts[run.status, default: 0] += 1 }
            return counts
        }
    }

    @discardableResult
    public func setStatus(_ status: RunStatus, of id: RunID) async throws(RunStoreError) -> StoredRun {
        guard !status.isFinished else { throw .statusNotSettable(status) }
        let now = clock.now()
        return try withState { state throws(RunStoreError) in
            guard var run = state.runs[id] else { throw .runNotFound(id) }
            guard !run.status.isFinished else { throw .runFinished(id, run.status) }
            run.status = status
            run.updatedAt = now
            state.runs[id] = run
            return run
        }
    }

    // MARK: Leases

    public func claimNextRun(owner: String, leaseDuration: Duration) async throws(RunStoreError) -> StoredRun? {
        let now = clock.now()
        return try withState { state throws(RunStoreError) in
            let candidate = state.runs.values
                .filter { RunStatus.claimable.contains($0.status) && !($0.lease?.isActive(at: now) ?? false) }
                .min { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
            guard var run = candidate else { return nil }
            run.lease = RunLease(owner: owner, expiresAt: now.addingTimeInterval(leaseDuration.timeInterval))
            state.runs[run.id] = run
            return run
        }
    }

    public func claimRun(_ id: RunID, owner: String, leaseDuration: Duration) async throws(RunStoreError) -> StoredRun? {
        let now = clock.now()
        return try withState { state throws(RunStoreError) in
            guard var run = state.runs[id] else { throw .runNotFound(id) }
            guard RunStatus.claimable.contains(run.status) else { return nil }
            if let lease = run.lease, lease.isActive(at: now), lease.owner != owner { return nil }
            run.lease = RunLease(owner: owner, expiresAt: now.addingTimeInterval(leaseDuration.timeInterval))
            state.runs[id] = run
            return run
        }
    }

    @discardableResult
    public func renewLease(of id: RunID, owner: String, duration: Duration) async throws(RunStoreError) -> RunLease {
        let now = clock.now()
        return try withState { state throws(RunStoreError) in
            guard var run = state.runs[id] else { throw .runNotFound(id) }
            guard let lease = run.lease, lease.owner == owner, lease.isActive(at: now) else { throw .leaseNotHeld(id, owner: owner) }
            let renewed = RunLease(owner: owner, expiresAt: now.addingTimeInterval(duration.timeInterval))
            run.lease = renewed
            state.runs[id] = run
            return renewed
        }
    }

    public func releaseLease(of id: RunID, owner: String) async throws(RunStoreError) {
        try withState { state throws(RunStoreError) in
            guard var run = state.runs[id] else { throw .runNotFound(id) }
            guard run.lease?.owner == owner else { return }
            run.lease = nil
            state.runs[id] = run
        }
    }

    // MARK: Events

    @discardableResult
    public func append(_ events: [RunEvent], to runID: RunID) async throws(RunStoreError) -> Int64 {
        let now = clock.now()
        return try withState { state throws(RunStoreError) in
            guard var run = state.runs[runID] else { throw .runNotFound(runID) }
            var newKeys: Set<String> = []
            var accepted: [StoredRunEvent] = []
            for event in events {
                if let key = event.deduplicationKey {
                    if newKeys.contains(key) || state.deduplicationKeys[runID]?.contains(key) == true { continue }
                    guard !run.status.isFinished else { throw .runFinished(runID, run.status) }
                    newKeys.insert(key)
                } else {
                    guard !run.status.isFinished else { throw .runFinished(runID, run.status) }
                }
                run.lastSequence += 1
                accepted.append(StoredRunEvent(runID: runID, sequence: run.lastSequence, event: event))
                run.apply(event)
                run.updatedAt = now
            }
            guard !accepted.isEmpty else { return run.lastSequence }
            state.runs[runID] = run
            state.events[runID, default: []].append(contentsOf: accepted)
            state.deduplicationKeys[runID, default: []].formUnion(newKeys)
            if run.status.isFinished { state.timers[runID] = nil }
            return run.lastSequence
        }
    }

    public func events(of runID: RunID, after sequence: Int64, limit: Int?) async throws(RunStoreError) -> [StoredRunEvent] {
        try withState { state throws(RunStoreError) in
            guard state.runs[runID] != nil else { throw .runNotFound(runID) }
            let after = (state.events[runID] ?? []).filter { $0.sequence > sequence }
            return limit.map { Array(after.prefix($0)) } ?? after
        }
    }

    // MARK: Timers

    public func upsertTimer(_ timer: RunTimer) async throws(RunStoreError) {
        try withState { state throws(RunStoreError) in
            guard state.runs[timer.runID] != nil else { throw .runNotFound(timer.runID) }
            state.timers[timer.runID, default: [:]][timer.position] = timer
        }
    }

    public func deleteTimer(runID: RunID, position: String) async throws(RunStoreError) {
        state.withLock { _ = $0.timers[runID]?.removeValue(forKey: position) }
    }

    public func timers(of runID: RunID) async throws(RunStoreError) -> [RunTimer] {
        state.withLock { ($0.timers[runID]?.values).map(Array.init) ?? [] }.sorted { ($0.fireAt, $0.position) < ($1.fireAt, $1.position) }
    }

    public func dueTimers(at time: Date, limit: Int) async throws(RunStoreError) -> [RunTimer] {
        let due = state.withLock { state in state.timers.values.flatMap(\.values).filter { $0.fireAt <= time } }
        return Array(due.sorted { ($0.fireAt, $0.runID, $0.position) < ($1.fireAt, $1.runID, $1.position) }.prefix(limit))
    }

    // MARK: Event log

    @discardableResult
    public func appendCloudEvent(_ event: JSONValue) async throws(RunStoreError) -> CloudEventAppend {
        let (type, source, id) = try StoredCloudEvent.attributes(of: event)
        let now = clock.now()
        return state.withLock { state in
            let key = source + "\u{0}" + id
            if let sequence = state.cloudEventKeys[key] { return CloudEventAppend(sequence: sequence, inserted: false) }
            let sequence = Int64(state.cloudEvents.count + 1)
            state.cloudEvents.append(StoredCloudEvent(sequence: sequence, type: type, source: source, id: id, event: event, receivedAt: now))
            state.cloudEventKeys[key] = sequence
            return CloudEventAppend(sequence: sequence, inserted: true)
        }
    }

    public func cloudEvents(after sequence: Int64, types: Set<String>?, limit: Int) async throws(RunStoreError) -> [StoredCloudEvent] {
        state.withLock { state in
            let start = max(0, min(Int(clamping: sequence), state.cloudEvents.count))
            return Array(state.cloudEvents[start...].lazy.filter { types?.contains($0.type) ?? true }.prefix(limit))
        }
    }

    public func lastCloudEventSequence() async throws(RunStoreError) -> Int64 {
        state.withLock { Int64($0.cloudEvents.count) }
    }

    // MARK: Approvals

    public func createApproval(_ approval: NewApproval) async throws(RunStoreError) -> Approval {
        let now = clock.now()
        return try withState { state throws(RunStoreError) in
            guard state.runs[approval.runID] != nil else { throw .runNotFound(approval.runID) }
            if let existing = state.approvals.values.first(where: { $0.runID == approval.runID && $0.position == approval.position }) {
                return existing
            }
            guard state.approvals[approval.id] == nil else {
                throw RunStoreError(.conflict, "approval id `\(approval.id)` is already used by another run or position")
            }
            let stored = Approval(
                id: approval.id, runID: approval.runID, position: approval.position, message: approval.message, data: approval.data, createdAt: now)
            state.approvals[approval.id] = stored
            return stored
        }
    }

    @discardableResult
    public func decideApproval(_ id: String, _ decision: ApprovalDecision) async throws(RunStoreError) -> Approval {
        try withState { state throws(RunStoreError) in
            guard var approval = state.approvals[id] else { throw .approvalNotFound(id) }
            if let existing = approval.decision { throw .approvalDecided(id, existing) }
            approval.decision = decision
            state.approvals[id] = approval
            return approval
        }
    }

    public func approval(_ id: String) async throws(RunStoreError) -> Approval? {
        state.withLock { $0.approvals[id] }
    }

    public func pendingApprovals(runID: RunID?) async throws(RunStoreError) -> [Approval] {
        state.withLock { state in
            state.approvals.values.filter { $0.isPending && (runID == nil || $0.runID == runID) }
        }.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }

    public func approvals(runID: RunID) async throws(RunStoreError) -> [Approval] {
        state.withLock { state in
            state.approvals.values.filter { $0.runID == runID }
        }.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }

    // MARK: Schedules

    public func upsertSchedule(_ schedule: WorkflowSchedule) async throws(RunStoreError) {
        try withState { state throws(RunStoreError) in
            guard state.definitions[schedule.definition] != nil else { throw .definitionNotFound(schedule.definition) }
            state.schedules[schedule.definition] = schedule
        }
    }

    public func deleteSchedule(of definition: WorkflowDefinitionKey) async throws(RunStoreError) {
        state.withLock { _ = $0.schedules.removeValue(forKey: definition) }
    }

    public func schedule(of definition: WorkflowDefinitionKey) async throws(RunStoreError) -> WorkflowSchedule? {
        state.withLock { $0.schedules[definition] }
    }

    public func dueSchedules(at time: Date) async throws(RunStoreError) -> [WorkflowSchedule] {
        state.withLock { state in
            state.schedules.values.filter { $0.nextFireAt.map { $0 <= time } ?? false }
        }.sorted { ($0.nextFireAt!, $0.definition) < ($1.nextFireAt!, $1.definition) }
    }

    @discardableResult
    public func markScheduleFired(_ definition: WorkflowDefinitionKey, at firedAt: Date, nextFireAt: Date?) async throws(RunStoreError) -> WorkflowSchedule {
        try withState { state throws(RunStoreError) in
            guard var schedule = state.schedules[definition] else { throw .scheduleNotFound(definition) }
            schedule.lastFiredAt = firedAt
            schedule.nextFireAt = nextFireAt
            state.schedules[definition] = schedule
            return schedule
        }
    }
}
