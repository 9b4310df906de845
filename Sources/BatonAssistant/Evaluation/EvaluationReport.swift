/// The scores of a planner over an evaluation set (`EVALUATION.md`, "Metrics"), with the
/// outcomes they were computed from. Every ratio keeps its count and total; one with nothing to
/// count over has no value.
public struct EvaluationReport: Sendable, Hashable {
    public var outcomes: [EvaluationOutcome]

    public init(outcomes: [EvaluationOutcome]) {
        self.outcomes = outcomes
    }

    // MARK: The set

    public var planCases: Int { outcomes.count { if case .plan = $0.evaluationCase.expectation { true } else { false } } }
    public var clarifyCases: Int { outcomes.count { if case .clarify = $0.evaluationCase.expectation { true } else { false } } }
    public var abstainCases: Int { outcomes.count { $0.evaluationCase.expectation == .abstain } }

    // MARK: Metrics

    /// Cases whose expected template (plan or clarify) is the predicted one, over the cases that
    /// expect a template.
    public var templateAccuracy: EvaluationRatio {
        let judged = outcomes.compactMap(\.templateCorrect)
        return EvaluationRatio(judged.count { $0 }, of: judged.count)
    }

    /// Expected parameters predicted with an equal value, over all expected parameters.
    public var parameterAccuracy: EvaluationRatio {
        EvaluationRatio(outcomes.reduce(0) { $0 + $1.matchedParameterCount }, of: outcomes.reduce(0) { $0 + $1.expectedParameterCount })
    }

    /// Plan cases with the right template, every expected value and no other stated value that
    /// is not the template's default, over plan cases.
    public var frameExactMatch: EvaluationRatio {
        let plans = outcomes.filter { if case .plan = $0.evaluationCase.expectation { true } else { false } }
        return EvaluationRatio(plans.count(where: \.passed), of: plans.count)
    }

    /// Correct clarifications (a clarify case, the same template, every listed name asked for)
    /// over predicted clarifications.
    public var clarifyPrecision: EvaluationRatio {
        EvaluationRatio(correctClarifications, of: outcomes.count { $0.predictedClarification != nil })
    }

    /// Correct clarifications over clarify cases.
    public var clarifyRecall: EvaluationRatio {
        EvaluationRatio(correctClarifications, of: clarifyCases)
    }

    /// Abstain cases answered with an abstention over predicted abstentions.
    public var abstainPrecision: EvaluationRatio {
        EvaluationRatio(correctAbstentions, of: outcomes.count(where: \.predictedAbstain))
    }

    /// Abstain cases answered with an abstention over abstain cases.
    public var abstainRecall: EvaluationRatio {
        EvaluationRatio(correctAbstentions, of: abstainCases)
    }

    /// The harmonic mean of abstain precision and recall; nil when either has no value.
    public var abstainF1: Double? {
        guard let precision = abstainPrecision.value, let recall = abstainRecall.value else { return nil }
        return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
    }

    /// Predicted plans that `PlanInstantiator` instantiates over predicted plans (must be 100 %).
    public var validPlans: EvaluationRatio {
        let checked = outcomes.compactMap(\.planProblems)
        return EvaluationRatio(checked.count(where: \.isEmpty), of: checked.count)
    }

    /// The median time to answer one request; nil for an empty set.
    public var latencyP50: Duration? { latencyPercentile(50) }

    /// The 99th percentile time to answer one request; nil for an empty set.
    public var latencyP99: Duration? { latencyPercentile(99) }

    /// The nearest-rank percentile of the answers' latencies: the smallest latency that at least
    /// `percent` % of the answers took no longer than.
    public func latencyPercentile(_ percent: Double) -> Duration? {
        let sorted = outcomes.map(\.latency).sorted()
        guard !sorted.isEmpty else { return nil }
        let rank = Int((percent * Double(sorted.count) / 100).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    public var passedCount: Int { outcomes.count(where: \.passed) }
    public var failedCount: Int { outcomes.count - passedCount }
    public var failures: [EvaluationOutcome] { outcomes.filter { !$0.passed } }
    public var invalidPlans: [EvaluationOutcome] { outcomes.filter { !($0.planProblems?.isEmpty ?? true) } }

    private var correctClarifications: Int {
        outcomes.count { outcome in
            guard case .clarify = outcome.evaluationCase.expectation else { return false }
            return outcome.passed
        }
    }

    private var correctAbstentions: Int {
        outcomes.count { $0.evaluationCase.expectation == .abstain && $0.predictedAbstain }
    }
}
