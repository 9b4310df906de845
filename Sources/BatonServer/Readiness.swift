import BatonRuntime
import ServiceLifecycle
import Synchronization

/// Whether the node takes work, for `GET /ready` and for refusing new runs while shutting down:
/// starting until the orchestrator has handed over the runs it found unfinished, ready then,
/// stopping from the moment graceful shutdown begins.
///
/// A `Service`, placed last in the service group so that it hears of graceful shutdown first
/// (the group shuts services down in reverse order): it turns to stopping before the
/// orchestrator drains and while the HTTP server still answers.
public final class Readiness: Service, Sendable {
    public enum Phase: String, Sendable {
        case starting, ready, stopping
    }

    private let orchestrator: Orchestrator
    private let state = Mutex(Phase.starting)

    public init(orchestrator: Orchestrator) {
        self.orchestrator = orchestrator
    }

    public var phase: Phase { state.withLock { $0 } }

    public func run() async throws {
        await withGracefulShutdownHandler {
            await orchestrator.waitUntilRecovered()
            state.withLock { phase in
                if phase == .starting { phase = .ready }
            }
            // Returning now would end the service group: wait for the shutdown (or cancellation).
            try? await gracefulShutdown()
        } onGracefulShutdown: {
            self.state.withLock { $0 = .stopping }
        }
    }
}
