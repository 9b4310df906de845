import Synchronization

/// The statistics of a running load: the requests in flight, the current reporting window and
/// the whole run, changed by every request as it starts and ends.
final class LoadRecorder: Sendable {
    private struct State {
        var inFlight = 0
        var window = LoadStatistics()
        var total = LoadStatistics()
    }

    private let state = Mutex(State())

    /// Counts a request as sent and in flight, unless `limit` are in flight already: then
    /// counts it as dropped and answers false.
    func start(limit: Int) -> Bool {
        state.withLock { state in
            guard state.inFlight < limit else {
                state.window.dropped += 1
                state.total.dropped += 1
                return false
            }
            state.inFlight += 1
            state.window.recordSent()
            state.total.recordSent()
            return true
        }
    }

    /// Counts how a started request ended.
    func finish(_ outcome: LoadStatistics.Outcome, after elapsed: Duration) {
        state.withLock { state in
            state.inFlight -= 1
            state.window.record(outcome, after: elapsed)
            state.total.record(outcome, after: elapsed)
        }
    }

    /// The window since the last call, and a new one begun.
    func takeWindow() -> LoadStatistics {
        state.withLock { state in
            defer { state.window = LoadStatistics() }
            return state.window
        }
    }

    var total: LoadStatistics {
        state.withLock { $0.total }
    }
}
