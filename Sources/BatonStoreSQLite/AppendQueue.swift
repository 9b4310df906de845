import BatonEngine
import BatonStore
import Synchronization

/// The appends waiting for the SQLite store's next group commit, and whether a caller is
/// writing them.
struct AppendQueue {
    var pending: [PendingAppend] = []
    var flushing = false
}

/// One caller's append, waiting to be written.
struct PendingAppend: Sendable {
    let runID: RunID
    let events: [RunEvent]
    /// The events' `payload` column (``RunEvent/storePayload``), encoded by the caller before it
    /// queues the append, so that the one writer spends its time on SQL rather than JSON.
    let payloads: [String]
    let outcome: AppendOutcome

    init(runID: RunID, events: [RunEvent], outcome: AppendOutcome) {
        self.runID = runID
        self.events = events
        self.payloads = events.map(\.storePayload)
        self.outcome = outcome
    }
}

/// Where an append's caller waits: for the append's result, or to be told to take over the
/// writing (when the caller writing was cancelled).
final class AppendOutcome: Sendable {
    enum Value: Sendable {
        case finished(Result<Int64, RunStoreError>)
        case takeOver
    }

    private struct State {
        var value: Value?
        var waiter: CheckedContinuation<Value, Never>?
    }

    private let state = Mutex(State())

    /// Hands `value` to the waiting caller, or keeps it for its next ``wait()``.
    func resolve(_ value: Value) {
        let waiter = state.withLock { state -> CheckedContinuation<Value, Never>? in
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.value = value
            return nil
        }
        waiter?.resume(returning: value)
    }

    /// The next value resolved.
    func wait() async -> Value {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> Value? in
                if let value = state.value {
                    state.value = nil
                    return value
                }
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}
