import BatonEngine
import BatonStore
import BatonWorkflow

extension StoredRun {
    /// The run in the API: `{"id","namespace","name","version","status","input","output"?,
    /// "error"?,"createdAt","updatedAt","startedAt"?,"finishedAt"?,"pendingApprovals"}`; `error`
    /// is the run's RFC 7807 problem object (`type`, `status`, `title`, `detail`, `instance`).
    /// - Parameter pendingApprovals: the run's approvals waiting for a decision.
    func apiValue(pendingApprovals: [Approval]) -> JSONValue {
        var members: [String: JSONValue] = [
            "id": .string(id.rawValue),
            "namespace": .string(definition.namespace),
            "name": .string(definition.name),
            "version": .string(definition.version),
            "status": .string(status.rawValue),
            "input": input,
            "createdAt": .string(APITime.text(createdAt)),
            "updatedAt": .string(APITime.text(updatedAt)),
            "pendingApprovals": .array(pendingApprovals.map(\.apiValue)),
        ]
        if let output { members["output"] = output }
        if let error { members["error"] = error.documentValue }
        if let startedAt { members["startedAt"] = .string(APITime.text(startedAt)) }
        if let finishedAt { members["finishedAt"] = .string(APITime.text(finishedAt)) }
        return .object(members)
    }
}
