import BatonStore
import BatonWorkflow

extension Approval {
    /// The approval in the API: `{"id","runId","position","message","data","createdAt",
    /// "decision":{"verdict","decidedBy","decidedAt","reason"}|null}`; `reason` is null when the
    /// person gave none.
    var apiValue: JSONValue {
        var decisionValue: JSONValue = .null
        if let decision {
            decisionValue = [
                "verdict": .string(decision.verdict.rawValue),
                "decidedBy": .string(decision.decidedBy),
                "decidedAt": .string(APITime.text(decision.decidedAt)),
                "reason": decision.reason.map(JSONValue.string) ?? .null,
            ]
        }
        return [
            "id": .string(id),
            "runId": .string(runID.rawValue),
            "position": .string(position),
            "message": .string(message),
            "data": data,
            "createdAt": .string(APITime.text(createdAt)),
            "decision": decisionValue,
        ]
    }
}
