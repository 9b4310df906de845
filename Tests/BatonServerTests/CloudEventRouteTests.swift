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

@Suite("CloudEvent intake")
struct CloudEventRouteTests {
    static let order: JSONValue = [
        "specversion": "1.0", "id": "o-1", "source": "https://shop.example", "type": "com.example.order.placed", "data": ["order": 7],
    ]

    @Test("a structured-mode event reaches a listening run; the same source and id again is a duplicate")
    func structured() async throws {
        try await ServerHarness.withServer { harness, client in
            try await harness.apply(Workflows.listener, client: client)
            let id = try await harness.start("listener", client: client)
            try await eventually("the run listens") { try await harness.status(of: id) == .waiting }

            let headers: HTTPFields = [.contentType: "application/cloudevents+json; charset=utf-8"]
            let response = try await client.request("/events", method: .post, headers: headers, json: Self.order)
            #expect(response.status == .accepted)
            let appended = try response.json()
            #expect(appended["duplicate"] == false)
            #expect(appended["sequence"]?.intValue != nil)
            let run = try await harness.orchestrator.waitForFinish(of: id)
            #expect(run.output == ["orders": [["order": 7]]])

            let again = try await client.request("/events", method: .post, headers: headers, json: Self.order).json()
            #expect(again["duplicate"] == true)
            #expect(again["sequence"] == appended["sequence"])
        }
    }

    @Test("a binary-mode event reaches a listening run: ce-* headers are the attributes, a JSON body the data")
    func binary() async throws {
        try await ServerHarness.withServer { harness, client in
            try await harness.apply(Workflows.listener, client: client)
            let id = try await harness.start("listener", client: client)
            try await eventually("the run listens") { try await harness.status(of: id) == .waiting }

            let headers: HTTPFields = [
                HTTPField.Name("ce-id")!: "o-2", HTTPField.Name("ce-source")!: "https://shop.example",
                HTTPField.Name("ce-type")!: "com.example.order.placed", HTTPField.Name("ce-specversion")!: "1.0",
                HTTPField.Name("ce-subject")!: "order%2042", .contentType: "application/json",
            ]
            let response = try await client.request("/events", method: .post, headers: headers, text: #"{"order": 42}"#)
            #expect(response.status == .accepted, "\(response.text)")
            let run = try await harness.orchestrator.waitForFinish(of: id)
            #expect(run.output == ["orders": [["order": 42]]])
            let logged = try #require(try await harness.store.cloudEvents(after: 0, types: nil, limit: 10).first?.event)
            #expect(logged["subject"] == "order 42", "header values are percent-decoded")
            #expect(logged["datacontenttype"] == "application/json")
        }
    }

    @Test("a binary-mode event with a body that is not JSON carries it as data_base64")
    func binaryBase64() async throws {
        try await ServerHarness.withServer { harness, client in
            let headers: HTTPFields = [
                HTTPField.Name("ce-id")!: "b-1", HTTPField.Name("ce-source")!: "sensor", HTTPField.Name("ce-type")!: "com.example.reading",
                HTTPField.Name("ce-specversion")!: "1.0", .contentType: "application/octet-stream",
            ]
            let response = try await client.request("/events", method: .post, headers: headers, text: "\u{1}raw")
            #expect(response.status == .accepted)
            let logged = try #require(try await harness.store.cloudEvents(after: 0, types: nil, limit: 10).first?.event)
            #expect(logged["data_base64"] == .string(Data("\u{1}raw".utf8).base64EncodedString()))
            #expect(logged["data"] == nil)
        }
    }

    @Test("a batch is logged event by event, answering a result each; a bad event in it stores none")
    func batch() async throws {
        try await ServerHarness.withServer { harness, client in
            let headers: HTTPFields = [.contentType: "application/cloudevents-batch+json"]
            var second = Self.order
            if case .object(var members) = second {
                members["id"] = "o-2"
                second = .object(members)
            }
            let response = try await client.request("/events", method: .post, headers: headers, json: [Self.order, second, Self.order])
            #expect(response.status == .accepted)
            let results = try #require(try response.json()["results"]?.arrayValue)
            #expect(results.map { $0["duplicate"] } == [false, false, true])

            let bad = try await client.request("/events", method: .post, headers: headers, json: [["specversion": "1.0", "id": "x", "source": "s", "type": "t"], ["id": "y"]])
            #expect(bad.status == .badRequest)
            let error = try bad.error()
            #expect(error["path"] == "[1]")
            #expect(error["message"]?.stringValue?.contains("event [1]") == true)
            #expect(try await harness.store.lastCloudEventSequence() == 2, "nothing of the bad batch is stored")
        }
    }

    @Test(
        "a malformed structured-mode event is 400 saying what is wrong",
        arguments: [
            (#"{"id":"1","source":"s","type":"t"}"#, "specversion"),
            (#"{"id":"1","source":"s","specversion":"1.0"}"#, "type"),
            (#"{"id":"1","source":"s","type":"t","specversion":"0.3"}"#, "0.3"),
            (#"{"id":"1","source":"s","type":"t","specversion":"1.0","time":"yesterday"}"#, "time"),
            (#"{"id":"#, "not valid JSON"),
            (#"[1]"#, "must be an object"),
        ])
    func malformedStructured(body: String, mentions: String) async throws {
        try await ServerHarness.withServer { harness, client in
            let response = try await client.request("/events", method: .post, headers: [.contentType: "application/cloudevents+json"], text: body)
            #expect(response.status == .badRequest)
            let error = try response.error()
            #expect(error["code"] == "invalid-input")
            #expect(error["message"]?.stringValue?.contains(mentions) == true, "\(error)")
            #expect(try await harness.store.lastCloudEventSequence() == 0)
        }
    }

    @Test("a binary-mode event without its required headers is 400 naming them; a plain JSON post is 400 explaining the modes")
    func malformedBinary() async throws {
        try await ServerHarness.withServer { harness, client in
            let partial: HTTPFields = [HTTPField.Name("ce-id")!: "1", HTTPField.Name("ce-source")!: "s", .contentType: "application/json"]
            let missing = try await client.request("/events", method: .post, headers: partial, text: "{}")
            #expect(missing.status == .badRequest)
            let message = try missing.error()["message"]?.stringValue ?? ""
            #expect(message.contains("ce-type") && message.contains("ce-specversion"), "\(message)")

            let badJSON: HTTPFields = [
                HTTPField.Name("ce-id")!: "1", HTTPField.Name("ce-source")!: "s", HTTPField.Name("ce-type")!: "t",
                HTTPField.Name("ce-specversion")!: "1.0", .contentType: "application/json",
            ]
            let notJSON = try await client.request("/events", method: .post, headers: badJSON, text: "{oops")
            #expect(notJSON.status == .badRequest)
            #expect(try notJSON.error()["message"]?.stringValue?.contains("event data") == true)

            var badTime = badJSON
            badTime[HTTPField.Name("ce-time")!] = "soon"
            let wrongTime = try await client.request("/events", method: .post, headers: badTime, text: "{}")
            #expect(wrongTime.status == .badRequest)
            #expect(try wrongTime.error()["message"]?.stringValue?.contains("ce-<name>") == true)

            let plain = try await client.request("/events", method: .post, json: Self.order)
            #expect(plain.status == .badRequest)
            #expect(try plain.error()["message"]?.stringValue?.contains("application/cloudevents+json") == true)
            #expect(try await harness.store.lastCloudEventSequence() == 0)
        }
    }
}
