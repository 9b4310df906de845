import BatonServices
import Foundation
import Testing

/// The one suite of behaviour every ``ServiceStore`` passes: the in-memory store, the SQLite
/// store, and any store to come. Each check starts from an empty store made by `makeStore`.
///
/// ```swift
/// @Test(arguments: ServiceStoreConformance.Check.allCases)
/// func conforms(_ check: ServiceStoreConformance.Check) async throws {
///     try await ServiceStoreConformance { InMemoryServiceStore() }.run(check)
/// }
/// ```
///
/// Failures are recorded with Swift Testing's `#expect` and `#require`, at the line of the check.
public struct ServiceStoreConformance: Sendable {
    /// One area of behaviour.
    public enum Check: String, Sendable, CaseIterable, CustomTestStringConvertible {
        /// A new store holds no service, revision or instance record.
        case emptyStore
        /// Services and revisions read back as committed; a definition comes back whole.
        case roundTrip
        /// Revisions are listed by number, whatever order they were committed in.
        case revisionOrder
        /// A revision number that exists, or comes twice in one change, fails the whole change.
        case duplicateRevision
        /// A removal drops the service and its revisions, and nothing else.
        case removals
        /// An upsert replaces the service's declared state.
        case upserts
        /// Instance records are recorded, replaced by name, and forgotten.
        case instanceRecords
        /// Changes committed at the same time are all kept.
        case concurrentCommits

        public var testDescription: String { rawValue }
    }

    /// Makes an empty store.
    public typealias MakeStore = @Sendable () async throws -> any ServiceStore

    private let makeStore: MakeStore

    public init(makeStore: @escaping MakeStore) {
        self.makeStore = makeStore
    }

    /// Runs one check against a new store.
    public func run(_ check: Check) async throws {
        let context = Context(store: try await makeStore())
        switch check {
        case .emptyStore: try await context.emptyStore()
        case .roundTrip: try await context.roundTrip()
        case .revisionOrder: try await context.revisionOrder()
        case .duplicateRevision: try await context.duplicateRevision()
        case .removals: try await context.removals()
        case .upserts: try await context.upserts()
        case .instanceRecords: try await context.instanceRecords()
        case .concurrentCommits: try await context.concurrentCommits()
        }
    }

    /// Runs every check, each against a new store.
    public func runAll() async throws {
        for check in Check.allCases { try await run(check) }
    }

    /// A time the checks use: 2027-01-15T08:00:00Z.
    public static let start = Date(timeIntervalSince1970: 1_800_000_000)

    /// A definition with only what is required: a command in `/srv/tests`.
    public static func minimalDefinition(_ name: String) throws -> ServiceDefinition {
        ServiceDefinition(name: try ServiceName(name), command: ["baton-demo", "serve"], workingDirectory: "/srv/tests")
    }

    /// A definition with every key set to something other than its default.
    public static func fullDefinition(_ name: String) throws -> ServiceDefinition {
        ServiceDefinition(
            name: try ServiceName(name),
            command: ["./bin/api", "--name", "my shop", "--quote=\"x\"", "$PORT"],
            environment: ["WORK_MS": "5", "EMPTY": "", "GREETING": "grüß dich\nzweite Zeile", "DOLLAR": "${NOT_EXPANDED}"],
            workingDirectory: "/srv/tests/api",
            ports: [PortBinding(port: 7301), PortBinding(address: "0.0.0.0", port: 7305)],
            replicas: 3,
            healthCheck: HealthCheck(
                probe: .http(path: "/health?deep=1", port: 7399), interval: .milliseconds(1500), timeout: .milliseconds(250), retries: 5,
                startPeriod: .seconds(90)),
            restart: RestartPolicy(
                condition: .onFailure, initialBackoff: .milliseconds(500), maximumBackoff: .seconds(30), maximumAttempts: 7, resetAfter: .seconds(120)),
            dependsOn: [try ServiceName("db"): .healthy, try ServiceName("cache"): .started],
            resources: ResourceLimits(memoryBytes: 256 << 20, cpus: 0.5),
            labels: ["tier": "app", "team": "checkout"],
            version: "1.4.2",
            stopSignal: "SIGINT",
            stopGracePeriod: .seconds(45),
            update: UpdatePolicy(
                strategy: .canary, batchSize: 2, healthTimeout: .seconds(30), autoRollback: false, canaryPercent: 12.5,
                canaryDuration: .seconds(300), maximumErrorRate: 0.005, autoPromote: false))
    }

    /// Definitions with the other health probes and an image in place of a command.
    public static func otherProbes(_ name: String) throws -> [ServiceDefinition] {
        let tcp = ServiceDefinition(
            name: try ServiceName(name), command: ["worker"], workingDirectory: "/srv/tests",
            healthCheck: HealthCheck(probe: .tcp(port: nil)), resources: ResourceLimits(memoryBytes: 1000))
        let command = ServiceDefinition(
            name: try ServiceName(name), command: ["worker", "--v2"], workingDirectory: "/srv/tests",
            healthCheck: HealthCheck(probe: .command(["sh", "-c", "test -f /tmp/ready && echo 'ok'"]), retries: 1))
        let image = ServiceDefinition(
            name: try ServiceName(name), image: "postgres:16", workingDirectory: "/srv/tests",
            healthCheck: HealthCheck(probe: .http(path: "/", port: nil)), restart: RestartPolicy(condition: .never))
        return [tcp, command, image]
    }
}
