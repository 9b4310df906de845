import BatonAssistant
import BatonEngine
import BatonRuntime
import BatonServices
import BatonStore
import Hummingbird
import Logging
import NIOCore

/// Baton's HTTP API over an orchestrator: its routes, and the Hummingbird application that
/// serves them. The orchestrator and ``Readiness`` run beside the application (see
/// ``ServerNode``); the application answers from them.
///
/// Every route and its shapes are in the OpenAPI document served at `GET /openapi.json`
/// (``OpenAPIDocument``); `docs/api.md` describes the API by example.
public struct APIServer: Sendable {
    public let orchestrator: Orchestrator
    public let configuration: ServerConfiguration
    public let metrics: ServerMetrics
    public let readiness: Readiness
    /// The services this node runs; nil for a node without them (the `/services` routes answer 503).
    public let serviceManager: ServiceManager?
    /// Times the keep-alive comments of event streams; tests move it by hand.
    public let clock: any WorkflowClock
    /// The plain-language assistant (`/assistant` routes), or why there is none: the template
    /// library did not load.
    public let assistant: Result<Assistant, AssistantUnavailable>

    /// - Parameters:
    ///   - metrics: the registry `/metrics` exposes; the orchestrator's `RunMonitor` should
    ///     record into its ``ServerMetrics/factory``.
    ///   - readiness: what `/ready` reports; it must run as a service beside the application.
    ///   - clock: times the keep-alive comments of event streams.
    public init(
        orchestrator: Orchestrator, configuration: ServerConfiguration, metrics: ServerMetrics, readiness: Readiness,
        serviceManager: ServiceManager? = nil, assistant: Result<Assistant, AssistantUnavailable> = .failure(AssistantUnavailable("this server has no template library")),
        clock: any WorkflowClock = SystemClock()
    ) {
        self.assistant = assistant
        self.serviceManager = serviceManager
        self.orchestrator = orchestrator
        self.configuration = configuration
        self.metrics = metrics
        self.readiness = readiness
        self.clock = clock
    }

    /// The router with every route of the API. Errors leave it as JSON
    /// (`{"error":{"code","message"}}`), unknown routes included.
    public func makeRouter() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: APIErrorMiddleware())
        addOperationRoutes(to: router)
        addDefinitionRoutes(to: router)
        addRunRoutes(to: router)
        addApprovalRoutes(to: router)
        addCloudEventRoutes(to: router)
        addServiceRoutes(to: router)
        addAssistantRoutes(to: router)
        return router
    }

    /// The application listening on the configured host and port. It does not run the
    /// orchestrator or ``Readiness``: run them beside it, in one service group.
    /// - Parameter onServerRunning: called once the server listens, with the port it listens
    ///   on (the system's pick when the configured port is 0).
    public func makeApplication(logger: Logger = Logger(label: "baton.server"), onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in })
        -> some ApplicationProtocol
    {
        let port = configuration.port
        return Application(
            router: makeRouter(),
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: port), serverName: "baton"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
            logger: logger
        )
    }

    /// Runs a store call, its error as the API's: `notFound` 404, `invalidInput` 400 (a bad
    /// cursor), a conflict 409, anything else 500.
    func fromStore<T>(_ body: () async throws(RunStoreError) -> T) async throws(APIError) -> T {
        do {
            return try await body()
        } catch {
            switch error.kind {
            case .notFound: throw .notFound(error.message)
            case .invalidInput: throw .invalidInput(error.message)
            case .conflict, .runFinished, .leaseNotHeld: throw APIError(.conflict, .conflict, error.message)
            default: throw APIError(.internalServerError, .storage, error.message)
            }
        }
    }
}
