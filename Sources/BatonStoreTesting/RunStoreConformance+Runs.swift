import BatonEngine
import BatonStore
import BatonTesting
import BatonWorkflow
import Foundation
import Testing

extension RunStoreConformance.Context {
    /// Runs are created pending, found by id, need a stored definition and parent, and take the
    /// statuses an operator sets until they finish.
    func runs() async throws {
        let run = try await newRun("run-1", input: ["name": "Ada", "tags": ["a", "b"], "ratio": 0.5])
        #expect(run.status == .pending)
        #expect(run.createdAt == now && run.updatedAt == now)
        #expect(run.startedAt == nil && run.finishedAt == nil && run.lease == nil && run.output == nil && run.error == nil)
        #expect(run.lastSequence == 0)
        #expect(try await store.run("run-1") == run)
        #expect(try await store.run("missing") == nil)

        let child = try await newRun("run-2", parent: "run-1")
        #expect(child.parentRunID == "run-1")
        #expect(try await store.run("run-2")?.parentRunID == "run-1")

        await expectFailure(.conflict, mentioning: "run-1") { () async throws(RunStoreError) in
            try await store.createRun(NewRun(id: "run-1", definition: RunStoreConformance.definition().key))
        }
        await expectFailure(.notFound, mentioning: "tests/absent@1.0.0") { () async throws(RunStoreError) in
            try await store.createRun(NewRun(definition: WorkflowDefinitionKey(namespace: "tests", name: "absent", version: "1.0.0")))
        }
        await expectFailure(.notFound, mentioning: "no-parent") { () async throws(RunStoreError) in
            try await store.createRun(NewRun(id: "run-3", definition: RunStoreConformance.definition().key, parentRunID: "no-parent"))
        }
        #expect(try await store.run("run-3") == nil)

        clock.advance(by: .seconds(2))
        let suspended = try await store.setStatus(.suspended, of: "run-1")
        #expect(suspended.status == .suspended && suspended.updatedAt == now)
        #expect(try await store.run("run-1")?.status == .suspended)
        try await store.setStatus(.running, of: "run-1")
        #expect(try await store.run("run-1")?.status == .running)
        await expectFailure(.invalidInput) { () async throws(RunStoreError) in try await store.setStatus(.completed, of: "run-1") }
        await expectFailure(.notFound) { () async throws(RunStoreError) in try await store.setStatus(.running, of: "missing") }

        try await store.append(event(.runCancelled), to: "run-1")
        await expectFailure(.runFinished, mentioning: "run-1") { () async throws(RunStoreError) in try await store.setStatus(.running, of: "run-1") }
        #expect(try await store.run("run-1")?.status == .cancelled)
    }

    /// Runs are counted by status, every status present (zero when no run has it), and the counts
    /// follow status changes and finishing events.
    func runCounts() async throws {
        let empty = try await store.runCounts()
        #expect(empty == Dictionary(uniqueKeysWithValues: RunStatus.allCases.map { ($0, 0) }))

        for index in 0..<5 { _ = try await newRun(RunID("run-\(index)")) }
        try await store.append(event(.runStarted), to: "run-0")
        try await store.append(event(.runStarted), to: "run-1")
        try await store.append(event(.runCompleted, output: ["done": true]), to: "run-1")
        try await store.append(event(.runCancelled), to: "run-2")
        try await store.setStatus(.suspended, of: "run-3")
        let counts = try await store.runCounts()
        #expect(counts[.pending] == 1 && counts[.running] == 1 && counts[.completed] == 1 && counts[.cancelled] == 1 && counts[.suspended] == 1)
        #expect(counts[.waiting] == 0 && counts[.faulted] == 0)
        #expect(counts.count == RunStatus.allCases.count)
        #expect(counts.values.reduce(0, +) == 5)
    }

    /// Listing filters by status, namespace, name and creation time, newest first, in pages that
    /// together hold every matching run once.
    func runListing() async throws {
        let other = RunStoreConformance.definition("other", version: "1.0.0", namespace: "elsewhere")
        try await store.storeDefinition(other)
        var created: [StoredRun] = []
        for index in 0..<7 {
            // Two runs share each creation time, so pages must break ties by id.
            if index % 2 == 0 { clock.advance(by: .seconds(10)) }
            created.append(try await newRun(RunID("run-\(index)")))
        }
        let otherRun = try await store.createRun(NewRun(id: "z-other", definition: other.key))
        try await store.setStatus(.suspended, of: "run-3")
        try await store.append(event(.runStarted), to: "run-4")

        let everything = try await store.runs(RunFilter())
        #expect(everything.runs.map(\.id) == ["z-other", "run-6", "run-5", "run-4", "run-3", "run-2", "run-1", "run-0"])
        #expect(everything.nextCursor == nil)

        var pages: [[RunID]] = []
        var cursor: String?
        repeat {
            let page = try await store.runs(RunFilter(limit: 3, cursor: cursor))
            pages.append(page.runs.map(\.id))
            cursor = page.nextCursor
        } while cursor != nil && pages.count < 10
        #expect(pages == [["z-other", "run-6", "run-5"], ["run-4", "run-3", "run-2"], ["run-1", "run-0"]])

        let exact = try await store.runs(RunFilter(limit: 4, cursor: try await store.runs(RunFilter(limit: 4)).nextCursor))
        #expect(exact.runs.map(\.id) == ["run-3", "run-2", "run-1", "run-0"])
        #expect(exact.nextCursor == nil, "a page that ends with the last run has no next cursor")

        #expect(try await store.runs(RunFilter(statuses: [.suspended, .running])).runs.map(\.id) == ["run-4", "run-3"])
        #expect(try await store.runs(RunFilter(statuses: [])).runs.isEmpty)
        #expect(try await store.runs(RunFilter(namespace: "elsewhere")).runs.map(\.id) == [otherRun.id])
        #expect(try await store.runs(RunFilter(namespace: "tests", name: "greet")).runs.count == 7)
        #expect(try await store.runs(RunFilter(name: "nothing")).runs.isEmpty)

        let second = created[2].createdAt
        #expect(try await store.runs(RunFilter(namespace: "tests", createdAfter: second)).runs.map(\.id) == ["run-6", "run-5", "run-4"])
        #expect(try await store.runs(RunFilter(createdBefore: second)).runs.map(\.id) == ["run-1", "run-0"])
        #expect(
            try await store.runs(RunFilter(statuses: [.pending], createdAfter: created[0].createdAt, createdBefore: created[6].createdAt, limit: 2))
                .runs.map(\.id) == ["run-5", "run-2"])

