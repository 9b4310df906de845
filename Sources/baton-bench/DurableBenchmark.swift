import ArgumentParser
import BatonEngine
import BatonRuntime
import BatonStore
import BatonStoreSQLite
import BatonWorkflow
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The durable engine end to end: runs of `set` chains started through the ``Orchestrator`` on a
/// fresh SQLite file (WAL), every transition committed before it takes effect. Many runs at once
/// measure throughput (transitions per second); one long run measures the latency of a
/// transition, as a run waits for each of its commits in turn.
struct DurableBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "durable",
        abstract: "Measure the durable engine on SQLite: transitions per second over concurrent runs, and per transition in one run."
    )

    @Option(help: "Runs started at once in the concurrent case.")
    var runs = 100

    @Option(help: "Tasks in each run of the concurrent case.")
    var tasks = 100

    @Option(help: "Tasks in the single run; 0 skips the case.")
    var singleTasks = 1_000

    @Option(help: "Repetitions of each case, each on a fresh database; the median and the spread are reported.")
    var repetitions = 3

    @Flag(help: "Sync every commit to disk (synchronous=FULL) instead of NORMAL.")
    var fullSync = false

    @Option(help: "Seconds a repetition may take before the benchmark gives up on it as failed.")
    var timeLimit = 300

    func run() async throws {
        let synchronous: SQLiteRunStore.Configuration.Synchronous = fullSync ? .full : .normal
        print("Durable engine on SQLite (WAL, synchronous=\(synchronous.rawValue)), every transition committed before it takes effect")
        if runs > 0 {
            var trials: [Trial] = []
            for _ in 0..<max(1, repetitions) {
                trials.append(try await Self.trial(runs: runs, tasks: tasks, synchronous: synchronous, timeLimit: .seconds(timeLimit)))
            }
            report("\(runs) concurrent runs of a \(tasks)-task set chain (\(runs * tasks) tasks)", trials)
        }
        if singleTasks > 0 {
            var trials: [Trial] = []
            for _ in 0..<max(1, repetitions) {
                trials.append(try await Self.trial(runs: 1, tasks: singleTasks, synchronous: synchronous, timeLimit: .seconds(timeLimit)))
            }
            report("one run of a \(singleTasks)-task set chain", trials)
        }
    }

    /// What one repetition measured.
    struct Trial {
        var seconds: Double
        /// Process CPU time (user + system, all threads) over the same span.
        var cpuSeconds: Double
        /// Committed run events, counted from the store.
        var transitions: Int
        var tasks: Int
    }

    /// Starts `runs` runs of a `tasks`-task chain at once on a fresh database, waits for them all,
    /// and checks every run's status, output and events.
    /// - Throws: when a run did not complete as expected, or not all finished within `timeLimit`.
    static func trial(runs: Int, tasks: Int, synchronous: SQLiteRunStore.Configuration.Synchronous, timeLimit: Duration) async throws -> Trial {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("baton-durable-bench-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteRunStore(path: folder.appendingPathComponent("bench.sqlite").path, configuration: .init(synchronous: synchronous))
        let orchestrator = Orchestrator(store: store, environment: .standard(secrets: SecretStore()), configuration: .init(owner: "bench"))
        return try await withThrowingTaskGroup(of: Trial?.self) { group in
            group.addTask {
                try await orchestrator.run()
                return nil
            }
            await orchestrator.waitUntilRecovered()
            let key = try await orchestrator.apply(source: chain(tasks: tasks), file: "chain.yaml").definition.key

            let cpuStart = processCPUTime()
            let start = ContinuousClock.now
            let finished = try await withThrowingTaskGroup(of: StoredRun?.self) { runsGroup in
                for index in 0..<runs {
                    runsGroup.addTask {
                        let run = try await orchestrator.start(key, input: ["run": .integer(index), "count": 0], id: RunID("run-\(index)"))
                        return try await orchestrator.waitForFinish(of: run.id)
                    }
                }
                runsGroup.addTask {
                    try await Task.sleep(for: timeLimit)
                    return nil
                }
                var finished: [StoredRun] = []
                while finished.count < runs, let result = try await runsGroup.next() {
                    guard let run = result else { throw ValidationError("\(runs - finished.count) of \(runs) runs did not finish within \(timeLimit)") }
                    finished.append(run)
                }
                runsGroup.cancelAll()
                return finished
            }
            let elapsed = ContinuousClock.now - start
            let cpuSeconds = processCPUTime() - cpuStart

            var transitions = 0
            for run in finished {
                let index = Int(run.id.rawValue.dropFirst("run-".count)) ?? -1
                guard run.status == .completed, run.output == ["run": .integer(index), "count": .integer(tasks)] else {
                    throw ValidationError("run \(run.id) ended \(run.status.rawValue) with output \(run.output?.jsonText() ?? "none"), error \(run.error.map { "\($0)" } ?? "none")")
                }
                let kinds = try await store.events(of: run.id).map(\.event.kind)
                let expected = [RunEvent.Kind.runStarted] + Array(repeating: [.taskStarted, .taskCompleted], count: tasks).flatMap { $0 } + [.runCompleted]
                guard kinds == expected else {
                    throw ValidationError("run \(run.id) stored \(kinds.count) events, not the \(expected.count) of a \(tasks)-task chain")
                }
                transitions += kinds.count
            }
            guard finished.count == runs else { throw ValidationError("\(finished.count) of \(runs) runs finished") }

            group.cancelAll()
            while try await group.next() != nil {}
            return Trial(seconds: elapsed.timeInterval, cpuSeconds: cpuSeconds, transitions: transitions, tasks: runs * tasks)
        }
    }

    /// A chain of `tasks` `set` tasks, each carrying the run's number and counting one up.
    static func chain(tasks: Int) -> String {
        var text = "document:\n  dsl: '1.0.3'\n  namespace: bench\n  name: durable-chain\n  version: '\(tasks).0.0'\ndo:\n"
        for index in 0..<tasks {
            text += "  - step\(index):\n      set:\n        run: ${ .run }\n        count: ${ .count + 1 }\n"
        }
        return text
    }

    private func report(_ name: String, _ trials: [Trial]) {
        let transitions = trials.first?.transitions ?? 0
        let tasks = trials.first?.tasks ?? 0
        let rates = trials.map { Double($0.transitions) / $0.seconds }.sorted()
        let middle = median(trials.map(\.seconds))
        let spread = (rates.last ?? 0) - (rates.first ?? 0)
        print("  \(name): \(transitions) transitions, \(trials.count) repetitions")
        print(String(
            format: "    %.0f transitions/s, %.0f tasks/s at the median (%.1f ms); spread %.0f–%.0f transitions/s (±%.1f%%)",
            Double(transitions) / middle, Double(tasks) / middle, middle * 1000, rates.first ?? 0, rates.last ?? 0,
            50 * spread / (Double(transitions) / middle)))
        let cpu = median(trials.map { $0.cpuSeconds / Double($0.transitions) })
        print(String(
            format: "    %.1f µs per transition (wall, median); %.1f µs CPU per transition (all threads); %.2f cores busy",
            1e6 * middle / Double(transitions), 1e6 * cpu, median(trials.map { $0.cpuSeconds / $0.seconds })))
    }

    private func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }
}

/// The CPU time the process has used, all threads, user and system, in seconds.
private func processCPUTime() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}
