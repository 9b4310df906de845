import BatonEngine
import BatonStore
import BatonWorkflow
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Driving one run: claiming it, replaying its record, running it with the executor under the
/// store observer, and what its end (or its interruption) leaves to do.
extension Orchestrator {
    func drive(_ id: RunID) async {
        let live = LiveRun(id: id)
        let registered = state.withLock { state -> Bool in
            guard state.accepting else { return false }
            guard state.live[id] == nil else {
                state.relaunch.insert(id)
                return false
            }
            state.live[id] = live
            return true
        }
        guard registered else { return }
        defer {
            let (idle, again) = state.withLock { state -> ([CheckedContinuation<Void, Never>], Bool) in
                state.live[id] = nil
                let again = state.relaunch.remove(id) != nil
                guard state.live.isEmpty else { return ([], again) }
                defer { state.idleWaiters = [:] }
                return (Array(state.idleWaiters.values), again)
            }
            for waiter in idle { waiter.resume() }
            if again { launch(id) }
        }
        await withTaskCancellationHandler {
            await work(live)
        } onCancel: {
            // The node is stopping, not the run: it must not be recorded as cancelled.
            live.request(.shutdown)
        }
    }

    func work(_ live: LiveRun) async {
        let id = live.id
        let owner = configuration.owner
        do {
            guard let run = try await store.claimRun(id, owner: owner, leaseDuration: configuration.leaseDuration) else {
                await notClaimed(id)
                return
            }
            // Suspended between its launch and its claim: it stays where it is.
            if run.status == .suspended {
                try await store.releaseLease(of: id, owner: owner)
                return
            }
            let workflow: Workflow
            do throws(OrchestratorError) {
                guard let found = try await definitions.workflow(for: run.definition) else {
                    throw OrchestratorError(.notFound, "the definition \(run.definition) of the run is not stored")
                }
                workflow = found
            } catch where error.kind == .storage {
                throw error
            } catch {
                let faulted = RunEvent(kind: .runFaulted, at: clock.now(), error: .configuration("the run cannot start: \(error.message)"))
                let sequence = try await store.append(faulted, to: id)
                monitor.recorded(faulted, sequence: sequence, of: id, taskDuration: nil)
                try await store.releaseLease(of: id, owner: owner)
                return
            }
            // A run with no events has nothing to replay (and nothing to read).
            let history = run.lastSequence == 0 ? [] : try await store.events(of: id).map(\.event)
            // A parked run comes back when its timer is due, too late for a timeout around its wait.
            let parkAfter = Self.hasTimeouts(workflow) ? nil : configuration.parkAfter
            let observer = StoreRunObserver(store: store, live: live, monitor: monitor, clock: clock, parkAfter: parkAfter)
            let outcome = await race(live) {
                await self.executor.run(workflow, input: run.input, runID: id.rawValue, observer: observer, history: history)
            }
            if case .interrupted(let reason) = outcome {
                switch live.stop {
                case .suspend:
                    _ = try? await store.setStatus(.suspended, of: id)
                    try? await store.deleteTimers(of: id)
                case .cancel, .shutdown, .drain, .park:
                    break
                case nil:
                    logger.warning("a run stopped because its transition could not be stored; trying again", metadata: ["run.id": "\(id)", "error": "\(reason)"])
                    retryLater(id)
                }
            } else {
                await scheduleAfterCompletion(of: run, workflow: workflow)
            }
            try await store.releaseLease(of: id, owner: owner)
        } catch {
            // Stopping (the node, or the run) interrupts store calls too; the next start resumes it.
            if live.stop != nil || Task.isCancelled { return }
            logger.warning("could not drive a run; trying again", metadata: ["run.id": "\(id)", "error": "\(error)"])
            retryLater(id)
        }
    }

    /// A run this node could not claim: finished or suspended (its timers would bring it back
    /// for nothing), or leased by another node — one that died, as this node holds the
    /// database's lock: tried again when that lease lapses.
    func notClaimed(_ id: RunID) async {
        guard let run = try? await store.run(id) else { return }
        if run.status.isFinished || run.status == .suspended {
            try? await store.deleteTimers(of: id)
        } else if let lease = run.lease, lease.owner != configuration.owner {
            state.withLock { $0.retries[id] = lease.expiresAt }
        }
    }

    /// Whether the workflow has a timeout anywhere: on itself or on a task.
    static func hasTimeouts(_ workflow: Workflow) -> Bool {
        if workflow.timeout != nil { return true }
        var found = false
        workflow.forEachTask { visit in
            if visit.task.base.timeout != nil { found = true }
        }
        return found
    }

    func retryLater(_ id: RunID) {
        let at = clock.now().addingTimeInterval(1)
        state.withLock { $0.retries[id] = at }
    }

    /// Runs `body` until it ends, or until a hard stop is requested — then cancels it and waits
    /// for the outcome it ends with.
    func race(_ live: LiveRun, _ body: @escaping @Sendable () async -> RunOutcome) async -> RunOutcome {
        await withTaskGroup(of: RunOutcome?.self) { group in
            group.addTask { await body() }
            group.addTask {
                await live.stopRequested()
                return nil
            }
            while let result = await group.next() {
                group.cancelAll()
                if let outcome = result { return outcome }
            }
            return .interrupted("the run ended without an outcome")
        }
    }
}
