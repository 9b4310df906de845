import BatonRuntime
import BatonStore
import BatonWorkflow
import Hummingbird

extension APIServer {
    /// `POST /runs/{id}/approve`, `POST /runs/{id}/reject`, `GET /runs/{id}/approvals`,
    /// `GET /approvals`.
    func addApprovalRoutes(to router: Router<BasicRequestContext>) {
        for verdict in ApprovalDecision.Verdict.allCases {
            let action = verdict == .approved ? "approve" : "reject"
            router.post("/runs/:id/\(action)") { request, context in
                let id = RunID(try context.parameters.require("id"))
                let body = try await request.jsonBody(limit: configuration.maxBodySize, describedAs: configuration.maxBodySizeDescription)
                let reader = try JSONObjectReader(body, allowed: ["by", "reason", "approval"])
                let person = try reader.string("by", required: true) ?? ""
                let approval = try await orchestrator.decide(
                    run: id, approval: try reader.string("approval"), verdict, by: person, reason: try reader.string("reason"))
                return Response.json(approval.apiValue)
            }
        }
        // Pending and decided, oldest first.
        router.get("/runs/:id/approvals") { _, context in
            let id = RunID(try context.parameters.require("id"))
            let approvals = try await fromStore { () async throws(RunStoreError) -> [Approval] in
                guard try await orchestrator.store.run(id) != nil else { throw RunStoreError(.notFound, "no run \(id) is stored") }
                return try await orchestrator.store.approvals(runID: id)
            }
            return Response.json(["approvals": .array(approvals.map(\.apiValue))])
        }
        // What waits for a person, across all runs, oldest first. A run cancelled while it waited
        // leaves its request undecided in the store; nobody is waiting for it any more.
        router.get("/approvals") { _, _ in
            let approvals = try await fromStore { () async throws(RunStoreError) -> [Approval] in
                var unfinished: [RunID: Bool] = [:]
                var waiting: [Approval] = []
                for approval in try await orchestrator.store.pendingApprovals() {
                    if unfinished[approval.runID] == nil {
                        unfinished[approval.runID] = try await orchestrator.store.run(approval.runID).map { !$0.status.isFinished } ?? false
                    }
                    if unfinished[approval.runID] == true { waiting.append(approval) }
                }
                return waiting
            }
            return Response.json(["approvals": .array(approvals.map(\.apiValue))])
        }
    }
}
