import BatonServices
import ServiceLifecycle

/// Brings the declared services back once the supervisor runs (after a restart of the node, or a
/// crash of the one before), then waits for shutdown. A service of the node's group so that the
/// restore starts with the node and is cancelled with it.
struct ServiceRestorer: Service {
    let manager: ServiceManager

    func run() async throws {
        await manager.supervisor.waitUntilStarted()
        await manager.restoreDeclaredState()
        try? await gracefulShutdown()
    }
}
