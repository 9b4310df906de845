import BatonEngine
import BatonStore
import CoreMetrics
import Foundation
import Synchronization

/// Watches the runs a node drives: passes each committed event to whoever follows the run live
/// (server-sent events, `baton runs events --follow`), and counts what happens as metrics.
public final class RunMonitor: Sendable {
    private struct Subscriber {
        let continuation: AsyncStream<StoredRunEvent>.Continuation
        /// Only these kinds; nil for all.
        let kinds: Set<RunEvent.Kind>?
    }
    private struct Subscribers {
        var next: UInt64 = 0
        var byRun: [RunID: [UInt64: Subscriber]] = [:]
    }
    private let subscribers = Mutex(Subscribers())
    private let taskDurations: [RunEvent.Kind: CoreMetrics.Timer]
    private let runsFinished: [RunEvent.Kind: Counter]
    private let transitions: Counter

    /// - Parameter metrics: where the metrics go (a Prometheus registry's factory in `baton
    ///   serve`); nil for none.
    public init(metrics: (any MetricsFactory)? = nil) {
        let factory = metrics ?? NOOPMetricsHandler.instance
        var durations: [RunEvent.Kind: CoreMetrics.Timer] = [:]
        for (kind, outcome) in [(RunEvent.Kind.taskCompleted, "completed"), (.taskFaulted, "faulted"), (.taskCancelled, "cancelled")] {
            durations[kind] = CoreMetrics.Timer(
                label: "baton_task_duration_seconds", dimensions: [("outcome", outcome)], preferredDisplayUnit: .seconds, factory: factory)
        }
        taskDurations = durations
        var finished: [RunEvent.Kind: Counter] = [:]
        for (kind, status) in [(RunEvent.Kind.runCompleted, "completed"), (.runFaulted, "faulted"), (.runCancelled, "cancelled")] {
            finished[kind] = Counter(label: "baton_runs_finished_total", dimensions: [("status", status)], factory: factory)
        }
        runsFinished = finished
        transitions = Counter(label: "baton_run_events_total", dimensions: [], factory: factory)
    }

    /// Follows a run's events as they are committed, for as long as `body` runs.
    /// - Parameter kinds: only events of these kinds (each delivery wakes the follower); nil for all.
    public func withEvents<T: Sendable>(
        of runID: RunID, kinds: Set<RunEvent.Kind>? = nil, _ body: (AsyncStream<StoredRunEvent>) async throws -> T
    ) async rethrows -> T {
        let (stream, continuation) = AsyncStream<StoredRunEvent>.makeStream(bufferingPolicy: .bufferingNewest(10_000))
        let token = subscribers.withLock { state in
            let token = state.next
            state.next += 1
            state.byRun[runID, default: [:]][token] = Subscriber(continuation: continuation, kinds: kinds)
            return token
        }
        defer {
            subscribers.withLock { state in
                state.byRun[runID]?[token] = nil
                if state.byRun[runID]?.isEmpty == true { state.byRun[runID] = nil }
            }
            continuation.finish()
        }
        return try await body(stream)
    }

    /// An event was committed as `sequence` of the run.
    func recorded(_ event: RunEvent, sequence: Int64, of runID: RunID, taskDuration: TimeInterval?) {
        transitions.increment()
        if let taskDuration, let timer = taskDurations[event.kind] {
            timer.recordNanoseconds(Int64(max(0, taskDuration) * 1_000_000_000))
        }
        runsFinished[event.kind]?.increment()
        let followers = subscribers.withLock { $0.byRun[runID].map { Array($0.values) } }
        guard let followers else { return }
        let stored = StoredRunEvent(runID: runID, sequence: sequence, event: event)
        for follower in followers where follower.kinds?.contains(event.kind) ?? true { follower.continuation.yield(stored) }
    }
}
