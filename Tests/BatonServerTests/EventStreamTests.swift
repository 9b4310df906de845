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

@Suite("Server-sent events")
struct EventStreamTests {
    struct Frame: Equatable {
        var id: Int
        var event: String
        var data: JSONValue
    }

    /// The frames of a `text/event-stream` body; comments are skipped.
    static func frames(_ text: String) throws -> [Frame] {
        try text.components(separatedBy: "\n\n").filter { !$0.isEmpty && !$0.hasPrefix(":") }.map { block in
            var fields: [String: String] = [:]
            for line in block.split(separator: "\n") {
                let parts = line.split(separator: ":", maxSplits: 1)
                fields[String(parts[0])] = parts.count > 1 ? String(parts[1].dropFirst()) : ""
            }
            return Frame(
                id: try #require(fields["id"].flatMap { Int($0) }), event: try #require(fields["event"]),
                data: try JSONValue(jsonText: try #require(fields["data"])))
        }
    }

    /// Waits until `count` event streams are open: their stored events have been sent.
    static func waitForStreams(_ count: Int, client: some TestClientProtocol) async throws {
        try await eventually("\(count) stream(s) follow the run") {
            try await client.request("/metrics").text.contains("\nbaton_event_streams \(count).0\n")
        }
    }

    @Test("a stream sends the stored events, then the live ones as they are committed, and ends with the run")
    func storedThenLive() async throws {
        try await ServerHarness.withServer { harness, client in
            try await harness.apply(Workflows.guarded, client: client)
            let id = try await harness.start("guarded", input: ["service": "api"], client: client)
            try await eventually("the run asks") { try await harness.store.pendingApprovals(runID: id).count == 1 }
            let stored = try await harness.store.events(of: id).count
            #expect(stored >= 2)

            let response = try await withThrowingTaskGroup(of: TestResponse?.self) { group in
                group.addTask { try await client.request("/runs/\(id)/events", headers: [.accept: "text/event-stream"]) }
                group.addTask {
                    try await Self.waitForStreams(1, client: client)
                    try await harness.orchestrator.decide(run: id, .approved, by: "alice")
                    return nil
                }
                var response: TestResponse?
                for try await result in group { response = response ?? result }
                return try #require(response)
            }
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/event-stream")
            let frames = try Self.frames(response.text)
            let all = try await harness.store.events(of: id)
            #expect(frames.map(\.id) == Array(1...all.count), "every event once, in order")
            #expect(all.count > stored, "events came after the stream had sent the stored ones")
            #expect(frames.map(\.event) == all.map(\.event.kind.rawValue))
            #expect(frames.last?.event == "runCompleted")
            #expect(frames.allSatisfy { $0.data["sequence"] == .integer($0.id) && $0.data["kind"] == .string($0.event) })
            #expect(response.text.contains("\ndata: {") && !frames.isEmpty)
            try await Self.waitForStreams(0, client: client)
        }
    }

    @Test("a stream of a finished run sends the events after `after` or Last-Event-ID and ends at once")
    func finishedRun() async throws {
        try await ServerHarness.withServer { harness, client in
            try await harness.apply(Workflows.hello, client: client)
            let id = try await harness.start("hello", input: ["name": "Ada"], client: client)
            _ = try await harness.orchestrator.waitForFinish(of: id)
            let after = try Self.frames(try await client.request("/runs/\(id)/events?follow=true&after=2").text)
            #expect(after.map(\.id) == [3, 4])
            #expect(after.map(\.event) == ["taskCompleted", "runCompleted"])
            let resumed = try await client.request("/runs/\(id)/events?follow=true", headers: [HTTPField.Name("Last-Event-ID")!: "3"])
            #expect(try Self.frames(resumed.text).map(\.id) == [4])
            let past = try await client.request("/runs/\(id)/events?follow=true&after=4")
            #expect(past.status == .ok && past.text.isEmpty)
        }
    }

    @Test("a stream that has nothing to send sends a keep-alive comment every keep-alive interval")
    func keepAlive() async throws {
        let clock = ManualClock()
        try await ServerHarness.withServer(clock: clock) { harness, client in
            try await harness.apply(Workflows.sleeper, client: client)
            let id = try await harness.start("sleeper", client: client)
            try await eventually("the run waits") { try await harness.status(of: id) == .waiting }
            try await harness.orchestrator.suspend(id)

            let response = try await withThrowingTaskGroup(of: TestResponse?.self) { group in
                group.addTask { try await client.request("/runs/\(id)/events?follow=true") }
                group.addTask {
                    try await Self.waitForStreams(1, client: client)
                    try await clock.waitForSleepers()
                    clock.advance(by: .seconds(15))
                    // Asleep again: the keep-alive is queued, ahead of what the cancel sends.
                    try await clock.waitForSleepers()
                    try await harness.orchestrator.cancel(id)
                    return nil
                }
                var response: TestResponse?
                for try await result in group { response = response ?? result }
                return try #require(response)
            }
            let text = response.text
            let keepAlive = try #require(text.range(of: ": keep-alive\n\n"), "\(text)")
            let cancelled = try #require(text.range(of: "event: runCancelled"))
            #expect(keepAlive.lowerBound < cancelled.lowerBound)
            #expect(text.components(separatedBy: ": keep-alive").count == 2, "one interval, one comment")
        }
    }

    @Test("a stream ends when the run is cancelled, whether or not the node drives it")
    func cancelled() async throws {
        try await ServerHarness.withServer { harness, client in
            try await harness.apply(Workflows.sleeper, client: client)
            let id = try await harness.start("sleeper", client: client)
            try await eventually("the run waits") { try await harness.status(of: id) == .waiting }
            try await harness.orchestrator.suspend(id)

            let response = try await withThrowingTaskGroup(of: TestResponse?.self) { group in
                group.addTask { try await client.request("/runs/\(id)/events?follow=true") }
                group.addTask {
                    try await Self.waitForStreams(1, client: client)
                    try await harness.orchestrator.cancel(id)
                    return nil
                }
                var response: TestResponse?
                for try await result in group { response = response ?? result }
                return try #require(response)
            }
            let frames = try Self.frames(response.text)
            #expect(frames.last?.event == "runCancelled")
            #expect(frames.map(\.id) == Array(1...frames.count))
        }
    }
}
