import BatonAssistant
import BatonEngine
import BatonRuntime
import BatonServer
import BatonServices
import BatonStoreSQLite
import BatonTesting
import BatonWorkflow
import Foundation
import HTTPTypes
import HummingbirdTesting
import ServiceLifecycle
import Testing

/// A node with services, wired as `baton serve` wires it (``ServerNode``): a ``LocalSupervisor``
/// on its own range of instance ports, a ``ServiceManager`` over a SQLite store in a temporary
/// folder, an orchestrator whose function catalog holds the service functions, and the API over
/// them. Services are real processes; graceful shutdown at the end stops them.
struct ServiceHarness: Sendable {
    let folder: URL
    let api: APIServer
    let manager: ServiceManager

    var orchestrator: Orchestrator { api.orchestrator }

    /// - Parameter assistant: what the `/assistant` routes answer with (none: they answer 503).
    static func withServices<T: Sendable>(
        _ mode: TestingSetup = .router, assistant: Result<Assistant, AssistantUnavailable> = .failure(AssistantUnavailable("no template library in this test")),
        _ body: @escaping @Sendable (ServiceHarness, any TestClientProtocol) async throws -> T
    ) async throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("baton-service-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("baton.sqlite").path
        let store = try SQLiteRunStore(path: database)
        let supervisor = LocalSupervisor(
            store: try SQLiteServiceStore(writer: store.writer),
            configuration: LocalSupervisor.Configuration(
                stateDirectory: folder.appendingPathComponent("services").path, instancePorts: TestPorts.instanceRange()),
            logger: ServerHarness.quiet)
        let manager = ServiceManager(store: supervisor.store, supervisor: supervisor, logger: ServerHarness.quiet)
        let functions = StandardFunctionCatalog(native: ServiceFunctions.all(manager: manager))
        let metrics = ServerMetrics()
        let orchestrator = Orchestrator(
            store: store, environment: .standard(secrets: SecretStore(), functions: functions), monitor: RunMonitor(metrics: metrics.factory),
            configuration: .init(owner: "test-node", leaseDuration: .seconds(30), drainTimeout: .milliseconds(200), tickInterval: .milliseconds(20), parkAfter: nil),
            logger: ServerHarness.quiet)
        let readiness = Readiness(orchestrator: orchestrator)
        let api = APIServer(
            orchestrator: orchestrator, configuration: ServerConfiguration(port: 0, databasePath: database), metrics: metrics, readiness: readiness,
            serviceManager: manager, assistant: assistant)
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: [supervisor, orchestrator, readiness], logger: ServerHarness.quiet))
        let harness = ServiceHarness(folder: folder, api: api, manager: manager)
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            await supervisor.waitUntilStarted()
            await orchestrator.waitUntilRecovered()
            let outcome: Result<T, any Error>
            do {
                outcome = .success(try await api.makeApplication(logger: ServerHarness.quiet).test(mode) { client in try await body(harness, client) })
            } catch {
                outcome = .failure(error)
            }
            // Graceful shutdown: the supervisor stops every instance, dependents first.
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return try outcome.get()
        }
    }

    /// A `baton-demo serve` on the stable `port`, checked on `/health`, in the canonical form
    /// `baton up` sends.
    func demo(
        _ name: String, port: Int, replicas: Int = 1, dependsOn: [String: ServiceDefinition.DependencyCondition] = [:],
        environment: [String: String] = [:]
    ) throws -> ServiceDefinition {
        var dependencies: [ServiceName: ServiceDefinition.DependencyCondition] = [:]
        for (dependency, condition) in dependsOn { dependencies[try ServiceName(dependency)] = condition }
        return ServiceDefinition(
            name: try ServiceName(name), command: ["baton-demo", "serve", "--role", "web"], environment: environment, workingDirectory: folder.path,
            ports: [PortBinding(port: port)], replicas: replicas,
            healthCheck: HealthCheck(probe: .http(path: "/health", port: nil), interval: .seconds(1), timeout: .seconds(1)),
            dependsOn: dependencies, stopGracePeriod: .seconds(5))
    }

    /// A `sh -c` one-liner without a port or health check: ready once it runs.
    func shell(_ name: String, _ script: String, dependsOn: [String] = []) throws -> ServiceDefinition {
        var dependencies: [ServiceName: ServiceDefinition.DependencyCondition] = [:]
        for dependency in dependsOn { dependencies[try ServiceName(dependency)] = .started }
        return ServiceDefinition(
            name: try ServiceName(name), command: ["sh", "-c", script], workingDirectory: folder.path, dependsOn: dependencies,
            stopGracePeriod: .seconds(5))
    }

    /// `POST /services/up` with the definitions in canonical form; waits until they are healthy.
    @discardableResult
    func up(_ definitions: [ServiceDefinition], timeout: String = "60s", client: some TestClientProtocol) async throws -> TestResponse {
        let services = Dictionary(uniqueKeysWithValues: definitions.map { ($0.name.rawValue, $0.documentValue) })
        let body: JSONValue = ["project": "test", "file": "services.yaml", "services": .object(services), "timeout": .string(timeout)]
        return try await client.request("/services/up", method: .post, json: body)
    }
}
