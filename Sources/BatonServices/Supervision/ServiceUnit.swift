import Logging
import Synchronization

/// One service as the supervisor runs it: its current revision, its instances, and the proxies
/// on its stable ports that send each new connection to an instance in traffic.
final class ServiceUnit: Sendable {
    struct State {
        var definition: ServiceDefinition
        var revision: Int
        var runners: [InstanceRunner] = []
        /// Traffic weights of instances that should not get the default share (a canary).
        var weights: [String: Int] = [:]
        var proxies: [ServiceProxy] = []
        var nextOrdinal = 1
    }

    let name: ServiceName
    let state: Mutex<State>
    let logger: Logger
    /// Set when the unit is closed: its proxies stop listening.
    let closed = AsyncSignal()

    init(definition: ServiceDefinition, revision: Int, logger: Logger) {
        name = definition.name
        self.logger = logger
        state = Mutex(State(definition: definition, revision: revision))
    }

    var definition: ServiceDefinition { state.withLock { $0.definition } }
    var revision: Int { state.withLock { $0.revision } }
    var runners: [InstanceRunner] { state.withLock { $0.runners } }

    /// The next instance name: `web-1`, `web-2`… never reused while the supervisor runs, so the
    /// logs of an instance that was replaced stay its own.
    func nextInstanceName() -> String {
        state.withLock { state in
            defer { state.nextOrdinal += 1 }
            return "\(name)-\(state.nextOrdinal)"
        }
    }

    /// Gives every proxy the instances in traffic as its backends: the instance's port for that
    /// stable port, its weight (1 unless set otherwise; proportions matter, not sizes).
    func updateTraffic() {
        let (proxies, backendSets) = state.withLock { state -> ([ServiceProxy], [[ProxyBackend]]) in
            let inTraffic = state.runners.filter(\.inTraffic)
            let sets = state.proxies.indices.map { index in
                inTraffic.compactMap { runner -> ProxyBackend? in
                    let weight = state.weights[runner.spec.name] ?? 100
                    guard index < runner.spec.ports.count else { return nil }
                    return ProxyBackend(id: runner.spec.name, port: runner.spec.ports[index], weight: weight)
                }
            }
            return (state.proxies, sets)
        }
        for (proxy, backends) in zip(proxies, backendSets) {
            do {
                try proxy.setBackends(backends)
            } catch {
                // The sets are built here from distinct instances and allocated ports; a refusal is
                // a bug, and the proxy keeps its previous set: say so rather than carry on silently.
                logger.error("the proxy refused the backends", metadata: ["service": "\(name)", "error": "\(error)"])
            }
        }
    }

    /// Waits until no proxy has a connection open to the instance (or `timeout` passes).
    func drain(_ instance: String, timeout: Duration) async {
        for proxy in state.withLock({ $0.proxies }) {
            _ = await proxy.waitUntilDrained(instance, timeout: timeout)
        }
    }
}