        await expectFailure(.invalidInput, mentioning: "cursor") { () async throws(RunStoreError) in
            try await store.runs(RunFilter(cursor: "not a cursor"))
        }
        await expectFailure(.invalidInput) { () async throws(RunStoreError) in try await store.runs(RunFilter(limit: 0)) }
    }

    /// One node works a run at a time: claims take the oldest claimable run without an active
    /// lease; the holder renews and releases; an expired lease is claimable again, and its old
    /// holder can no longer renew it.
    func leases() async throws {
        let first = try await newRun("first")
        clock.advance(by: .seconds(1))
        let second = try await newRun("second")
        clock.advance(by: .seconds(1))
        _ = try await newRun("suspended")
        try await store.setStatus(.suspended, of: "suspended")
        clock.advance(by: .seconds(1))
        _ = try await newRun("finished")
        try await store.append(event(.runCompleted, output: [:]), to: "finished")

        let claimedA = try #require(try await store.claimNextRun(owner: "node-a", leaseDuration: .seconds(30)))
        #expect(claimedA.id == first.id)
        #expect(claimedA.lease == RunLease(owner: "node-a", expiresAt: now.addingTimeInterval(30)))
        #expect(try await store.run(first.id)?.lease == claimedA.lease)
        let claimedB = try #require(try await store.claimNextRun(owner: "node-b", leaseDuration: .seconds(30)))
        #expect(claimedB.id == second.id)
        #expect(try await store.claimNextRun(owner: "node-c", leaseDuration: .seconds(30)) == nil, "suspended and finished runs are not claimed")

        #expect(try await store.claimRun(first.id, owner: "node-b", leaseDuration: .seconds(30)) == nil, "node-a's lease is active")
        #expect(try await store.claimRun("suspended", owner: "node-b", leaseDuration: .seconds(30)) == nil)
        #expect(try await store.claimRun(first.id, owner: "node-a", leaseDuration: .seconds(30))?.lease?.owner == "node-a")
        await expectFailure(.notFound) { () async throws(RunStoreError) in
            try await store.claimRun("missing", owner: "node-a", leaseDuration: .seconds(30))
        }

        clock.advance(by: .seconds(20))
        let renewed = try await store.renewLease(of: first.id, owner: "node-a", duration: .seconds(30))
        #expect(renewed.expiresAt == now.addingTimeInterval(30))
        await expectFailure(.leaseNotHeld, mentioning: "node-b") { () async throws(RunStoreError) in
            try await store.renewLease(of: first.id, owner: "node-b", duration: .seconds(30))
        }

        // node-b's lease on `second` expires; node-c takes the run over and node-b has lost it.
        clock.advance(by: .seconds(15))
        let takenOver = try #require(try await store.claimNextRun(owner: "node-c", leaseDuration: .seconds(30)))
        #expect(takenOver.id == second.id && takenOver.lease?.owner == "node-c")
        await expectFailure(.leaseNotHeld) { () async throws(RunStoreError) in
            try await store.renewLease(of: second.id, owner: "node-b", duration: .seconds(30))
        }
        #expect(try await store.claimNextRun(owner: "node-d", leaseDuration: .seconds(30)) == nil, "node-a renewed in time")

        // Releasing someone else's lease does nothing; releasing one's own frees the run at once.
        try await store.releaseLease(of: first.id, owner: "node-c")
        #expect(try await store.run(first.id)?.lease?.owner == "node-a")
        try await store.releaseLease(of: first.id, owner: "node-a")
        #expect(try await store.run(first.id)?.lease == nil)
        #expect(try await store.claimNextRun(owner: "node-d", leaseDuration: .seconds(30))?.id == first.id)
        await expectFailure(.notFound) { () async throws(RunStoreError) in try await store.releaseLease(of: "missing", owner: "node-a") }

        // The exact expiry instant counts as expired.
        clock.advance(by: .seconds(30))
        #expect(try await store.claimNextRun(owner: "node-e", leaseDuration: .seconds(5))?.id == first.id)
    }
}
