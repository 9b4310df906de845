import BatonAssistant
import BatonWorkflow
import Foundation
import Testing

/// A planner that answers from a dictionary of requests: it lets a test choose each answer and
/// check how the scorer counts it.
struct AnswerBook: Planner {
    var answers: [String: PlannerAnswer]

    func answer(_ request: PlanRequest) async -> PlannerAnswer {
        answers[request.text] ?? .abstain(Abstention(reasons: ["no answer written for this request"]))
    }
}

/// Short ways to write cases and answers in tests.
enum Scoring {
    static func planCase(_ id: String, _ template: String, _ parameters: [String: JSONValue]) -> EvaluationCase {
        EvaluationCase(id: id, request: "request \(id)", expectation: .plan(template: template, parameters: parameters))
    }

    static func clarifyCase(_ id: String, _ template: String, _ missing: [String]) -> EvaluationCase {
        EvaluationCase(id: id, request: "request \(id)", expectation: .clarify(template: template, missing: missing))
    }

    static func abstainCase(_ id: String) -> EvaluationCase {
        EvaluationCase(id: id, request: "request \(id)", expectation: .abstain)
    }

    static func plan(_ template: String, _ parameters: [String: JSONValue], defaults: [String: JSONValue] = [:]) -> PlannerAnswer {
        .plan(Plan(templateID: template, parameters: parameters, defaults: defaults))
    }

    static func clarify(_ template: String, _ missing: [String], known: [String: JSONValue] = [:]) -> PlannerAnswer {
        .clarify(Clarification(templateID: template, missing: missing, known: known, question: "?", reasons: []))
    }

    static let abstain = PlannerAnswer.abstain(Abstention(reasons: ["outside the catalog"]))

    /// Scores `pairs` (a case and the answer to give it) with the repository's templates.
    static func report(_ pairs: [(EvaluationCase, PlannerAnswer)]) async throws -> EvaluationReport {
        let library = try RepositoryTemplates.load()
        let book = AnswerBook(answers: Dictionary(uniqueKeysWithValues: pairs.map { ($0.0.request, $0.1) }))
        return await PlannerEvaluation(library: library).run(book, on: pairs.map(\.0))
    }
}

@Suite("Planner evaluation: scoring")
struct EvaluationScoringTests {
    @Test("a plan with equal values passes: numbers by value, strings trimmed and case-insensitive, stated defaults allowed")
    func exactFrame() async throws {
        let report = try await Scoring.report([
            (Scoring.planCase("a", "deploy-web-app", ["name": "shop", "image": "shop:1.4", "port": 3000]),
             Scoring.plan("deploy-web-app", ["name": " Shop ", "image": "SHOP:1.4", "port": 3000.0, "replicas": 1, "database": "none"])),
        ])
        #expect(report.frameExactMatch == EvaluationRatio(1, of: 1))
        #expect(report.parameterAccuracy == EvaluationRatio(3, of: 3))
        #expect(report.templateAccuracy == EvaluationRatio(1, of: 1))
        #expect(report.validPlans == EvaluationRatio(1, of: 1))
        #expect(report.passedCount == 1 && report.failedCount == 0)
    }

    @Test("an unstated value that is not the default breaks the frame but not parameter accuracy")
    func extraValue() async throws {
        let report = try await Scoring.report([
            (Scoring.planCase("a", "deploy-web-app", ["name": "shop", "image": "shop:1.4"]),
             Scoring.plan("deploy-web-app", ["name": "shop", "image": "shop:1.4", "replicas": 2])),
            (Scoring.planCase("b", "deploy-web-app", ["name": "blog", "command": "npm start"]),
             Scoring.plan("deploy-web-app", ["name": "blog", "command": "npm start", "image": "blog:1"])),
            // A plan's defaults that differ from the template's are extra values too.
            (Scoring.planCase("c", "deploy-web-app", ["name": "wiki", "command": "run"]),
             Scoring.plan("deploy-web-app", ["name": "wiki", "command": "run"], defaults: ["port": 9999])),
        ])
        #expect(report.frameExactMatch == EvaluationRatio(0, of: 3))
        #expect(report.parameterAccuracy == EvaluationRatio(6, of: 6))
        let mismatches = report.failures.flatMap(\.mismatches)
        #expect(mismatches.contains("replicas: not stated, got 2"))
        #expect(mismatches.contains("image: not stated, got \"blog:1\""))
        #expect(mismatches.contains("port: not stated, got 9999"))
    }

