import ArgumentParser
import BatonEngine
import BatonWorkflow
import Foundation
import Synchronization

/// The executor's own overhead: task transitions per second on long `set` chains, a wide fork,
/// and a chain of `run: shell` tasks against the same commands run by a bash loop.
struct EngineBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine",
        abstract: "Measure the workflow executor: transitions per second, a 1,000-branch fork, 40 shell tasks against bash."
    )

    @Option(help: "Tasks in the set chain.")
    var tasks = 10_000

    @Option(help: "Branches in the fork.")
    var branches = 1_000

    @Option(help: "Shell tasks in the chain.")
    var shellTasks = 40

    @Option(help: "Repetitions of each case; the best and the median are reported.")
    var repetitions = 5

    func run() async throws {
        let environment = ExecutionEnvironment.standard()
        let executor = WorkflowExecutor(environment: environment)

        let chain = try Self.workflow(name: "chain", tasks: (0..<tasks).map { "  - step\($0):\n      set:\n        count: ${ (.count // 0) + 1 }\n" })
        let chainTimes = try await measure(repetitions) {
            let journal = CountingObserver()
            let outcome = await executor.run(chain, input: [:], observer: journal)
            guard outcome == .completed(["count": .integer(tasks)]) else { throw ValidationError("the chain gave \(outcome)") }
            return journal.count
        }
        report("set chain of \(tasks) tasks", chainTimes, unit: "transitions")

        let forkBranches = (0..<branches).map { "          - branch\($0):\n              set:\n                branch: \($0)\n" }.joined()
        let fork = try Self.workflow(name: "fork", tasks: ["  - wide:\n      fork:\n        branches:\n" + forkBranches])
        let forkTimes = try await measure(repetitions) {
            let journal = CountingObserver()
            let outcome = await executor.run(fork, input: [:], observer: journal)
            guard case .completed(.array(let outputs)) = outcome, outputs.count == branches else { throw ValidationError("the fork gave \(outcome)") }
            return journal.count
        }
        report("fork of \(branches) branches", forkTimes, unit: "transitions")

        let shell = try Self.workflow(name: "shell", tasks: (0..<shellTasks).map { "  - step\($0):\n      run:\n        shell:\n          command: 'true'\n" })
        let shellTimes = try await measure(repetitions) {
            let journal = CountingObserver()
            let outcome = await executor.run(shell, input: [:], observer: journal)
            guard case .completed = outcome else { throw ValidationError("the shell chain gave \(outcome)") }
            return journal.count
        }
        let bashTimes = try await measure(repetitions) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = ["-c", "for i in $(seq \(shellTasks)); do sh -c true; done"]
            try process.run()
            process.waitUntilExit()
            return shellTasks
        }
        report("\(shellTasks) run: shell tasks of `true`", shellTimes, unit: "transitions")
        report("bash loop of \(shellTasks) `sh -c true`", bashTimes, unit: "commands")
        print(String(format: "  shell chain / bash loop (medians): %.2f×", median(shellTimes.map { $0.seconds }) / median(bashTimes.map { $0.seconds })))
    }

    static func workflow(name: String, tasks: [String]) throws -> Workflow {
        let text = "document:\n  dsl: '1.0.3'\n  namespace: bench\n  name: \(name)\n  version: '1.0.0'\ndo:\n" + tasks.joined()
        return try Workflow.load(text: text, file: "\(name).yaml", loader: DocumentLoader(limits: .init(maximumBytes: 64 << 20)))
    }

    struct Timing {
        var seconds: Double
        var count: Int
    }

    private func measure(_ repetitions: Int, _ body: () async throws -> Int) async throws -> [Timing] {
        var timings: [Timing] = []
        for _ in 0..<max(1, repetitions) {
            let start = ContinuousClock.now
            let count = try await body()
            let elapsed = ContinuousClock.now - start
            timings.append(Timing(seconds: elapsed.timeInterval, count: count))
        }
        return timings
    }

    private func report(_ name: String, _ timings: [Timing], unit: String) {
        let best = timings.map(\.seconds).min() ?? 0
        let middle = median(timings.map(\.seconds))
        let count = timings.first?.count ?? 0
        print(String(format: "  %@: best %.1f ms, median %.1f ms; %d %@, %.0f/s at the median", name, best * 1000, middle * 1000, count, unit, Double(count) / middle))
    }

    private func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }
}

/// Counts events, as an in-memory journal would receive them.
final class CountingObserver: RunObserver {
    private let counter = Atomic<Int>(0)

    func record(_ event: RunEvent) async {
        counter.add(1, ordering: .relaxed)
    }

    var count: Int { counter.load(ordering: .relaxed) }
}
