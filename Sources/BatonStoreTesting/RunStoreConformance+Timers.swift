import BatonEngine
import BatonStore
import BatonTesting
import BatonWorkflow
import Foundation
import Testing

extension RunStoreConformance.Context {
    /// Timers are one per run and position, replaced by an upsert, deleted by position, and due
    /// once their fire time has come, earliest first.
    func timers() async throws {
        _ = try await newRun("run-1")
        _ = try await newRun("run-2")
        try await store.upsertTimer(RunTimer(runID: "run-1", position: "/do/0/wait", fireAt: now.addingTimeInterval(60)))
        try await store.upsertTimer(RunTimer(runID: "run-1", position: "/do/1/retry#1", fireAt: now.addingTimeInterval(5)))
        try await store.upsertTimer(RunTimer(runID: "run-2", position: "/do/0/wait", fireAt: now.addingTimeInterval(30)))
        #expect(try await store.timers(of: "run-1").map(\.position) == ["/do/1/retry#1", "/do/0/wait"])

        #expect(try await store.dueTimers(at: now, limit: 10).isEmpty)
        #expect(try await store.dueTimers(at: now.addingTimeInterval(5), limit: 10) == [RunTimer(runID: "run-1", position: "/do/1/retry#1", fireAt: now.addingTimeInterval(5))])
        let later = now.addingTimeInterval(3600)
        #expect(try await store.dueTimers(at: later, limit: 10).map(\.fireAt) == [5, 30, 60].map { now.addingTimeInterval($0) })
        #expect(try await store.dueTimers(at: later, limit: 2).map(\.runID) == ["run-1", "run-2"])

        // Upsert moves a timer; delete removes it; deleting an absent one is fine.
        try await store.upsertTimer(RunTimer(runID: "run-1", position: "/do/0/wait", fireAt: now.addingTimeInterval(1)))
        #expect(try await store.timers(of: "run-1").count == 2)
        #expect(try await store.dueTimers(at: now.addingTimeInterval(1), limit: 10).map(\.position) == ["/do/0/wait"])
        try await store.deleteTimer(runID: "run-1", position: "/do/0/wait")
        try await store.deleteTimer(runID: "run-1", position: "/nowhere")
        #expect(try await store.timers(of: "run-1").map(\.position) == ["/do/1/retry#1"])
        clock.advance(by: .seconds(30))
        #expect(try await store.dueTimers(at: now, limit: 10).map(\.runID) == ["run-1", "run-2"])

        await expectFailure(.notFound) { () async throws(RunStoreError) in
            try await store.upsertTimer(RunTimer(runID: "missing", position: "/do/0/wait", fireAt: now))
        }
        #expect(try await store.timers(of: "missing").isEmpty)
    }

    /// The event log takes CloudEvents with a global sequence, drops duplicates by source and
    /// id, and reads after a sequence, by type, up to a limit.
    func eventLog() async throws {
        func cloudEvent(_ id: String, type: String, source: String = "https://example.com/orders", data: JSONValue = [:]) -> JSONValue {
            ["specversion": "1.0", "id": .string(id), "source": .string(source), "type": .string(type), "data": data]
        }
        #expect(try await store.lastCloudEventSequence() == 0)
        let placed = cloudEvent("1", type: "com.example.order.placed", data: ["order": 42])
        #expect(try await store.appendCloudEvent(placed) == CloudEventAppend(sequence: 1, inserted: true))
        #expect(try await store.appendCloudEvent(cloudEvent("2", type: "com.example.order.paid")) == CloudEventAppend(sequence: 2, inserted: true))
        #expect(try await store.appendCloudEvent(cloudEvent("1", type: "com.example.order.placed", source: "https://example.com/other")).sequence == 3,
            "the same id from another source is another event")

        clock.advance(by: .seconds(1))
        let duplicate = cloudEvent("1", type: "com.example.order.changed", data: ["order": 43])
        #expect(try await store.appendCloudEvent(duplicate) == CloudEventAppend(sequence: 1, inserted: false))
        #expect(try await store.appendCloudEvent(cloudEvent("3", type: "com.example.order.shipped")).sequence == 4)

        let all = try await store.cloudEvents(after: 0, types: nil, limit: 100)
        #expect(all.map(\.sequence) == [1, 2, 3, 4])
        #expect(all[0] == StoredCloudEvent(sequence: 1, type: "com.example.order.placed", source: "https://example.com/orders", id: "1", event: placed, receivedAt: RunStoreConformance.start))
        #expect(all[3].receivedAt == now)
        #expect(try await store.cloudEvents(after: 2, types: nil, limit: 100).map(\.sequence) == [3, 4])
        #expect(try await store.cloudEvents(after: 0, types: nil, limit: 2).map(\.sequence) == [1, 2])
        #expect(try await store.cloudEvents(after: 0, types: ["com.example.order.placed"], limit: 100).map(\.sequence) == [1, 3])
        #expect(try await store.cloudEvents(after: 1, types: ["com.example.order.placed", "com.example.order.shipped"], limit: 100).map(\.sequence) == [3, 4])
        #expect(try await store.cloudEvents(after: 0, types: ["com.example.nothing"], limit: 100).isEmpty)
        #expect(try await store.cloudEvents(after: 0, types: [], limit: 100).isEmpty)
        #expect(try await store.cloudEvents(after: 4, types: nil, limit: 100).isEmpty)
        #expect(try await store.lastCloudEventSequence() == 4, "a duplicate takes no sequence")

        for bad: JSONValue in [["source": "s", "type": "t"], ["id": "", "source": "s", "type": "t"], ["id": 1, "source": "s", "type": "t"], ["id": "9", "source": "s"], "text"] {
            await expectFailure(.invalidInput) { () async throws(RunStoreError) in try await store.appendCloudEvent(bad) }
        }
        #expect(try await store.cloudEvents(after: 0, types: nil, limit: 100).count == 4)
    }
}