    @Test("an expected value equal to the default counts when the plan leaves it to the default")
    func expectedDefault() async throws {
        let report = try await Scoring.report([
            (Scoring.planCase("a", "deploy-web-app", ["name": "shop", "image": "shop:1", "port": 8080]),
             Scoring.plan("deploy-web-app", ["name": "shop", "image": "shop:1"])),
        ])
        #expect(report.parameterAccuracy == EvaluationRatio(3, of: 3))
        #expect(report.frameExactMatch == EvaluationRatio(1, of: 1))
    }

    @Test("a wrong or missing value fails the case and counts against parameter accuracy")
    func wrongValue() async throws {
        let report = try await Scoring.report([
            (Scoring.planCase("a", "deploy-web-app", ["name": "shop", "image": "shop:1", "port": 3000, "env": ["A": "1", "B": "x"]]),
             Scoring.plan("deploy-web-app", ["name": "shop", "image": "shop:1", "port": 3001, "env": ["A": "1", "b": "x"]])),
        ])
        #expect(report.parameterAccuracy == EvaluationRatio(2, of: 4))
        #expect(report.frameExactMatch == EvaluationRatio(0, of: 1))
        let outcome = try #require(report.failures.first)
        #expect(outcome.mismatches.contains("port: expected 3000, got 3001"))
        #expect(outcome.mismatches.contains { $0.hasPrefix("env: expected") })
    }

    @Test("a plan for another template: template accuracy and every parameter are wrong, and it is not a valid plan here")
    func wrongTemplate() async throws {
        let report = try await Scoring.report([
            (Scoring.planCase("a", "deploy-web-app", ["name": "shop", "image": "shop:1"]),
             Scoring.plan("deploy-worker", ["name": "shop", "image": "shop:1", "port": 3000])),
        ])
        #expect(report.templateAccuracy == EvaluationRatio(0, of: 1))
        #expect(report.parameterAccuracy == EvaluationRatio(0, of: 2))
        #expect(report.validPlans == EvaluationRatio(0, of: 1))
        #expect(report.invalidPlans.map(\.evaluationCase.id) == ["a"])
        #expect(report.failures.first?.mismatches == ["template: expected deploy-web-app, got deploy-worker"])
    }

    @Test("a plan that does not instantiate is counted in valid plans and listed")
    func invalidPlan() async throws {
        let report = try await Scoring.report([
            // Right frame, but neither command nor image: the template's schema refuses it.
            (Scoring.planCase("a", "deploy-web-app", ["name": "shop"]), Scoring.plan("deploy-web-app", ["name": "shop"])),
            (Scoring.planCase("b", "deploy-web-app", ["name": "blog", "command": "x"]), Scoring.plan("deploy-web-app", ["name": "blog", "command": "x"])),
        ])
        #expect(report.validPlans == EvaluationRatio(1, of: 2))
        #expect(report.frameExactMatch == EvaluationRatio(2, of: 2))
        #expect(report.text().contains("Invalid plans (1):\n  a: input"))
    }

