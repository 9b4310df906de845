import Logging
import NIOCore
import Synchronization

/// The state a ``ServiceProxy`` shares between its channels and its callers: the balancer, the
/// per-backend counters, the tasks waiting for a backend to drain, and the open channels to close
/// at the end. Event loops change it synchronously, so it is a `Mutex`, not an actor; waiters are
/// resumed outside the lock.
final class ProxyCore: Sendable {
    private struct Counters {
        var port: Int
        var active = 0
        var total = 0
        var failures = 0
    }

    private struct DrainWaiter {
        let backend: String
        let continuation: CheckedContinuation<Void, Never>
    }

    private struct State {
        var balancer = BackendBalancer()
        var counters: [String: Counters] = [:]
        var waiters: [UInt64: DrainWaiter] = [:]
        var nextWaiter: UInt64 = 0
        var channels: [ObjectIdentifier: any Channel] = [:]
        var isStopping = false
    }

    private let state = Mutex(State())
    let connectTimeout: TimeAmount
    let logger: Logger

    init(connectTimeout: TimeAmount, logger: Logger) {
        self.connectTimeout = connectTimeout
        self.logger = logger
    }

    // MARK: - Backends

    func setBackends(_ backends: [ProxyBackend]) throws(ServiceProxyError) {
        var seen: Set<String> = []
        for backend in backends {
            guard seen.insert(backend.id).inserted else {
                throw ServiceProxyError(.invalidBackends, "backend “\(backend.id)” appears twice in the set: give each instance one entry")
            }
            guard (1...65535).contains(backend.port) else {
                throw ServiceProxyError(.invalidBackends, "backend “\(backend.id)” has port \(backend.port), which is not a TCP port (1–65535)")
            }
            guard backend.weight >= 0 else {
                throw ServiceProxyError(
                    .invalidBackends, "backend “\(backend.id)” has weight \(backend.weight): a weight is 0 (drained) or more"
                )
            }
        }
        state.withLock { state in
            state.balancer.replace(with: backends)
            for backend in backends {
                state.counters[backend.id, default: Counters(port: backend.port)].port = backend.port
            }
            // A removed backend's counters stay while it has connections, so that its drain can be awaited.
            state.counters = state.counters.filter { seen.contains($0.key) || $0.value.active > 0 }
        }
    }

    var backends: [ProxyBackend] {
        state.withLock { $0.balancer.backends }
    }

    /// The backends to try for a new connection, in order; empty when there is none, or the
    /// proxy is stopping.
    func nextCandidates() -> [ProxyBackend] {
        state.withLock { state in
            state.isStopping ? [] : state.balancer.nextCandidates()
        }
    }

    // MARK: - Counters

    /// A connection to the backend is on its way: counted as active from now, so that a drain
    /// waits for it too.
    func connectionOpened(to backend: ProxyBackend) {
        state.withLock { state in
            state.counters[backend.id, default: Counters(port: backend.port)].active += 1
        }
    }

    /// The connection to the backend is made: one more in its total.
    func connectionEstablished(to backend: ProxyBackend) {
        state.withLock { state in
            state.counters[backend.id]?.total += 1
        }
    }

    func connectFailed(to backend: ProxyBackend) {
        state.withLock { state in
            state.counters[backend.id, default: Counters(port: backend.port)].failures += 1
        }
    }

    func connectionClosed(to backend: ProxyBackend) {
        let waiting = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            guard var counters = state.counters[backend.id] else { return [] }
            counters.active -= 1
            let inSet = state.balancer.backends.contains { $0.id == backend.id }
            state.counters[backend.id] = counters.active > 0 || inSet ? counters : nil
            guard counters.active == 0 else { return [] }
            let ids = state.waiters.filter { $0.value.backend == backend.id }.map(\.key)
            return ids.compactMap { state.waiters.removeValue(forKey: $0)?.continuation }
        }
        for continuation in waiting { continuation.resume() }
    }

    func statistics() -> [BackendStatistics] {
        state.withLock { state in
            var result = state.balancer.backends.map { backend in
                let counters = state.counters[backend.id] ?? Counters(port: backend.port)
                return BackendStatistics(
                    id: backend.id, port: backend.port, weight: backend.weight, activeConnections: counters.active,
                    totalConnections: counters.total, connectFailures: counters.failures
                )
            }
            let inSet = Set(result.map(\.id))
            for (id, counters) in state.counters.sorted(by: { $0.key < $1.key }) where !inSet.contains(id) {
                result.append(
                    BackendStatistics(
                        id: id, port: counters.port, weight: 0, isInSet: false, activeConnections: counters.active,
                        totalConnections: counters.total, connectFailures: counters.failures
                    )
                )
            }
            return result
        }
    }

    func activeConnections(to id: String) -> Int {
        state.withLock { $0.counters[id]?.active ?? 0 }
    }

    /// Returns once `id` has no open connection, or when the task is cancelled.
    func waitUntilIdle(_ id: String) async {
        let waiter = state.withLock { state -> UInt64 in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let idle = state.withLock { state -> Bool in
                    if (state.counters[id]?.active ?? 0) == 0 || Task.isCancelled { return true }
                    state.waiters[waiter] = DrainWaiter(backend: id, continuation: continuation)
                    return false
                }
                if idle { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: waiter) }?.continuation.resume()
        }
    }

    // MARK: - Channels

    /// Records an open channel, to close it when the proxy stops; `false` when it is stopping
    /// already (the channel is then to be closed at once).
    func track(_ channel: any Channel) -> Bool {
        let tracked = state.withLock { state -> Bool in
            guard !state.isStopping else { return false }
            state.channels[ObjectIdentifier(channel)] = channel
            return true
        }
        if tracked {
            channel.closeFuture.whenComplete { [weak self] _ in
                _ = self?.state.withLock { $0.channels.removeValue(forKey: ObjectIdentifier(channel)) }
            }
        }
        return tracked
    }

    /// Refuses new connections from now on and hands out the open channels, to be closed.
    func stop() -> [any Channel] {
        let (channels, waiting) = state.withLock { state in
            state.isStopping = true
            let waiting = state.waiters.values.map(\.continuation)
            state.waiters = [:]
            return (Array(state.channels.values), waiting)
        }
        for continuation in waiting { continuation.resume() }
        return channels
    }
}
