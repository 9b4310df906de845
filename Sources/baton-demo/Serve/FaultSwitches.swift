import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The fault switches of a running service, read synchronously by every request, and the
/// requests held by the `hang` fault.
///
/// Switching logs the change; switching `crash` on ends the process at once with status 3.
final class FaultSwitches: Sendable {
    /// The exit status of the `crash` fault.
    static let crashStatus: Int32 = 3

    private struct State {
        var faults = Faults.none
        var hung: [UInt64: CheckedContinuation<Void, Never>] = [:]
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())
    private let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    var current: Faults {
        state.withLock { $0.faults }
    }

    /// How many requests the `hang` fault holds now.
    var hungCount: Int {
        state.withLock { $0.hung.count }
    }

    /// Sets every switch, as ``update(reason:_:)`` does.
    @discardableResult
    func set(_ faults: Faults, reason: String) -> Faults {
        update(reason: reason) { _ in faults }
    }

    /// Changes the switches in one step (no other change comes between reading and setting them);
    /// turning `hang` off lets the held requests go on.
    /// - Parameters:
    ///   - reason: where the change came from, for the log line (`POST /faults`, `FAULTS`).
    ///   - change: the new switches from the current ones.
    /// - Returns: the new switches.
    /// - Throws: what `change` throws; the switches are unchanged then.
    @discardableResult
    func update<E: Error>(reason: String, _ change: (Faults) throws(E) -> Faults) throws(E) -> Faults {
        let (previous, faults, released) = try state.withLock { (state) throws(E) in
            let previous = state.faults
            state.faults = try change(previous)
            var released: [CheckedContinuation<Void, Never>] = []
            if !state.faults.hang {
                released = Array(state.hung.values)
                state.hung.removeAll()
            }
            return (previous, state.faults, released)
        }
        if faults.crash {
            logger.critical(
                "crash fault switched on (\(reason)): exiting with status \(Self.crashStatus)",
                metadata: ["faults": "\(faults.summary)"])
            _exit(Self.crashStatus)
        }
        if previous != faults {
            logger.notice("faults switched (\(reason)): \(faults.summary)", metadata: ["faults.previous": "\(previous.summary)"])
        }
        for request in released { request.resume() }
        return faults
    }

    /// Returns when the `hang` fault is off, at once when it is off already, or when the task is
    /// cancelled.
    func waitWhileHanging() async {
        guard current.hang else { return }
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let goOn = state.withLock { state in
                    guard state.faults.hang, !Task.isCancelled else { return true }
                    state.hung[id] = continuation
                    return false
                }
                if goOn { continuation.resume() }
            }
        } onCancel: {
            let continuation = state.withLock { $0.hung.removeValue(forKey: id) }
            continuation?.resume()
        }
    }
}
