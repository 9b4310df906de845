import BatonEngine
import BatonStore
import BatonStoreSQLite
import BatonStoreTesting
import BatonWorkflow
import Foundation
import Testing

/// A scratch measurement, not a timed test: how many appends per second the SQLite store takes
/// on a WAL file with 100 runs appending at once, each task recorded as two appends
/// (`taskStarted`, then `taskCompleted` with its output and context), as the executor records them.
///
/// Runs only when asked:
/// `BATON_STORE_BENCH=1 swift test -c release --filter AppendThroughputMeasurement`
/// (`BATON_STORE_BENCH_TASKS` sets the tasks per run, 100 by default;
/// `BATON_STORE_BENCH_SYNCHRONOUS=full` syncs every commit).
@Suite(.enabled(if: ProcessInfo.processInfo.environment["BATON_STORE_BENCH"] != nil, "set BATON_STORE_BENCH=1 to measure"))
struct AppendThroughputMeasurement {
    @Test func appendsPerSecondWithOneHundredConcurrentRuns() async throws {
        let runs = 100
        let tasksPerRun = Int(ProcessInfo.processInfo.environment["BATON_STORE_BENCH_TASKS"] ?? "") ?? 100
        try await withTemporaryDirectory { folder in
            let synchronous: SQLiteRunStore.Configuration.Synchronous =
                ProcessInfo.processInfo.environment["BATON_STORE_BENCH_SYNCHRONOUS"] == "full" ? .full : .normal
            let store = try SQLiteRunStore(path: folder.appendingPathComponent("bench.sqlite").path, configuration: .init(synchronous: synchronous))
            let definition = RunStoreConformance.definition()
            try await store.storeDefinition(definition)
            var ids: [RunID] = []
            for index in 0..<runs {
                let run = try await store.createRun(NewRun(id: RunID("run-\(index)"), definition: definition.key, input: ["index": .integer(index)]))
                try await store.append([RunEvent(kind: .runStarted, at: Date(), output: run.input)], to: run.id)
                ids.append(run.id)
            }

            let started = ContinuousClock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for id in ids {
                    group.addTask {
                        var context: JSONValue = [:]
                        for task in 0..<tasksPerRun {
                            let position = "/do/\(task)/step\(task)"
                            try await store.append([RunEvent(kind: .taskStarted, at: Date(), name: "step\(task)", reference: position, position: position)], to: id)
                            context = ["last": .integer(task)]
                            try await store.append(
                                [RunEvent(
                                    kind: .taskCompleted, at: Date(), name: "step\(task)", reference: position, position: position,
                                    output: ["value": .integer(task), "name": .string("step\(task)")], context: context, next: "continue")],
                                to: id)
                        }
                    }
                }
                try await group.waitForAll()
            }
            let elapsed = ContinuousClock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let appends = runs * tasksPerRun * 2
            let tasks = runs * tasksPerRun
            print(
                "append throughput (synchronous \(synchronous.rawValue)): \(appends) appends (\(tasks) tasks over \(runs) concurrent runs) in \(String(format: "%.2f", seconds)) s: "
                    + "\(Int(Double(appends) / seconds)) appends/s, \(Int(Double(tasks) / seconds)) tasks/s")
            let last = try await store.events(of: ids[0], after: 0, limit: nil).last?.sequence
            #expect(last == Int64(1 + 2 * tasksPerRun))
        }
    }
}
