import BatonTesting
import Foundation
import Logging
import ServiceLifecycle
import Testing
@testable import BatonServices

#if canImport(Glibc)
import Glibc
#endif

/// A supervisor and its manager on a temporary directory, running as a service of a
/// `ServiceGroup` for the length of a test and shut down gracefully at its end (passed or failed),
/// with every instance it recorded and did not stop killed after that.
struct SupervisorHarness {
    let supervisor: LocalSupervisor
    let manager: ServiceManager
    let store: any ServiceStore
    /// A temporary directory, removed at the end: working directory of the services.
    let directory: String

    static let quietLogger = Logger(label: "baton.test") { _ in SwiftLogNoOpLogHandler() }

    /// - Parameter makeStore: the store, given the temporary directory (in memory by default).
    static func with<T>(
        store makeStore: (String) throws -> any ServiceStore = { _ in InMemoryServiceStore() }, logs: CapturedLogs? = nil,
        _ body: (SupervisorHarness) async throws -> T
    ) async throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("baton-supervision-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try makeStore(directory)
        let supervisor = LocalSupervisor(
            store: store,
            configuration: LocalSupervisor.Configuration(
                stateDirectory: directory + "/state", instancePorts: TestPorts.instanceRange(), extraSearchDirectories: [BuiltProducts.directory],
                drainTimeout: .seconds(2)),
            logger: logs?.logger ?? quietLogger)
        let harness = SupervisorHarness(
            supervisor: supervisor, manager: ServiceManager(store: store, supervisor: supervisor, logger: quietLogger), store: store, directory: directory)
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: [supervisor], gracefulShutdownSignals: [], logger: quietLogger))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let outcome: Result<T, any Error>
            do {
                await supervisor.waitUntilStarted()
                outcome = .success(try await body(harness))
            } catch {
                outcome = .failure(error)
            }
            await group.triggerGracefulShutdown()
            try? await tasks.waitForAll()
            // A graceful stop stops every instance, and each forgets its record as it ends.
            let left = (try? await store.instanceRecords()) ?? []
            _ = LeftoverProcessGroups.killLeftoverGroups(left.map { ProcessIdentity(pid: $0.pid, processGroup: $0.processGroup, startTime: $0.startTime) })
            if case .success = outcome {
                #expect(left.isEmpty, "the graceful stop of the supervisor left \(left.map(\.instance)) running")
            }
            return try outcome.get()
        }
    }

    /// `baton-demo serve` as a service: on `port` (a stable port) or none, checked on `/health`
    /// every 250 ms (failures in the first 10 s do not count: a busy machine starts it slowly),
    /// stopped within a second, restarted after 100 ms.
    func demo(
        _ name: String, port: Int? = nil, replicas: Int = 1, environment: [String: String] = [:], update: UpdatePolicy = UpdatePolicy(healthTimeout: .seconds(20))
    ) throws -> ServiceDefinition {
        ServiceDefinition(
            name: try ServiceName(name), command: ["baton-demo", "serve", "--drain-timeout", "1"],
            environment: ["WORK_MS": "0"].merging(environment) { _, new in new }, workingDirectory: directory,
            ports: port.map { [PortBinding(port: $0)] } ?? [], replicas: replicas,
            healthCheck: HealthCheck(probe: .http(path: "/health", port: nil), interval: .milliseconds(250), timeout: .seconds(1), retries: 3, startPeriod: .seconds(10)),
            restart: RestartPolicy(initialBackoff: .milliseconds(100), maximumBackoff: .seconds(1)), stopGracePeriod: .seconds(3), update: update)
    }

    /// A program without a health check (`running` once started), `/bin/sh -c script`.
    func shell(_ name: String, _ script: String, replicas: Int = 1, environment: [String: String] = [:], restart: RestartPolicy = RestartPolicy(),
               dependsOn: [ServiceName: ServiceDefinition.DependencyCondition] = [:]) throws -> ServiceDefinition {
        ServiceDefinition(
            name: try ServiceName(name), command: ["/bin/sh", "-c", script], environment: environment, workingDirectory: directory,
            replicas: replicas, restart: restart, dependsOn: dependsOn, stopGracePeriod: .seconds(3))
    }

    /// Applies `services` as the project `project` and waits until they are ready.
    @discardableResult
    func up(_ project: String, _ services: [ServiceDefinition], timeout: Duration = .seconds(30)) async throws -> ServiceManager.UpReport {
        let report = try await manager.up(ServiceProject(name: project, services: services, file: "\(project).yaml"), cause: "test", waitTimeout: timeout)
        try #require(report.succeeded, "up \(project): \(report.entries.map { "\($0.service): \($0.problem ?? "ok")" })")
        return report
    }

    /// The instances of a running service.
    func instances(_ name: String) throws -> [InstanceRunner.Snapshot] {
        try supervisor.snapshot(try ServiceName(name)).instances
    }

    /// Waits until the service has exactly `count` ready instances, all of `revision`, and no other.
    func waitUntilReady(_ name: String, count: Int, revision: Int) async throws {
        try await waitUntil("`\(name)` has \(count) ready instances of revision \(revision)", state: { "\((try? instances(name)) ?? [])" }) {
            let all = try instances(name)
            return all.count == count && all.allSatisfy { ($0.status == .healthy || $0.status == .running) && $0.revision == revision && $0.pid != nil }
        }
    }
}

/// Runs `body`, which must throw a ``ServiceError``, and returns it.
func serviceError(_ body: () async throws -> some Any) async throws -> ServiceError {
    do {
        let result = try await body()
        throw ExpectedServiceError(returned: "\(result)")
    } catch let error as ServiceError {
        return error
    }
}

/// Polls `condition` like ``eventually(_:attempts:interval:_:)``; when it never holds, the error
/// also says how things are at the end (`state`), which is what a reader of the failure needs.
func waitUntil(_ what: String, attempts: Int = 3000, state: () -> String, _ condition: () async throws -> Bool) async throws {
    do {
        try await eventually(what, attempts: attempts, condition)
    } catch is EventuallyError {
        throw WaitFailure(description: "timed out waiting until \(what); now: \(state())")
    }
}

struct WaitFailure: Error, CustomStringConvertible {
    var description: String
}

/// The operation a test expected to fail returned.
struct ExpectedServiceError: Error, CustomStringConvertible {
    var returned: String
    var description: String { "expected a ServiceError; it returned \(returned)" }
}

/// Whether a process has ended (gone, a zombie, or its pid reused).
func hasEnded(_ pid: Int32?) -> Bool {
    guard let pid else { return true }
    return LocalDriverTesting.hasEnded(pid)
}
