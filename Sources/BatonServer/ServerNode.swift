import BatonAssistant
import BatonEngine
import BatonRuntime
import BatonServices
import BatonStoreSQLite
import Logging
import ServiceLifecycle
import UnixSignals
import Foundation

/// What `baton serve` runs: the services' supervisor, the orchestrator on a SQLite database and
/// the HTTP API over them, in one service group that shuts down gracefully on SIGTERM or SIGINT.
///
/// Shutdown goes in reverse order of the services: ``Readiness`` turns to stopping (`/ready`
/// answers 503, `POST /runs` is refused), then the orchestrator stops taking runs and lets
/// running tasks finish for the drain timeout — what is still running is left to resume at the
/// next start — then the HTTP server closes, so that clients can watch the drain, and last the
/// supervisor stops every service instance (they start again, as declared, with the next node).
public enum ServerNode {
    /// Runs the node until graceful shutdown.
    /// - Parameters:
    ///   - onListening: called once the server listens, with the port (the real one when the
    ///     configured port is 0).
    /// - Throws: ``DatabaseLockError`` when another `baton serve` uses the database; the store's
    ///   error when the database cannot be opened; the server's when it cannot listen.
    public static func run(
        _ configuration: ServerConfiguration, logger: Logger = ServerNode.standardErrorLogger, onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws {
        try await DatabaseLock.withLock(database: configuration.databasePath) {
            let store = try SQLiteRunStore(path: configuration.databasePath)
            let metrics = ServerMetrics()
            let supervisor = LocalSupervisor(
                store: try SQLiteServiceStore(writer: store.writer),
                configuration: LocalSupervisor.Configuration(stateDirectory: configuration.resolvedServicesDirectory, instancePorts: configuration.instancePorts),
                logger: logger)
            let services = ServiceManager(store: supervisor.store, supervisor: supervisor, logger: logger)
            let functions = StandardFunctionCatalog(native: ServiceFunctions.all(manager: services))
            let orchestrator = Orchestrator(
                store: store, environment: .standard(secrets: .fromEnvironment(), functions: functions), monitor: RunMonitor(metrics: metrics.factory),
                configuration: Orchestrator.Configuration(owner: configuration.owner, drainTimeout: configuration.drainTimeout), logger: logger)
            let readiness = Readiness(orchestrator: orchestrator)
            let assistant = loadAssistant(configuration, logger: logger)
            let api = APIServer(
                orchestrator: orchestrator, configuration: configuration, metrics: metrics, readiness: readiness, serviceManager: services, assistant: assistant)
            // The server's own start-up line would repeat `onListening`'s; keep its warnings.
            var serverLogger = logger
            serverLogger.logLevel = max(logger.logLevel, .warning)
            let application = api.makeApplication(logger: serverLogger, onServerRunning: onListening)
            let group = ServiceGroup(
                configuration: ServiceGroupConfiguration(
                    services: [supervisor, ServiceRestorer(manager: services), application, orchestrator, readiness], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
            try await group.run()
        }
    }

    /// The assistant over the configured (or the default) template library; a library that does
    /// not load leaves the node without one, logged, rather than stopping it.
    static func loadAssistant(_ configuration: ServerConfiguration, logger: Logger) -> Result<Assistant, AssistantUnavailable> {
        guard let directory = configuration.templatesDirectory.map({ URL(fileURLWithPath: $0) }) ?? TemplateLibrary.defaultDirectory() else {
            let reason = AssistantUnavailable("no template library found: pass --templates DIR or set BATON_TEMPLATES")
            logger.warning("\(reason)")
            return .failure(reason)
        }
        do {
            let library = try TemplateLibrary.load(directory: directory)
            // A model, when BATON_LLM_BASE_URL names one; its exchanges are kept beside the database.
            let exchanges = URL(fileURLWithPath: URL(fileURLWithPath: configuration.databasePath).deletingPathExtension().path + ".assistant/model-exchanges.jsonl")
            let assistant = try Assistant.configured(
                library: library, secrets: .fromEnvironment(), exchangeLog: exchanges, functionSchemas: ServiceFunctions.schemas, logger: logger)
            if assistant.planner is ModelPlanner { logger.info("assistant: planning with the model at $BATON_LLM_BASE_URL, exchanges recorded in \(exchanges.path)") }
            return .success(assistant)
        } catch {
            let reason = AssistantUnavailable("the assistant did not start (template library \(directory.path)):\n\(error)")
            logger.warning("\(reason)")
            return .failure(reason)
        }
    }

    /// Logs to standard error at info level, without bootstrapping the process's logging system.
    public static var standardErrorLogger: Logger {
        Logger(label: "baton.serve") { label in StreamLogHandler.standardError(label: label) }
    }
}
