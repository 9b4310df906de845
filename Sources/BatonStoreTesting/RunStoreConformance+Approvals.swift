import BatonEngine
import BatonStore
import BatonTesting
import BatonWorkflow
import Foundation
import Testing

extension RunStoreConformance.Context {
    /// Approvals are asked once per run and position, decided once — a second decision is a
    /// conflict and the first stands — and listed while pending, and by run whatever their state.
    func approvals() async throws {
        _ = try await newRun("run-1")
        _ = try await newRun("run-2")
        let asked = try await store.createApproval(
            NewApproval(id: "approval-1", runID: "run-1", position: "/do/1/approve", message: "Deploy shop to production?", data: ["replicas": 3]))
        #expect(asked.isPending && asked.createdAt == now && asked.data == ["replicas": 3])
        #expect(try await store.approval("approval-1") == asked)
        #expect(try await store.approval("missing") == nil)

        // Asking again for the same run and position (a resumed run) returns the stored approval.
        let again = try await store.createApproval(NewApproval(id: "approval-other", runID: "run-1", position: "/do/1/approve", message: "Again?"))
        #expect(again == asked)
        #expect(try await store.approval("approval-other") == nil)

        clock.advance(by: .seconds(1))
        _ = try await store.createApproval(NewApproval(id: "approval-2", runID: "run-2", position: "/do/0/approve", message: "Delete the old database?"))
        clock.advance(by: .seconds(1))
        _ = try await store.createApproval(NewApproval(id: "approval-3", runID: "run-1", position: "/do/4/approve", message: "Scale down?"))
        #expect(try await store.pendingApprovals().map(\.id) == ["approval-1", "approval-2", "approval-3"])
        #expect(try await store.pendingApprovals(runID: "run-1").map(\.id) == ["approval-1", "approval-3"])

        await expectFailure(.conflict, mentioning: "approval-2") { () async throws(RunStoreError) in
            try await store.createApproval(NewApproval(id: "approval-2", runID: "run-1", position: "/do/9/approve", message: "Taken id"))
        }
        await expectFailure(.notFound) { () async throws(RunStoreError) in
            try await store.createApproval(NewApproval(runID: "missing", position: "/do/0/approve", message: "?"))
        }

        let decision = ApprovalDecision(verdict: .approved, decidedBy: "ada@example.com", decidedAt: now, reason: "the change window is open")
        let decided = try await store.decideApproval("approval-1", decision)
        #expect(decided.decision == decision && !decided.isPending)
        #expect(try await store.approval("approval-1")?.decision == decision)

        clock.advance(by: .seconds(1))
        await expectFailure(.conflict, mentioning: "ada@example.com") { () async throws(RunStoreError) in
            try await store.decideApproval("approval-1", ApprovalDecision(verdict: .rejected, decidedBy: "bob@example.com", decidedAt: now))
        }
        #expect(try await store.approval("approval-1")?.decision == decision, "the first decision stands")
        await expectFailure(.notFound) { () async throws(RunStoreError) in
            try await store.decideApproval("missing", decision)
        }

        let rejection = ApprovalDecision(verdict: .rejected, decidedBy: "bob@example.com", decidedAt: now)
        try await store.decideApproval("approval-2", rejection)
        #expect(try await store.approval("approval-2")?.decision == rejection)
        #expect(try await store.pendingApprovals().map(\.id) == ["approval-3"])
        #expect(try await store.pendingApprovals(runID: "run-2").isEmpty)

        // A run's approvals, decided or not, oldest first.
        let ofRun1 = try await store.approvals(runID: "run-1")
        #expect(ofRun1.map(\.id) == ["approval-1", "approval-3"])
        #expect(ofRun1.first?.decision == decision && ofRun1.last?.isPending == true)
        #expect(try await store.approvals(runID: "run-2").map(\.decision) == [rejection])
        #expect(try await store.approvals(runID: "missing").isEmpty)
    }

    /// Schedules are one per definition, kept as written, due when their next fire time has
    /// come, and move on when marked fired.
    func schedules() async throws {
        let hourly = RunStoreConformance.definition("hourly")
        let daily = RunStoreConformance.definition("daily")
        let onEvent = RunStoreConformance.definition("on-event")
        for definition in [hourly, daily, onEvent] { try await store.storeDefinition(definition) }

        let every: JSONValue = ["every": ["hours": 1]]
        try await store.upsertSchedule(WorkflowSchedule(definition: hourly.key, specification: every, nextFireAt: now.addingTimeInterval(3600)))
        try await store.upsertSchedule(WorkflowSchedule(definition: daily.key, specification: ["cron": "0 0 * * *"], nextFireAt: now.addingTimeInterval(600)))
        let on: JSONValue = ["on": ["one": ["with": ["type": "com.example.order.placed"]]]]
        try await store.upsertSchedule(WorkflowSchedule(definition: onEvent.key, specification: on, nextFireAt: nil))
        #expect(try await store.schedule(of: hourly.key) == WorkflowSchedule(definition: hourly.key, specification: every, nextFireAt: now.addingTimeInterval(3600)))
        #expect(try await store.schedule(of: onEvent.key)?.specification == on)

        #expect(try await store.dueSchedules(at: now).isEmpty)
        #expect(try await store.dueSchedules(at: now.addingTimeInterval(600)).map(\.definition) == [daily.key])
        #expect(try await store.dueSchedules(at: now.addingTimeInterval(7200)).map(\.definition) == [daily.key, hourly.key])

        clock.advance(by: .seconds(3600))
        let fired = try await store.markScheduleFired(hourly.key, at: now, nextFireAt: now.addingTimeInterval(3600))
        #expect(fired.lastFiredAt == now && fired.nextFireAt == now.addingTimeInterval(3600) && fired.specification == every)
        #expect(try await store.schedule(of: hourly.key) == fired)
        #expect(try await store.dueSchedules(at: now).map(\.definition) == [daily.key])
        try await store.markScheduleFired(daily.key, at: now, nextFireAt: nil)
        #expect(try await store.dueSchedules(at: now.addingTimeInterval(1_000_000)).map(\.definition) == [hourly.key], "a schedule that fires no more is never due")

        // Upsert replaces; delete removes.
        try await store.upsertSchedule(WorkflowSchedule(definition: hourly.key, specification: ["every": ["minutes": 5]], nextFireAt: now.addingTimeInterval(300), lastFiredAt: now))
        #expect(try await store.schedule(of: hourly.key)?.specification == ["every": ["minutes": 5]])
        try await store.deleteSchedule(of: hourly.key)
        try await store.deleteSchedule(of: hourly.key)
        #expect(try await store.schedule(of: hourly.key) == nil)
        #expect(try await store.dueSchedules(at: now.addingTimeInterval(1_000_000)).isEmpty)

        let absent = WorkflowDefinitionKey(namespace: "tests", name: "absent", version: "1.0.0")
        await expectFailure(.notFound) { () async throws(RunStoreError) in
            try await store.upsertSchedule(WorkflowSchedule(definition: absent, specification: every, nextFireAt: now))
        }
        await expectFailure(.notFound) { () async throws(RunStoreError) in try await store.markScheduleFired(absent, at: now, nextFireAt: nil) }
    }
}
