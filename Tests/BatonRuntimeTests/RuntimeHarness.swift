import BatonEngine
import BatonRuntime
import BatonStore
import BatonStoreSQLite
import BatonTesting
import BatonWorkflow
import Foundation

/// A node on a SQLite file in a temporary folder: tests start it, stop it (as a crash or a
/// shutdown would) and start another on the same file.
struct RuntimeHarness {
    let folder: URL
    let clock: any WorkflowClock
    /// Waits this long take idle runs out of memory; nil (the tests' default) keeps them in.
    var parkAfter: Duration?

    var databasePath: String { folder.appendingPathComponent("baton.sqlite").path }

    static func withHarness<T>(
        clock: any WorkflowClock = SystemClock(), parkAfter: Duration? = nil, _ body: (RuntimeHarness) async throws -> T
    ) async throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("baton-runtime-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        return try await body(RuntimeHarness(folder: folder, clock: clock, parkAfter: parkAfter))
    }

    func makeOrchestrator() throws -> Orchestrator {
        let store = try SQLiteRunStore(path: databasePath, clock: clock)
        return Orchestrator(
            store: store, environment: .standard(secrets: SecretStore(), clock: clock),
            configuration: .init(owner: "test-node", leaseDuration: .seconds(30), drainTimeout: .milliseconds(200), tickInterval: .milliseconds(20), parkAfter: parkAfter))
    }

    /// Runs a node for as long as `body` runs, then stops it by cancelling its task — what is in
    /// flight is left to resume, as after a crash.
    func withNode<T: Sendable>(_ body: @escaping @Sendable (Orchestrator) async throws -> T) async throws -> T {
        let orchestrator = try makeOrchestrator()
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await orchestrator.run()
                return nil
            }
            await orchestrator.waitUntilRecovered()
            let result = try await body(orchestrator)
            group.cancelAll()
            while try await group.next() != nil {}
            return result
        }
    }

    func write(_ name: String, _ text: String) throws -> URL {
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }
}

extension Orchestrator {
    func status(of id: RunID) async throws -> RunStatus? {
        try await store.run(id)?.status
    }

    func applyDefinition(_ source: String) async throws -> WorkflowDefinitionKey {
        try await apply(source: source, file: "test.yaml").definition.key
    }
}