    @Test("clarify: extra missing names pass, a missing listed name or another template fails, a plan for a clarify case fails")
    func clarify() async throws {
        let report = try await Scoring.report([
            (Scoring.clarifyCase("a", "deploy-web-app", ["name"]), Scoring.clarify("deploy-web-app", ["name", "command", "image"])),
            (Scoring.clarifyCase("b", "scale-service", ["service", "replicas"]), Scoring.clarify("scale-service", ["replicas"])),
            (Scoring.clarifyCase("c", "scale-service", ["replicas"]), Scoring.clarify("configure-autoscaling", ["replicas"])),
            (Scoring.clarifyCase("d", "deploy-web-app", ["name"]), Scoring.plan("deploy-web-app", ["name": "app", "command": "x"])),
            (Scoring.clarifyCase("e", "rollback-service", ["service"]), Scoring.abstain),
            // A question for a plan case is a predicted clarification that is not correct.
            (Scoring.planCase("f", "deploy-web-app", ["name": "shop", "port": 3000]),
             Scoring.clarify("deploy-web-app", ["command", "image"], known: ["name": "shop", "port": 3000])),
        ])
        #expect(report.clarifyRecall == EvaluationRatio(1, of: 5))
        #expect(report.clarifyPrecision == EvaluationRatio(1, of: 4))
        #expect(report.templateAccuracy == EvaluationRatio(4, of: 6))
        // The question's known values count for the plan case's parameters.
        #expect(report.parameterAccuracy == EvaluationRatio(2, of: 2))
        #expect(report.frameExactMatch == EvaluationRatio(0, of: 1))
        #expect(report.passedCount == 1)
        let byID = Dictionary(uniqueKeysWithValues: report.outcomes.map { ($0.evaluationCase.id, $0.mismatches) })
        #expect(byID["b"] == ["did not ask for service"])
        #expect(byID["c"] == ["template: expected scale-service, got configure-autoscaling"])
        #expect(byID["d"] == ["planned instead of asking for name"])
        #expect(byID["e"] == ["abstained instead of asking"])
    }

    @Test("abstain precision, recall and F1 count abstentions both ways")
    func abstain() async throws {
        let report = try await Scoring.report([
            (Scoring.abstainCase("a"), Scoring.abstain),
            (Scoring.abstainCase("b"), Scoring.abstain),
            (Scoring.abstainCase("c"), Scoring.plan("deploy-web-app", ["name": "poem", "command": "x"])),
            (Scoring.planCase("d", "deploy-web-app", ["name": "shop", "image": "shop:1"]), Scoring.abstain),
        ])
        #expect(report.abstainPrecision == EvaluationRatio(2, of: 3))
        #expect(report.abstainRecall == EvaluationRatio(2, of: 3))
        let f1 = try #require(report.abstainF1)
        #expect(abs(f1 - 2.0 / 3.0) < 1e-9)
        #expect(report.templateAccuracy == EvaluationRatio(0, of: 1))
        #expect(report.parameterAccuracy == EvaluationRatio(0, of: 2))
        #expect(report.passedCount == 2 && report.failedCount == 2)
    }

    @Test("a metric with nothing to count over is n/a, in text and as null in JSON")
    func notApplicable() async throws {
        let report = try await Scoring.report([(Scoring.abstainCase("a"), Scoring.abstain)])
        #expect(report.templateAccuracy.value == nil)
        #expect(report.parameterAccuracy.value == nil)
        #expect(report.clarifyPrecision.value == nil)
        #expect(report.clarifyRecall.value == nil)
        #expect(report.validPlans.value == nil)
        #expect(report.abstainF1 == 1)
        let text = report.text()
        #expect(text.contains("template accuracy   n/a (0/0)"))
        #expect(text.contains("abstain F1          1.0"))
        #expect(text.hasSuffix("\n1 passed, 0 failed"))
        let metrics = try #require(report.jsonValue["metrics"])
        #expect(metrics["template-accuracy"]?["value"] == .null)
        #expect(metrics["abstain-recall"]?["value"] == 1)

        let none = try await Scoring.report([(Scoring.planCase("p", "deploy-web-app", ["name": "x", "command": "y"]), Scoring.abstain)])
        #expect(none.abstainPrecision == EvaluationRatio(0, of: 1))
        #expect(none.abstainRecall.value == nil)
        #expect(none.abstainF1 == nil)
        #expect(none.text().contains("abstain F1          n/a"))
    }

    @Test("latency percentiles are nearest-rank over the answers' times")
    func latency() throws {
        let evaluation = PlannerEvaluation(library: try RepositoryTemplates.load())
        let outcomes = (1...200).reversed().map { index in
            evaluation.judge(Scoring.abstainCase("c\(index)"), answer: Scoring.abstain, latency: .milliseconds(index))
        }
        let report = EvaluationReport(outcomes: outcomes)
        #expect(report.latencyP50 == .milliseconds(100))
        #expect(report.latencyP99 == .milliseconds(198))
        #expect(EvaluationReport(outcomes: Array(outcomes.prefix(1))).latencyP99 == .milliseconds(200))
        #expect(EvaluationReport(outcomes: []).latencyP50 == nil)
    }

