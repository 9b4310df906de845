import BatonEngine
import BatonStore
import BatonWorkflow
import Foundation

/// Makes a run durable: each event is committed to the store before the executor lets its
/// transition take effect, so that a run the process loses resumes from what was committed.
///
/// It throws — and so stops the run where it is — when the commit fails, or when the node has
/// asked the run to stop (``LiveRun/refusal(of:)``). Waits are mirrored in the store: the run's
/// status becomes `waiting`, and a time it waits for is kept as a timer. A run that waits long
/// and does nothing else is parked — taken out of memory — until its timer is due.
struct StoreRunObserver: RunObserver {
    let store: any RunStore
    let live: LiveRun
    let monitor: RunMonitor
    let clock: any WorkflowClock
    /// Waits at least this long take an idle run out of memory; nil keeps every run in memory.
    let parkAfter: Duration?

    func record(_ event: RunEvent) async throws {
        // A cancelled task records nothing: the node cancels a run's tasks only to stop it, and
        // the cancellation can reach them just before the stop request does. (The executor's own
        // cancellations — a competing fork's losers, a body stopped by its timeout — are not
        // recorded either; their outcome is the fork's or the timeout's.)
        if let stop = live.refusal(of: event) ?? (Task.isCancelled ? live.stop ?? .shutdown : nil) {
            // A task that ended, even unrecorded, is no longer in flight (parking asks).
            if event.kind != .taskStarted { _ = live.taskDuration(of: event) }
            throw RunStopped(stop: stop)
        }
        let sequence = try await store.append(event, to: live.id)
        monitor.recorded(event, sequence: sequence, of: live.id, taskDuration: live.taskDuration(of: event))
    }

    func waitBegins(_ wait: RunWait) async throws {
        if let stop = live.stop { throw RunStopped(stop: stop) }
        if let until = wait.until {
            try await store.upsertTimer(RunTimer(runID: live.id, position: wait.position, fireAt: until))
        }
        try await store.setStatus(.waiting, of: live.id)
        // A long wait of a run that does nothing else: its timer (stored above) brings it back.
        if let parkAfter, let until = wait.until, until.timeIntervalSince(clock.now()) >= parkAfter.timeInterval,
            live.isIdle(except: wait.position)
        {
            // Only this wait's timer is to bring the run back: one left by a wait that ended
            // without deleting it (cancelled) would bring it back for nothing.
            try await store.deleteTimers(of: live.id, except: wait.position)
            live.request(.park)
            throw RunStopped(stop: .park)
        }
    }

    func waitEnds(_ wait: RunWait) async {
        // The next event of the run sets it running again; a timer left behind by a failed
        // delete only brings a live run's resumption forward, which finds nothing to do.
        if wait.until != nil { try? await store.deleteTimer(runID: live.id, position: wait.position) }
    }
}
