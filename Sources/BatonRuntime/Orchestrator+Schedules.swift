import BatonEngine
import BatonStore
import BatonWorkflow
import Foundation
import Logging
import Synchronization

/// Workflows that start by themselves (dsl.md §Scheduling): `every` an interval, on a `cron`
/// expression, `after` a delay following each run's end, or `on` events.
///
/// Only the latest version of a workflow is scheduled: applying a newer version moves the
/// schedule to it (or removes it, when the new version has none). A schedule that was due while
/// the node was down fires once when it comes back, then keeps its rhythm — missed times are not
/// caught up one by one (as Kubernetes CronJobs with a missed deadline, or Airflow with
/// `catchup=False`). A run started by a timed schedule has an id made of the definition and the
/// fire time, so a node that dies between starting it and recording the firing does not start it twice.
extension Orchestrator {
    /// Makes the schedule of a just-applied definition the one of its name.
    func scheduleDefinition(_ key: WorkflowDefinitionKey, workflow: Workflow) async throws(OrchestratorError) {
        let versions = try await storeCall { try await self.store.definitions(namespace: key.namespace, allVersions: true) }.filter { $0.key.name == key.name }
        guard let latest = versions.map(\.key).max(), latest == key else { return }
        for other in versions where other.key != key {
            try await storeCall { try await self.store.deleteSchedule(of: other.key) }
        }
        guard let schedule = workflow.schedule else {
            try await storeCall { try await self.store.deleteSchedule(of: key) }
            eventSchedules.withLock { $0[key.namespaceAndName] = nil }
            return
        }
        let specification = schedule.documentValue
        if let existing = try await storeCall({ try await self.store.schedule(of: key) }), existing.specification == specification { return }
        let first = try firstFire(of: schedule, key: key, after: clock.now())
        try await storeCall { try await self.store.upsertSchedule(WorkflowSchedule(definition: key, specification: specification, nextFireAt: first)) }
        eventSchedules.withLock { $0[key.namespaceAndName] = schedule.on.map { EventSchedule(key: key, strategy: $0, read: schedule.read ?? .data) } }
    }

    private func firstFire(of schedule: Schedule, key: WorkflowDefinitionKey, after now: Date) throws(OrchestratorError) -> Date? {
        if schedule.on != nil { return nil }
        if schedule.after != nil { return now }
        return try nextFire(of: schedule, key: key, after: now, previous: nil)
    }

    /// When a timed schedule fires next after `now`; nil for `after` and `on`, which other things set off.
    func nextFire(of schedule: Schedule, key: WorkflowDefinitionKey, after now: Date, previous: Date?) throws(OrchestratorError) -> Date? {
        if let every = schedule.every {
            guard let interval = every.duration?.timeInterval, interval > 0 else {
                throw OrchestratorError(.invalidDefinition, "\(key): `schedule.every` must be a fixed, positive duration such as PT5M")
            }
            // Keep the rhythm from the last fire time, skipping the times missed meanwhile.
            guard let previous else { return now.addingTimeInterval(interval) }
            let missed = max(0, (now.timeIntervalSince(previous) / interval).rounded(.down))
            return previous.addingTimeInterval((missed + 1) * interval)
        }
        if let cron = schedule.cron {
            do {
                return try CronSchedule(cron).nextFire(after: now)
            } catch {
                throw OrchestratorError(.invalidDefinition, "\(key): `schedule.cron`: \(error)")
            }
        }
        if let after = schedule.after, after.duration == nil {
            throw OrchestratorError(.invalidDefinition, "\(key): `schedule.after` must be a fixed duration such as PT1M")
        }
        return nil
    }

    /// Starts a run of every definition whose timed schedule is due.
    func fireDueSchedules(at now: Date) async {
        guard let due = try? await store.dueSchedules(at: now) else { return }
        for schedule in due {
            guard let fireAt = schedule.nextFireAt else { continue }
            do {
                guard let workflow = try await definitions.workflow(for: schedule.definition), let specification = workflow.schedule else {
                    try await storeCall { try await self.store.deleteSchedule(of: schedule.definition) }
                    continue
                }
                let id = RunID(schedule.definition.runIDStem + "-t" + String(Int64(fireAt.timeIntervalSince1970 * 1000)))
                do throws(RunStoreError) {
                    _ = try await store.createRun(NewRun(id: id, definition: schedule.definition, input: .object([:])))
                } catch {
                    // A conflict: created before the node died; only the firing was not recorded.
                    guard error.kind == .conflict else { throw OrchestratorError(error) }
                }
                // Recorded before the run is driven: with `after`, the run's end plans the next
                // one, which this must not overwrite.
                let next = try nextFire(of: specification, key: schedule.definition, after: now, previous: fireAt)
                try await storeCall { try await self.store.markScheduleFired(schedule.definition, at: now, nextFireAt: next) }
                launch(id)
            } catch {
                logger.warning("a schedule could not fire", metadata: ["workflow": "\(schedule.definition)", "error": "\(error)"])
            }
        }
    }