    @Test("the text report lists each failed case with what was expected and what came, and ends with the counts")
    func textReport() async throws {
        let report = try await Scoring.report([
            (Scoring.planCase("ok", "deploy-web-app", ["name": "a", "command": "x"]), Scoring.plan("deploy-web-app", ["name": "a", "command": "x"])),
            (Scoring.planCase("bad", "deploy-web-app", ["name": "shop", "command": "x", "port": 3000]),
             Scoring.plan("deploy-web-app", ["name": "shop", "command": "x"])),
            (Scoring.abstainCase("poem"), Scoring.clarify("deploy-web-app", ["name"])),
        ])
        let text = report.text(title: "dev.jsonl")
        #expect(text.hasPrefix("dev.jsonl: 3 cases: 2 plan, 0 clarify, 1 abstain"))
        #expect(text.contains("""
              bad "request bad": expected plan deploy-web-app {"command":"x","name":"shop","port":3000}
                got plan deploy-web-app {"command":"x","name":"shop"} (port: expected 3000, got 8080)
            """))
        #expect(text.contains("""
              poem "request poem": expected abstain
                got clarify deploy-web-app missing [name] (expected to abstain)
            """))
        #expect(!text.contains("  ok \""))
        #expect(text.hasSuffix("\n1 passed, 2 failed"))
        let json = report.jsonValue
        #expect(json["passed"] == 1 && json["failed"] == 2)
        #expect(json["failures"]?.arrayValue?.first?["predicted"] == ["template": "deploy-web-app", "params": ["name": "shop", "command": "x"]])
    }
}

@Suite("Planner evaluation: value comparison")
struct EvaluationValueComparisonTests {
    @Test("strings are trimmed and compared without case")
    func strings() {
        #expect(EvaluationValueComparison.equal("Checkout", "  checkout\n"))
        #expect(!EvaluationValueComparison.equal("checkout", "check out"))
    }

    @Test("numbers compare by value whatever their kind, and never equal a string or a boolean")
    func numbers() {
        #expect(EvaluationValueComparison.equal(3000, 3000.0))
        #expect(EvaluationValueComparison.equal(0.01, 0.01))
        #expect(!EvaluationValueComparison.equal(3000, 3000.5))
        #expect(!EvaluationValueComparison.equal(3000, "3000"))
        #expect(!EvaluationValueComparison.equal(1, true))
    }

    @Test("booleans are equal only to the same boolean")
    func booleans() {
        #expect(EvaluationValueComparison.equal(false, false))
        #expect(!EvaluationValueComparison.equal(false, true))
        #expect(!EvaluationValueComparison.equal(true, "true"))
    }

    @Test("objects need the same keys, each value compared by the same rules")
    func objects() {
        #expect(EvaluationValueComparison.equal(["LOG_LEVEL": "debug", "N": 2], ["N": 2.0, "LOG_LEVEL": "DEBUG "]))
        #expect(!EvaluationValueComparison.equal(["LOG_LEVEL": "debug"], ["LOG_LEVEL": "debug", "EXTRA": "1"]))
        #expect(!EvaluationValueComparison.equal(["LOG_LEVEL": "debug"], ["log_level": "debug"]))
        #expect(!EvaluationValueComparison.equal(["A": "1"], ["A": "2"]))
    }

    @Test("lists hold the same items in any order, as multisets")
    func lists() {
        #expect(EvaluationValueComparison.equal(["a", "b", "a"], ["A", "a", "b"]))
        #expect(!EvaluationValueComparison.equal(["a", "b"], ["a", "a"]))
        #expect(!EvaluationValueComparison.equal(["a"], ["a", "a"]))
        #expect(EvaluationValueComparison.equal([1, ["x": "y"]], [["x": "Y"], 1.0]))
    }
}
