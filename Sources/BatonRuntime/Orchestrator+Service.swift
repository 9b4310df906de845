import BatonEngine
import BatonStore
import BatonWorkflow
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// The node's life: resuming the unfinished runs at start-up, the maintenance loop (leases,
/// retries, due timers and schedules), and the graceful shutdown.
extension Orchestrator {
    public func run() async throws {
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                group.addTask { await self.recover() }
                group.addTask { await self.maintain() }
                group.addTask { await self.scheduleOnEvents() }
                for await id in launches {
                    group.addTask { await self.drive(id) }
                }
                // Shutting down (or cancelled): let running tasks finish, then stop the rest.
                await drain()
                group.cancelAll()
            }
        } onGracefulShutdown: {
            self.beginShutdown()
        }
    }

    /// Returns once the runs found unfinished at start-up have been handed over to be driven.
    public func waitUntilRecovered() async {
        await withCheckedContinuation { continuation in
            let now = recovered.withLock { waiters -> Bool in
                guard waiters != nil else { return true }
                waiters?.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }

    func beginShutdown() {
        let live = state.withLock { state -> [LiveRun] in
            state.accepting = false
            return Array(state.live.values)
        }
        for run in live { run.request(.drain) }
        launchContinuation.finish()
    }

    func drain() async {
        beginShutdown()
        // Let running tasks finish for the drain timeout — not at all when the node's own task
        // was cancelled, as the sleep then ends at once.
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.waitUntilIdle(honoringCancellation: true) }
            group.addTask { try? await Task.sleep(for: self.configuration.drainTimeout) }
            await group.next()
            group.cancelAll()
        }
        let left = state.withLock { Array($0.live.values) }
        for run in left { run.request(.shutdown) }
        await waitUntilIdle(honoringCancellation: false)
    }

    /// Returns when no run is live (or, when honouring cancellation, when the task is cancelled).
    func waitUntilIdle(honoringCancellation: Bool) async {
        let key = state.withLock { state -> UInt64 in
            defer { state.nextIdleWaiter += 1 }
            return state.nextIdleWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = state.withLock { state -> Bool in
                    if state.live.isEmpty || (honoringCancellation && Task.isCancelled) { return true }
                    state.idleWaiters[key] = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            guard honoringCancellation else { return }
            state.withLock { $0.idleWaiters.removeValue(forKey: key) }?.resume()
        }
    }

    /// Hands every unfinished, unsuspended run to be driven.
    func recover() async {
        defer {
            let waiters = recovered.withLock { waiters in
                defer { waiters = nil }
                return waiters ?? []
            }
            for waiter in waiters { waiter.resume() }
        }
        var cursor: String?
        var count = 0
        while !Task.isCancelled {
            do {
                let page = try await store.runs(RunFilter(statuses: RunStatus.claimable, limit: 500, cursor: cursor))
                for run in page.runs where try await !isParked(run) { launch(run.id) }
                count += page.runs.count
                cursor = page.nextCursor
                if cursor == nil { break }
            } catch {
                // Try the page again: a run left out here would only come back at the next start.
                logger.error("could not list the unfinished runs to resume them; trying again", metadata: ["error": "\(error)"])
                do {
                    try await Task.sleep(for: .seconds(1))
                } catch {
                    return
                }
            }
        }
        if count > 0 { logger.info("resuming unfinished runs", metadata: ["runs": "\(count)"]) }
        await reviveAfterSchedules()
    }

    /// Whether a run waits out of memory for a timer not yet due: it released its lease when
    /// parked (a run a node was driving when it died still has one); its timer brings it back.
    func isParked(_ run: StoredRun) async throws -> Bool {
        guard run.status == .waiting, run.lease == nil else { return false }
        let now = clock.now()
        return try await store.timers(of: run.id).contains { $0.fireAt > now }
    }

    /// Renews the node's leases, retries runs whose driving failed, fires due schedules and
    /// brings back runs whose timers are due.
    func maintain() async {
        var lastRenewal = ContinuousClock.now
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: configuration.tickInterval)
            } catch {
                return
            }
            if ContinuousClock.now - lastRenewal >= configuration.leaseDuration / 3 {
                lastRenewal = ContinuousClock.now
                await renewLeases()
            }
            let now = clock.now()
            let due = state.withLock { state -> [RunID] in
                let due = state.retries.filter { $0.value <= now }.map(\.key)
                for id in due { state.retries[id] = nil }
                return due
            }
            for id in due { launch(id) }
            if let timers = try? await store.dueTimers(at: now, limit: 500) {
                for timer in timers where liveRun(timer.runID) == nil { launch(timer.runID) }
            }
            await fireDueSchedules(at: now)
        }
    }

    func renewLeases() async {
        let live = state.withLock { Array($0.live.keys) }
        for id in live {
            do {
                try await store.renewLease(of: id, owner: configuration.owner, duration: configuration.leaseDuration)
            } catch where error.kind == .leaseNotHeld || error.kind == .notFound {
                // The lease lapsed (the process stood still for longer than it): take it again,
                // unless someone else has; then stop driving the run, and try it again later.
                if error.kind == .leaseNotHeld,
                    (try? await store.claimRun(id, owner: configuration.owner, leaseDuration: configuration.leaseDuration)) != nil
                {
                    continue
                }
                liveRun(id)?.request(.shutdown)
                retryLater(id)
            } catch {
                logger.warning("could not renew a run's lease", metadata: ["run.id": "\(id)", "error": "\(error)"])
            }
        }
    }
}
