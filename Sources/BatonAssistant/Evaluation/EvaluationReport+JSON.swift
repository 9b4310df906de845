import BatonWorkflow

extension EvaluationReport {
    /// The report for machines: each metric with count, total and value (null when it has no
    /// value), latencies in milliseconds, every case's outcome that failed, and the totals.
    public var jsonValue: JSONValue {
        var metrics: [String: JSONValue] = [:]
        for metric in EvaluationMetric.allCases {
            if let ratio = metric.ratio(in: self) {
                metrics[metric.rawValue] = [
                    "count": .integer(ratio.count), "total": .integer(ratio.total), "value": ratio.value.map(JSONValue.number) ?? .null,
                ]
            } else {
                metrics[metric.rawValue] = ["value": abstainF1.map(JSONValue.number) ?? .null]
            }
        }
        return [
            "cases": [
                "total": .integer(outcomes.count), "plan": .integer(planCases), "clarify": .integer(clarifyCases),
                "abstain": .integer(abstainCases),
            ],
            "metrics": .object(metrics),
            "latency_ms": [
                "p50": latencyP50.map { .number(Self.millisecondsValue($0)) } ?? .null,
                "p99": latencyP99.map { .number(Self.millisecondsValue($0)) } ?? .null,
            ],
            "failures": .array(failures.map { outcome in
                [
                    "id": .string(outcome.evaluationCase.id),
                    "line": .integer(outcome.evaluationCase.line),
                    "request": .string(outcome.evaluationCase.request),
                    "expected": Self.json(outcome.evaluationCase.expectation),
                    "predicted": Self.json(outcome.answer),
                    "mismatches": .array(outcome.mismatches.map(JSONValue.string)),
                ]
            }),
            "invalid_plans": .array(invalidPlans.map { outcome in
                [
                    "id": .string(outcome.evaluationCase.id),
                    "problems": .array((outcome.planProblems ?? []).map(JSONValue.string)),
                ]
            }),
            "passed": .integer(passedCount),
            "failed": .integer(failedCount),
        ]
    }

    /// An expectation in the case format's own shape.
    static func json(_ expectation: EvaluationCase.Expectation) -> JSONValue {
        switch expectation {
        case .plan(let template, let parameters): ["template": .string(template), "params": .object(parameters)]
        case .clarify(let template, let missing): ["template": .string(template), "clarify": .array(missing.map(JSONValue.string))]
        case .abstain: ["abstain": true]
        }
    }

    static func json(_ answer: PlannerAnswer) -> JSONValue {
        switch answer {
        case .plan(let plan): ["template": .string(plan.templateID), "params": .object(plan.parameters)]
        case .clarify(let clarification):
            ["template": .string(clarification.templateID), "clarify": .array(clarification.missing.map(JSONValue.string))]
        case .abstain(let abstention): ["abstain": true, "reasons": .array(abstention.reasons.map(JSONValue.string))]
        }
    }

    static func millisecondsValue(_ duration: Duration) -> Double {
        let components = duration.components
        return Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}
