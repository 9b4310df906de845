import BatonConformance
import BatonTesting
import Foundation
import Testing

/// The official OWS conformance kit (`../shared/spec/ows/ctk/features`), one test per scenario,
/// run on Baton's engine with the runner's local fakes.
@Suite(.enabled(if: SharedFiles.isAvailable, Comment(rawValue: SharedFiles.absenceReason)))
struct ConformanceKitTests {
    static let featureFolder = "spec/ows/ctk/features"

    /// The kit's scenarios, read when the tests are discovered; none when the shared folder is absent.
    static let scenarios: [RunnableScenario] = {
        guard SharedFiles.isAvailable, let entries = try? FeatureFiles.collect([SharedFiles.url(featureFolder).path]) else { return [] }
        return ConformanceSuite.load(entries).scenarios
    }()

    @Test func everyFeatureFileOfTheKitParses() throws {
        let entries = try FeatureFiles.collect([SharedFiles.url(Self.featureFolder).path])
        let suite = ConformanceSuite.load(entries)
        #expect(suite.errors.isEmpty, "\(suite.errors)")
        #expect(entries.count == 11)
        // The kit of OWS 1.0.3 has 21 scenarios, none of them outlines.
        #expect(suite.scenarios.count == 21)
        #expect(Set(suite.scenarios.map(\.location)).count == suite.scenarios.count)
    }

    @Test(arguments: scenarios)
    func scenarioPasses(_ scenario: RunnableScenario) async throws {
        let result = try await FakeServices.withRunning(FakeServices.conformanceKit()) { hosts in
            await ScenarioRunner(executor: EngineScenarioExecutor.conformanceKit(hosts: hosts), timeout: .seconds(30)).run(scenario)
        }
        if !result.passed {
            Issue.record(Comment(rawValue: result.line))
        }
    }
}

extension RunnableScenario: CustomTestStringConvertible {
    public var testDescription: String { "\(location) \(name)" }
}
