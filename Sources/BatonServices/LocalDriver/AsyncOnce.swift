import Synchronization

/// A value set once, from any thread, that tasks wait for: a process's exit status, the end of
/// its output. Waiting is cancellable and costs no thread.
final class AsyncOnce<Value: Sendable>: Sendable {
    private struct State {
        var value: Value?
        var waiters: [UInt64: CheckedContinuation<Value?, Never>] = [:]
        var nextWaiter: UInt64 = 0
    }

    private let state = Mutex(State())

    init() {}

    /// The value, if it was set.
    var current: Value? { state.withLock { $0.value } }

    /// Sets the value and wakes the waiters; a second call changes nothing.
    func set(_ value: Value) {
        let waiters = state.withLock { state -> [CheckedContinuation<Value?, Never>] in
            guard state.value == nil else { return [] }
            state.value = value
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume(returning: value) }
    }

    /// Waits until the value is set, whatever happens to the task: for waits that must not be
    /// cut short (the end of a process that was just killed).
    func waitIgnoringCancellation() async -> Value {
        await withCheckedContinuation { (continuation: CheckedContinuation<Value?, Never>) in
            let value: Value? = state.withLock { state in
                if let value = state.value { return value }
                state.nextWaiter += 1
                state.waiters[state.nextWaiter] = continuation
                return nil
            }
            if let value { continuation.resume(returning: value) }
        }!
    }

    /// Waits until the value is set.
    /// - Throws: `CancellationError` when the task is cancelled first.
    func wait() async throws(CancellationError) -> Value {
        let id = state.withLock { state in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        let value: Value? = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Value?, Never>) in
                // The outer optional says whether to resume now; the inner one is the answer.
                let now: Value?? = state.withLock { state in
                    if let value = state.value { return .some(value) }
                    if Task.isCancelled { return .some(nil) }
                    state.waiters[id] = continuation
                    return .none
                }
                if case .some(let answer) = now { continuation.resume(returning: answer) }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume(returning: nil)
        }
        guard let value else { throw CancellationError() }
        return value
    }
}
