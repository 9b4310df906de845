import ArgumentParser
import BatonEngine
import BatonStore
import BatonStoreSQLite
import BatonWorkflow
import Foundation

/// Appends per second to the SQLite store on a WAL file with many runs appending at once, each
/// task recorded as two appends (`taskStarted`, then `taskCompleted` with its output and
/// context), as the executor records them.
struct StoreBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Measure durable appends per second to the SQLite store (WAL file, concurrent runs)."
    )

    @Option(help: "Runs appending at once.")
    var runs = 100

    @Option(help: "Tasks per run.")
    var tasks = 100

    @Flag(help: "Sync every commit to disk (synchronous=FULL) instead of NORMAL.")
    var fullSync = false

    func run() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("baton-store-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteRunStore(path: folder.appendingPathComponent("bench.sqlite").path, configuration: .init(synchronous: fullSync ? .full : .normal))
        let key = WorkflowDefinitionKey(namespace: "bench", name: "append", version: "1.0.0")
        let document: JSONValue = ["document": ["dsl": "1.0.3", "namespace": "bench", "name": "append", "version": "1.0.0"], "do": [["finish": ["set": ["done": true]]]]]
        try await store.storeDefinition(WorkflowDefinition(key: key, source: document.jsonText(), document: document))
        var ids: [RunID] = []
        for index in 0..<runs {
            let run = try await store.createRun(NewRun(id: RunID("run-\(index)"), definition: key, input: ["index": .integer(index)]))
            try await store.append([RunEvent(kind: .runStarted, at: Date(), output: run.input)], to: run.id)
            ids.append(run.id)
        }
        let tasksPerRun = tasks
        let started = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for id in ids {
                group.addTask {
                    for task in 0..<tasksPerRun {
                        let position = "/do/\(task)/step\(task)"
                        try await store.append([RunEvent(kind: .taskStarted, at: Date(), name: "step\(task)", reference: position, position: position)], to: id)
                        try await store.append(
                            [RunEvent(
                                kind: .taskCompleted, at: Date(), name: "step\(task)", reference: position, position: position,
                                output: ["value": .integer(task)], context: ["last": .integer(task)], next: "continue")],
                            to: id)
                    }
                }
            }
            try await group.waitForAll()
        }
        let elapsed = ContinuousClock.now - started
        let seconds = elapsed.timeInterval
        guard try await store.events(of: ids[0], after: 0, limit: nil).count == 1 + 2 * tasksPerRun else {
            throw ValidationError("the store lost events")
        }
        let appends = runs * tasksPerRun * 2
        print(String(
            format: "SQLite store (WAL, synchronous=%@): %d appends (%d tasks over %d concurrent runs) in %.2f s: %.0f appends/s, %.0f tasks/s",
            fullSync ? "FULL" : "NORMAL", appends, runs * tasksPerRun, runs, seconds, Double(appends) / seconds, Double(runs * tasksPerRun) / seconds))
    }
}
