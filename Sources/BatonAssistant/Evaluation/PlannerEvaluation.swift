import BatonWorkflow

/// Runs a planner over an evaluation set and judges each answer by `EVALUATION.md`.
///
/// The library gives each template's defaults (a predicted value equal to the default is not an
/// extra value) and instantiates each predicted plan (valid plans).
public struct PlannerEvaluation: Sendable {
    public var library: TemplateLibrary
    private let instantiator: PlanInstantiator

    public init(library: TemplateLibrary) {
        self.library = library
        self.instantiator = PlanInstantiator(library: library)
    }

    /// Asks `planner` each case's request in turn (one at a time, so that latencies are not
    /// inflated by each other) and scores the answers.
    public func run(_ planner: any Planner, on cases: [EvaluationCase], clock: ContinuousClock = ContinuousClock()) async -> EvaluationReport {
        var outcomes: [EvaluationOutcome] = []
        outcomes.reserveCapacity(cases.count)
        for evaluationCase in cases {
            let request = PlanRequest(text: evaluationCase.request)
            let start = clock.now
            let answer = await planner.answer(request)
            let latency = start.duration(to: clock.now)
            outcomes.append(judge(evaluationCase, answer: answer, latency: latency))
        }
        return EvaluationReport(outcomes: outcomes)
    }

    /// Judges one answer.
    public func judge(_ evaluationCase: EvaluationCase, answer: PlannerAnswer, latency: Duration = .zero) -> EvaluationOutcome {
        var planProblems: [String]?
        if case .plan(let plan) = answer {
            do throws(PlanProblems) {
                _ = try instantiator.instantiate(plan)
                planProblems = []
            } catch {
                planProblems = error.problems
            }
        }
        var templateCorrect: Bool?
        var expectedCount = 0, matchedCount = 0
        var passed = false
        var mismatches: [String] = []
        switch evaluationCase.expectation {
        case .plan(let templateID, let expected):
            templateCorrect = answer.templateID == templateID
            expectedCount = expected.count
            switch answer {
            case .abstain:
                mismatches.append("abstained instead of planning")
            case .clarify(let clarification):
                if clarification.templateID != templateID { mismatches.append("template: expected \(templateID), got \(clarification.templateID)") }
                mismatches.append("asked for \(clarification.missing.joined(separator: ", ")) instead of planning")
                if clarification.templateID == templateID {
                    matchedCount = expected.count { name, value in clarification.known[name].map { EvaluationValueComparison.equal(value, $0) } ?? false }
                }
            case .plan(let plan):
                guard plan.templateID == templateID else {
                    mismatches.append("template: expected \(templateID), got \(plan.templateID)")
                    break
                }
                let defaults = library[templateID]?.defaults ?? plan.defaults
                let input = defaults.merging(plan.input) { _, predicted in predicted }
                for (name, value) in expected.sorted(by: { $0.key < $1.key }) {
                    if let predicted = input[name], EvaluationValueComparison.equal(value, predicted) {
                        matchedCount += 1
                    } else {
                        mismatches.append("\(name): expected \(value.jsonText()), got \(input[name]?.jsonText() ?? "nothing")")
                    }
                }
                for (name, value) in input.sorted(by: { $0.key < $1.key }) where expected[name] == nil {
                    if let defaultValue = defaults[name], EvaluationValueComparison.equal(defaultValue, value) { continue }
                    mismatches.append("\(name): not stated, got \(value.jsonText())")
                }
                passed = mismatches.isEmpty
            }
        case .clarify(let templateID, let missing):
            templateCorrect = answer.templateID == templateID
            switch answer {
            case .abstain:
                mismatches.append("abstained instead of asking")
            case .plan(let plan):
                if plan.templateID != templateID { mismatches.append("template: expected \(templateID), got \(plan.templateID)") }
                mismatches.append("planned instead of asking for \(missing.joined(separator: ", "))")
            case .clarify(let clarification):
                if clarification.templateID != templateID {
                    mismatches.append("template: expected \(templateID), got \(clarification.templateID)")
                }
                let asked = Set(clarification.missing)
                let notAsked = missing.filter { !asked.contains($0) }
                if !notAsked.isEmpty { mismatches.append("did not ask for \(notAsked.joined(separator: ", "))") }
                passed = mismatches.isEmpty
            }
        case .abstain:
            if case .abstain = answer { passed = true } else { mismatches.append("expected to abstain") }
        }
        return EvaluationOutcome(
            evaluationCase: evaluationCase, answer: answer, latency: latency, templateCorrect: templateCorrect,
            expectedParameterCount: expectedCount, matchedParameterCount: matchedCount, planProblems: planProblems,
            passed: passed, mismatches: mismatches
        )
    }
}
