import BatonEngine
import BatonStore
import BatonWorkflow
import Foundation
import Synchronization

/// Where runs wait for people: asks for approvals in the store, and wakes the run that waits on
/// one when it is decided.
final class ApprovalDesk: Sendable {
    private let store: any RunStore
    private struct State {
        var nextWaiter: UInt64 = 0
        var waiters: [String: [UInt64: CheckedContinuation<Void, Never>]] = [:]
        /// Approvals decided here whose run has not taken the decision yet: a decision that
        /// lands before the run starts waiting must not be missed.
        var decided: Set<String> = []
    }
    private let state = Mutex(State())

    init(store: any RunStore) {
        self.store = store
    }

    /// Asks for a decision (or finds the request a resumed run made before) and waits for it.
    /// - Returns: the decided approval.
    /// - Throws: `CancellationError` when the waiting task is cancelled; the store's errors.
    func decision(for request: NewApproval) async throws -> Approval {
        // Waiting before the request can be seen, so that whoever sees it sees the run waiting.
        try await store.setStatus(.waiting, of: request.runID)
        let approval = try await store.createApproval(request)
        if approval.decision != nil { return approval }
        while true {
            try Task.checkCancellation()
            if let current = try await store.approval(approval.id), current.decision != nil {
                _ = state.withLock { $0.decided.remove(approval.id) }
                return current
            }
            await waitForDecision(on: approval.id)
        }
    }

    /// Records a decision and wakes the run waiting on it.
    func decide(_ id: String, _ decision: ApprovalDecision) async throws(RunStoreError) -> Approval {
        let approval = try await store.decideApproval(id, decision)
        let woken = state.withLock { state in
            state.decided.insert(id)
            return state.waiters.removeValue(forKey: id).map { Array($0.values) } ?? []
        }
        for waiter in woken { waiter.resume() }
        return approval
    }

    /// Returns when the approval is decided through ``decide(_:_:)``, or the task is cancelled.
    private func waitForDecision(on id: String) async {
        let key = state.withLock { state -> UInt64 in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if Task.isCancelled || state.decided.contains(id) { return true }
                    state.waiters[id, default: [:]][key] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters[id]?.removeValue(forKey: key) }
            waiter?.resume()
        }
    }
}

/// `approval:1.0.0@default`: stops the run until a person approves or rejects.
///
/// Arguments (`with`): `message` (string, required) — what the person is asked; `data` (any) —
/// what they review. Approved, the task's output is `{approved: true, approval, decidedBy,
/// decidedAt, reason}`. Rejected, the task raises an error of type
/// `https://baton.dev/errors/approval-rejected` (status 403) that says who rejected it and why,
/// so that nothing after it runs unless the workflow catches it.
///
/// One approval per task position: a run resumed after a restart finds the request it made
/// (and the decision, if one was taken meanwhile) instead of asking again.
struct ApprovalFunction: NativeFunction {
    static let rejectedType = "https://baton.dev/errors/approval-rejected"
    let desk: ApprovalDesk

    func invoke(arguments: JSONValue, context: TaskContext) async throws(WorkflowFault) -> JSONValue {
        guard let message = arguments["message"]?.stringValue, !message.isEmpty else {
            throw .validation("approval:1.0.0 needs `with.message`: a non-empty string saying what to approve", instance: context.reference)
        }
        if let object = arguments.objectValue, let unknown = object.keys.first(where: { !["message", "data"].contains($0) }) {
            throw .validation("approval:1.0.0 takes `message` and `data`, not `\(unknown)`", instance: context.reference)
        }
        // A sub-workflow's tasks run under `<run id><position of the calling task>`; approvals
        // belong to the stored run, whose id has no `/` (positions start with one).
        let runID = RunID(String(context.runID.prefix { $0 != "/" }))
        let request = NewApproval(runID: runID, position: context.position, message: message, data: arguments["data"] ?? .null)
        let approval: Approval
        do {
            approval = try await desk.decision(for: request)
        } catch is CancellationError {
            // The executor reports a fault raised under cancellation as the task's cancellation.
            throw .runtime("the wait for a decision was cancelled", instance: context.reference)
        } catch {
            throw .runtime("the approval could not be stored: \(error)", instance: context.reference)
        }
        guard let decision = approval.decision else {
            throw .runtime("the approval \(approval.id) ended without a decision", instance: context.reference)
        }
        let reason = decision.reason.map { ": \($0)" } ?? ""
        switch decision.verdict {
        case .approved:
            var output: [String: JSONValue] = [
                "approved": true, "approval": .string(approval.id), "decidedBy": .string(decision.decidedBy),
                "decidedAt": RuntimeDescriptors.dateTime(decision.decidedAt)["iso8601"] ?? .null,
            ]
            if let why = decision.reason { output["reason"] = .string(why) }
            return .object(output)
        case .rejected:
            throw WorkflowFault(
                type: Self.rejectedType, status: 403, title: "Approval rejected",
                detail: "\(decision.decidedBy) rejected “\(message)”\(reason)", instance: context.reference)
        }
    }
}
