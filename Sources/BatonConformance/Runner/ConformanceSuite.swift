import BatonEngine
import BatonWorkflow
import Foundation

/// The scenarios of a set of feature files, and the files that did not parse; runs them all
/// against local fakes and reports a line per scenario and a closing count.
public struct ConformanceSuite: Sendable {
    public var scenarios: [RunnableScenario]
    /// Feature files that are not valid Gherkin; each counts as a failure.
    public var errors: [GherkinError]

    public init(scenarios: [RunnableScenario], errors: [GherkinError] = []) {
        self.scenarios = scenarios
        self.errors = errors
    }

    /// Parses the feature files; files that do not parse are kept as errors.
    public static func load(_ entries: [FeatureFiles.Entry], parser: GherkinParser = GherkinParser()) -> ConformanceSuite {
        var suite = ConformanceSuite(scenarios: [])
        for entry in entries {
            do {
                suite.scenarios += try parser.parse(contentsOf: entry.url, displayName: entry.displayName).runnableScenarios
            } catch {
                suite.errors.append(error)
            }
        }
        return suite
    }

    /// The scenarios whose name contains `text`, ignoring case; all of them when `text` is nil.
    public func filtered(nameContaining text: String?) -> ConformanceSuite {
        guard let text, !text.isEmpty else { return self }
        return ConformanceSuite(scenarios: scenarios.filter { $0.name.range(of: text, options: .caseInsensitive) != nil }, errors: errors)
    }

    /// The count of a run.
    public struct Summary: Sendable, Hashable {
        public var passed: Int
        public var failed: Int

        public init(passed: Int, failed: Int) {
            self.passed = passed
            self.failed = failed
        }

        /// `19 passed, 2 failed`: the closing line of the runner's output.
        public var line: String { "\(passed) passed, \(failed) failed" }
    }

    /// Runs every scenario, with the fakes of the kit's hosts running for the whole run.
    /// - Parameters:
    ///   - makeExecutor: the executor for the scenarios, given the base URLs of the fakes to
    ///     point its HTTP calls at.
    ///   - library: the step definitions.
    ///   - timeout: how long one workflow may run.
    ///   - verbose: whether to print each run's events and the requests the fakes answer.
    ///   - output: receives the lines to print: one per scenario (and per file that did not
    ///     parse), then the summary line.
    /// - Throws: `FakeServicesError` when the fakes cannot start.
    public func run(
        makeExecutor: (FakeHosts) -> any ScenarioExecutor, library: StepLibrary = .conformanceKit, timeout: Duration = .seconds(60),
        verbose: Bool = false, output: @escaping @Sendable (String) -> Void
    ) async throws -> Summary {
        var summary = Summary(passed: 0, failed: 0)
        for error in errors {
            output("✘ \(error.file):\(error.line) — the feature file does not parse: \(error.message)")
            summary.failed += 1
        }
        var requestLog: (@Sendable (String) -> Void)?
        if verbose {
            requestLog = { @Sendable line in output("    ↔ \(line)") }
        }
        let scenarios = self.scenarios
        let results = try await FakeServices.withRunning(FakeServices.conformanceKit(log: requestLog)) { (hosts: FakeHosts) async -> [Bool] in
            let runner = ScenarioRunner(library: library, executor: makeExecutor(hosts), timeout: timeout)
            var passed: [Bool] = []
            for scenario in scenarios {
                if verbose { output("▶ \(scenario.location) \(scenario.name)") }
                let result = await runner.run(scenario, observer: verbose ? EventPrinter(output: output) : nil)
                output(result.line)
                passed.append(result.passed)
            }
            return passed
        }
        summary.passed += results.filter { $0 }.count
        summary.failed += results.filter { !$0 }.count
        output(summary.line)
        return summary
    }
}