    /// For `schedule.after`: the next run starts that long after this one — a run the schedule
    /// started — ended, however it ended. (To end the chain, apply a version without the schedule.)
    func scheduleAfterCompletion(of run: StoredRun, workflow: Workflow) async {
        guard let delay = workflow.schedule?.after?.duration, run.id.rawValue.hasPrefix(run.definition.runIDStem + "-t") else { return }
        guard var schedule = try? await store.schedule(of: run.definition) else { return }
        schedule.nextFireAt = clock.now().addingTimeInterval(delay.timeInterval)
        try? await store.upsertSchedule(schedule)
    }

    /// At start-up: an `after` schedule whose last run ended without planning the next one (the
    /// node died in between) and that has no unfinished run plans it now.
    func reviveAfterSchedules() async {
        guard let latest = try? await store.definitions() else { return }
        for definition in latest {
            guard var schedule = try? await store.schedule(of: definition.key), schedule.nextFireAt == nil,
                let workflow = try? await definitions.workflow(for: definition.key), let delay = workflow.schedule?.after?.duration,
                let unfinished = try? await store.runs(
                    RunFilter(statuses: RunStatus.claimable.union([.suspended]), namespace: definition.key.namespace, name: definition.key.name, limit: 1)),
                unfinished.runs.isEmpty
            else { continue }
            schedule.nextFireAt = clock.now().addingTimeInterval(delay.timeInterval)
            try? await store.upsertSchedule(schedule)
        }
    }

    /// Loads the `schedule.on` of every latest definition (at start-up).
    func loadEventSchedules() async {
        guard let latest = try? await store.definitions() else { return }
        for definition in latest {
            guard (try? await store.schedule(of: definition.key)) != nil,
                let workflow = try? await definitions.workflow(for: definition.key), let on = workflow.schedule?.on
            else { continue }
            eventSchedules.withLock { $0[definition.key.namespaceAndName] = EventSchedule(key: definition.key, strategy: on, read: workflow.schedule?.read ?? .data) }
        }
    }

    /// Reads the event log as it grows and starts a run of each definition whose `schedule.on`
    /// the events satisfy, with the triggering events (read as `schedule.read` says) as its input.
    /// Reading starts at the log's end when the node starts: events that came before are not
    /// replayed to schedules.
    func scheduleOnEvents() async {
        await loadEventSchedules()
        var cursor = (try? await store.lastCloudEventSequence()) ?? 0
        var progress: [String: (key: WorkflowDefinitionKey, consumption: EventConsumption)] = [:]
        let scope = ExpressionScope(evaluator: executor.environment.evaluator)
        while !Task.isCancelled {
            guard let page = try? await store.cloudEvents(after: cursor, types: nil, limit: 256) else {
                try? await Task.sleep(for: .seconds(1))
                continue
            }
            let schedules = eventSchedules.withLock { $0 }
            for stored in page {
                cursor = stored.sequence
                for (name, schedule) in schedules {
                    do {
                        if progress[name]?.key != schedule.key {
                            progress[name] = (schedule.key, try EventConsumption(schedule.strategy, scope: scope))
                        }
                        guard var entry = progress[name] else { continue }
                        let outcome = try entry.consumption.offer(stored.event)
                        progress[name] = entry
                        guard outcome == .completed else { continue }
                        progress[name] = nil
                        let input = JSONValue.array(entry.consumption.consumed.map { CloudEvent.read($0, as: schedule.read) })
                        let id = RunID(schedule.key.runIDStem + "-e" + String(stored.sequence))
                        _ = try? await start(schedule.key, input: input, id: id)
                    } catch {
                        logger.warning("an event schedule failed", metadata: ["workflow": "\(schedule.key)", "error": "\(error)"])
                        progress[name] = nil
                    }
                }
            }
            if page.count < 256 { await events.waitForEvents(after: cursor) }
        }
    }
}

/// A definition that starts on events.
struct EventSchedule: Sendable {
    let key: WorkflowDefinitionKey
    let strategy: EventConsumptionStrategy
    let read: ListenTask.ReadMode
}

extension WorkflowDefinitionKey {
    /// `namespace/name`: what a schedule belongs to, across versions.
    var namespaceAndName: String { namespace + "/" + name }

    /// The start of ids of runs a schedule starts: `namespace.name.version` (OWS names have no `/`).
    var runIDStem: String { "\(namespace).\(name).\(version)".replacingOccurrences(of: "/", with: "_") }
}
