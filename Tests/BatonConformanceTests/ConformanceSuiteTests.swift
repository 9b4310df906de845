import BatonConformance
import BatonEngine
import BatonWorkflow
import Foundation
import Synchronization
import Testing

/// Collects the lines a suite prints.
final class Lines: Sendable {
    private let storage = Mutex<[String]>([])

    func append(_ line: String) {
        storage.withLock { $0.append(line) }
    }

    var all: [String] { storage.withLock { $0 } }
}

@Suite struct ConformanceSuiteTests {
    /// A folder with a passing feature, a failing one in a subfolder and a file that is not Gherkin.
    func makeFeatures() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("baton-ctk-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("more"), withIntermediateDirectories: true)
        let workflow = """
                Given a workflow with definition:
                  \"\"\"yaml
                  document: { dsl: '1.0.3', namespace: default, name: t, version: '1.0.0' }
                  do:
                    - setRed:
                        set: { colors: [ red ] }
                  \"\"\"
                When the workflow is executed
            """
        try """
            Feature: Passing
              Scenario: Completes
            \(workflow)
                Then the workflow should complete
            """.write(to: folder.appendingPathComponent("a.feature"), atomically: true, encoding: .utf8)
        try """
            Feature: Failing
              Scenario: Expects a fault
            \(workflow)
                Then the workflow should fault
            """.write(to: folder.appendingPathComponent("more/b.feature"), atomically: true, encoding: .utf8)
        try "Feature: Broken\n  Scenario: S\n    Given x:\n    \"\"\"\n".write(to: folder.appendingPathComponent("c.feature"), atomically: true, encoding: .utf8)
        try "not a feature".write(to: folder.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        return folder
    }

    @Test func printsALinePerScenarioAndTheCountLast() async throws {
        let folder = try makeFeatures()
        defer { try? FileManager.default.removeItem(at: folder) }
        let entries = try FeatureFiles.collect([folder.path])
        #expect(entries.map(\.displayName) == ["a.feature", "c.feature", "more/b.feature"])
        let suite = ConformanceSuite.load(entries)
        #expect(suite.scenarios.count == 2)
        #expect(suite.errors.map(\.description) == ["c.feature:4: the doc string opened here is never closed; end it with \"\"\" on a line of its own"])

        let lines = Lines()
        let summary = try await suite.run(makeExecutor: { _ in ScriptedExecutor(outcome: .completed(["colors": ["red"]])) }) { lines.append($0) }
        #expect(summary == .init(passed: 1, failed: 2))
        #expect(lines.all.count == 4)
        #expect(lines.all[0].hasPrefix("✘ c.feature:4 — the feature file does not parse"))
        #expect(lines.all[1] == "✔ a.feature:2 Completes")
        #expect(lines.all[2].hasPrefix("✘ more/b.feature:2 Expects a fault — line 11 (Then the workflow should fault): expected the workflow to fault, but it completed"))
        #expect(lines.all.last == "1 passed, 2 failed")
    }

    @Test func theFilterKeepsScenariosWhoseNameContainsTheText() throws {
        let folder = try makeFeatures()
        defer { try? FileManager.default.removeItem(at: folder) }
        let suite = ConformanceSuite.load(try FeatureFiles.collect([folder.path]))
        #expect(suite.filtered(nameContaining: "FAULT").scenarios.map(\.name) == ["Expects a fault"])
        #expect(suite.filtered(nameContaining: nil).scenarios.count == 2)
    }

    @Test func verboseOutputShowsEventsAndTheFakesRequests() async throws {
        let scenario = RunnableScenario(
            file: "v.feature", line: 1, name: "Verbose", featureName: "V",
            steps: [GherkinStep(keyword: "When", keywordType: .action, text: "the workflow is executed", line: 2)]
        )
        let lines = Lines()
        // Without a workflow the step fails, after the scenario header is printed.
        let summary = try await ConformanceSuite(scenarios: [scenario]).run(
            makeExecutor: { _ in ScriptedExecutor(outcome: .cancelled) }, verbose: true
        ) { lines.append($0) }
        #expect(summary.failed == 1)
        #expect(lines.all.first == "▶ v.feature:1 Verbose")
        #expect(lines.all.last == "0 passed, 1 failed")
    }

    /// On the engine, a call to the Petstore reaches the fake, and verbose output shows the
    /// request beside the run's events.
    @Test func theEngineCallsTheFakesAndVerboseOutputShowsIt() async throws {
        let feature = try GherkinParser().parse(text: """
            Feature: Fakes
              Scenario: Get pet 2
                Given a workflow with definition:
                  \"\"\"yaml
                  document: { dsl: '1.0.3', namespace: default, name: pet, version: '1.0.0' }
                  do:
                    - getPet:
                        call: http
                        with:
                          method: get
                          endpoint: https://petstore.swagger.io/v2/pet/2
                  \"\"\"
                When the workflow is executed
                Then getPet should complete
                And the workflow output should have a 'id' property with value:
                  \"\"\"yaml
                  2
                  \"\"\"
            """, file: "fakes.feature")
        let lines = Lines()
        let summary = try await ConformanceSuite(scenarios: feature.runnableScenarios).run(
            makeExecutor: { EngineScenarioExecutor.conformanceKit(hosts: $0) }, verbose: true
        ) { lines.append($0) }
        #expect(summary == .init(passed: 1, failed: 0), "\(lines.all)")
        #expect(lines.all.contains("    ↔ petstore.swagger.io GET /v2/pet/2 → 200"))
        #expect(lines.all.contains { $0.hasPrefix("    · taskCompleted getPet /do/0/getPet output: {") })
        #expect(lines.all.suffix(2) == ["✔ fakes.feature:2 Get pet 2", "1 passed, 0 failed"])
    }

    @Test func missingPathsAreUsageErrors() {
        #expect(throws: FeatureFilesError.self) { try FeatureFiles.collect(["/nonexistent/features"]) }
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("baton-ctk-empty-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        #expect(throws: FeatureFilesError.self) { try FeatureFiles.collect([empty.path]) }
    }
}
