import BatonWorkflow

/// What the planner answered to one case, how long it took, and how it was judged.
public struct EvaluationOutcome: Sendable, Hashable {
    public var evaluationCase: EvaluationCase
    public var answer: PlannerAnswer
    /// Measured with a monotonic clock around the planner's `answer`.
    public var latency: Duration
    /// Whether the predicted template is the expected one; nil for a case that expects none.
    public var templateCorrect: Bool?
    /// The expected parameters, and how many of them were predicted with an equal value.
    public var expectedParameterCount: Int
    public var matchedParameterCount: Int
    /// For a predicted plan: the problems `PlanInstantiator` found (empty when it instantiated).
    public var planProblems: [String]?
    /// The case passed: a plan case whose frame matches exactly, a clarify for the expected
    /// template missing every listed name, or an abstain for an abstain case.
    public var passed: Bool
    /// Why it did not pass, in a few words each (empty when it passed).
    public var mismatches: [String]

    public init(
        evaluationCase: EvaluationCase, answer: PlannerAnswer, latency: Duration, templateCorrect: Bool?,
        expectedParameterCount: Int, matchedParameterCount: Int, planProblems: [String]?, passed: Bool, mismatches: [String]
    ) {
        self.evaluationCase = evaluationCase
        self.answer = answer
        self.latency = latency
        self.templateCorrect = templateCorrect
        self.expectedParameterCount = expectedParameterCount
        self.matchedParameterCount = matchedParameterCount
        self.planProblems = planProblems
        self.passed = passed
        self.mismatches = mismatches
    }

    public var predictedPlan: Plan? {
        if case .plan(let plan) = answer { return plan }
        return nil
    }

    public var predictedClarification: Clarification? {
        if case .clarify(let clarification) = answer { return clarification }
        return nil
    }

    public var predictedAbstain: Bool {
        if case .abstain = answer { return true }
        return false
    }
}
