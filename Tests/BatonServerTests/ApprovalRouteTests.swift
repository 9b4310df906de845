import BatonEngine
import BatonRuntime
import BatonServer
import BatonStore
import BatonTesting
import BatonWorkflow
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ServiceLifecycle
import Testing

@Suite("Approval routes")
struct ApprovalRouteTests {
    @Test("a waiting run shows its pending approval; approve decides it (200 Approval) and the run completes; a second decision is 409")
    func approve() async throws {
        try await ServerHarness.withServer { harness, client in
            try await harness.apply(Workflows.guarded, client: client)
            let id = try await harness.start("guarded", input: ["service": "api"], client: client)
            try await eventually("the run asks") { try await harness.store.pendingApprovals(runID: id).count == 1 }

            let run = try await client.request("/runs/\(id)").json()
            let pending = try #require(run["pendingApprovals"]?.arrayValue?.first)
            #expect(pending["message"] == "Scale api?")
            #expect(pending["runId"] == .string(id.rawValue))
            #expect(pending["decision"] == .null)
            #expect(pending["data"] == ["service": "api"])
            let all = try await client.request("/approvals").json()["approvals"]?.arrayValue
            #expect(all?.map { $0["id"] } == [pending["id"]])

            let missingBy = try await client.request("/runs/\(id)/approve", method: .post, json: ["reason": "fine"])
            #expect(missingBy.status == .badRequest)
            #expect(try missingBy.error()["path"] == "by")

            let response = try await client.request("/runs/\(id)/approve", method: .post, json: ["by": "alice", "reason": "load test next week"])
            #expect(response.status == .ok)
            let approval = try response.json()
            #expect(approval["id"] == pending["id"])
            #expect(approval["decision"]?["verdict"] == "approved")
            #expect(approval["decision"]?["decidedBy"] == "alice")
            #expect(approval["decision"]?["reason"] == "load test next week")
            #expect(approval["decision"]?["decidedAt"]?.stringValue != nil)

            let finished = try await harness.orchestrator.waitForFinish(of: id)
            #expect(finished.status == .completed)
            let listed = try await client.request("/runs/\(id)/approvals").json()["approvals"]?.arrayValue
            #expect(listed?.count == 1 && listed?.first?["decision"]?["verdict"] == "approved", "decided approvals are listed too")
            #expect(try await client.request("/approvals").json() == ["approvals": []])

            let twice = try await client.request("/runs/\(id)/reject", method: .post, json: ["by": "bob"])
            #expect(twice.status == .conflict)
        }
    }

    @Test("a run cancelled while it waits for a person leaves nothing in GET /approvals")
    func cancelledRunLeavesNoApproval() async throws {
        try await ServerHarness.withServer { harness, client in
            try await harness.apply(Workflows.guarded, client: client)
            let kept = try await harness.start("guarded", input: ["service": "api"], client: client)
            let cancelled = try await harness.start("guarded", input: ["service": "db"], client: client)
            try await eventually("both runs ask") { try await harness.store.pendingApprovals().count == 2 }
            #expect(try await client.request("/runs/\(cancelled)/cancel", method: .post).status == .ok)
            let listed = try await client.request("/approvals").json()["approvals"]?.arrayValue
            #expect(listed?.map { $0["runId"] } == [.string(kept.rawValue)])
        }
    }

    @Test("reject faults the run; a run waiting for no approval is 400; an unknown approval id is 404")
    func reject() async throws {
        try await ServerHarness.withServer { harness, client in
            try await harness.apply(Workflows.guarded, client: client)
            try await harness.apply(Workflows.sleeper, client: client)
            let id = try await harness.start("guarded", input: ["service": "db"], client: client)
            try await eventually("the run asks") { try await harness.store.pendingApprovals(runID: id).count == 1 }

            let unknown = try await client.request("/runs/\(id)/reject", method: .post, json: ["by": "bob", "approval": "nope"])
            #expect(unknown.status == .notFound)
            let response = try await client.request("/runs/\(id)/reject", method: .post, json: ["by": "bob", "reason": "keep one replica"])
            #expect(response.status == .ok)
            #expect(try response.json()["decision"]?["verdict"] == "rejected")
            let finished = try await harness.orchestrator.waitForFinish(of: id)
            #expect(finished.status == .faulted)
            let run = try await client.request("/runs/\(id)").json()
            #expect(run["error"]?["type"] == "https://baton.dev/errors/approval-rejected")
            #expect(run["error"]?["status"]?.intValue != nil)

            let sleeping = try await harness.start("sleeper", client: client)
            try await eventually("the sleeper waits") { try await harness.status(of: sleeping) == .waiting }
            let nothingToDecide = try await client.request("/runs/\(sleeping)/approve", method: .post, json: ["by": "alice"])
            #expect(nothingToDecide.status == .badRequest)
            #expect(try nothingToDecide.error()["message"]?.stringValue?.contains("not waiting for an approval") == true)
        }
    }
}
