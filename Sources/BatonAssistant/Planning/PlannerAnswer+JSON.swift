import BatonWorkflow

extension PlannerAnswer {
    /// The answer as the API and `--format json` give it:
    /// `{"kind": "plan"|"clarify"|"abstain", "template", "reasons", "origin", …}`.
    public var jsonValue: JSONValue {
        switch self {
        case .plan(let plan):
            var value: [String: JSONValue] = [
                "kind": "plan", "template": .string(plan.templateID), "parameters": .object(plan.parameters),
                "defaults": .object(plan.defaults), "input": .object(plan.input), "reasons": .array(plan.reasons.map(JSONValue.string)),
                "origin": plan.origin.jsonValue, "needs_review": .bool(plan.needsReview),
            ]
            if let generated = plan.generatedWorkflow { value["generated_workflow"] = .string(generated) }
            if let preview = plan.preview {
                value["preview"] = [
                    "workflow": .string(preview.workflow), "input": preview.input,
                    "changes": .array(preview.changes.map(JSONValue.string)), "risk": .string(preview.risk.rawValue),
                ]
            }
            return .object(value)
        case .clarify(let clarification):
            return [
                "kind": "clarify", "template": .string(clarification.templateID), "missing": .array(clarification.missing.map(JSONValue.string)),
                "known": .object(clarification.known), "question": .string(clarification.question),
                "reasons": .array(clarification.reasons.map(JSONValue.string)), "origin": clarification.origin.jsonValue,
            ]
        case .abstain(let abstention):
            return [
                "kind": "abstain", "reasons": .array(abstention.reasons.map(JSONValue.string)), "origin": abstention.origin.jsonValue,
                "candidates": .array(abstention.candidates.map { ["template": .string($0.templateID), "score": .number($0.score)] }),
            ]
        }
    }
}
