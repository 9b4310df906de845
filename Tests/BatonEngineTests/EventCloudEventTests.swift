import BatonEngine
import BatonWorkflow
import Foundation
import Testing

@Suite struct EventCloudEventTests {
    @Test func completesIDSpecVersionAndTime() throws {
        let event = try CloudEvent.complete(
            ["source": "https://petstore.com", "type": "com.petstore.order.placed.v1", "data": ["quantity": 101]],
            clock: FixedClock(), makeID: { "event-1" })
        #expect(event == [
            "id": "event-1", "specversion": "1.0", "time": "2022-01-01T08:00:00Z", "source": "https://petstore.com",
            "type": "com.petstore.order.placed.v1", "data": ["quantity": 101],
        ])
    }

    @Test func keepsGivenAttributesAndDropsNulls() throws {
        let event = try CloudEvent.complete(
            ["id": "mine", "source": "/orders", "type": "t", "time": "2024-05-01T12:00:00+02:00", "subject": nil],
            clock: FixedClock())
        #expect(event["id"] == "mine")
        #expect(event["time"] == "2024-05-01T12:00:00+02:00")
        #expect(event["subject"] == nil)
    }

    @Test func generatedIDsAreUnique() throws {
        let first = try CloudEvent.complete(["source": "/s", "type": "t"], clock: FixedClock())
        let second = try CloudEvent.complete(["source": "/s", "type": "t"], clock: FixedClock())
        #expect(first["id"]?.stringValue?.isEmpty == false)
        #expect(first["id"] != second["id"])
    }

    @Test(arguments: [
        (JSONValue.object(["type": "t"]), "`source`"),
        (JSONValue.object(["source": "/s"]), "`type`"),
        (JSONValue.object(["data": 1]), "`source` and `type`"),
    ])
    func missingSourceOrTypeIsAConfigurationError(attributes: JSONValue, named: String) {
        #expect {
            _ = try CloudEvent.complete(attributes, clock: FixedClock(), instance: "/do/0/emitEvent")
        } throws: { error in
            guard let fault = error as? WorkflowFault else { return false }
            return WorkflowFault.sameType(fault.type, WorkflowError.StandardType.configuration.rawValue) && fault.status == 400
                && fault.detail?.contains("has no \(named)") == true && fault.instance == "/do/0/emitEvent"
        }
    }

    @Test func defaultSourceFillsAMissingSourceOnly() throws {
        let filled = try CloudEvent.complete(["type": "t"], clock: FixedClock(), defaultSource: "/test/emit/0.1.0")
        #expect(filled["source"] == "/test/emit/0.1.0")
        let kept = try CloudEvent.complete(["type": "t", "source": "https://mine"], clock: FixedClock(), defaultSource: "/test/emit/0.1.0")
        #expect(kept["source"] == "https://mine")
    }

    /// The conformance kit's emit scenario: expressions in `with` see the task input.
    @Test func evaluatesTheEmitTaskLikeTheConformanceKit() throws {
        let data: JSONValue = ["greetings": #"${ "Hello \(.user.firstName) \(.user.lastName)!" }"#]
        let emit = EmitTask.Event(with: EventProperties(source: .value(URITemplate("https://fake-source.com")), type: "com.fake-source.user.greeted.v1", data: data))
        let event = try CloudEvent.evaluate(
            emit, scope: EventFixtures.scope(), input: ["user": ["firstName": "John", "lastName": "Doe"]], clock: FixedClock())
        #expect(Set(event.objectValue?.keys.map { $0 } ?? []) == ["id", "specversion", "time", "source", "type", "data"])
        #expect(event["source"] == "https://fake-source.com")
        #expect(event["data"] == ["greetings": "Hello John Doe!"])
    }

    @Test(arguments: [
        (JSONValue.object(["id": "1", "source": "/s", "type": "t", "specversion": "1.0", "time": "yesterday"]), "`time`"),
        (JSONValue.object(["id": "1", "source": "/s", "type": 3, "specversion": "1.0"]), "`type` must be a string"),
        (JSONValue.object(["id": "1", "source": "/s", "type": "t", "specversion": "0.3"]), "`specversion`"),
        (JSONValue.object(["id": "", "source": "/s", "type": "t", "specversion": "1.0"]), "`id` must not be empty"),
        (JSONValue.object(["source": "/s", "type": "t", "specversion": "1.0"]), "no `id`"),
        (JSONValue.object(["id": "1", "source": "/s", "type": "t", "specversion": "1.0", "TraceParent": "x"]), "`TraceParent`"),
        (JSONValue.object(["id": "1", "source": "/s", "type": "t", "specversion": "1.0", "ext": ["a": 1]]), "`ext` must be a string, number or boolean"),
        (JSONValue.string("event"), "an object"),
    ])
    func validationNamesTheWrongAttribute(event: JSONValue, mentions: String) {
        #expect {
            try CloudEvent.validate(event)
        } throws: { error in
            guard let fault = error as? WorkflowFault else { return false }
            return WorkflowFault.sameType(fault.type, WorkflowError.StandardType.validation.rawValue) && fault.detail?.contains(mentions) == true
        }
    }

    @Test(arguments: [
        ("2022-01-01T08:00:00Z", true), ("2022-01-01t08:00:00.123456z", true), ("1990-12-31T23:59:60Z", true),
        ("2024-02-29T00:00:00-05:30", true), ("2023-02-29T00:00:00Z", false), ("2022-01-01T08:00:00", false),
        ("2022-01-01", false), ("2022-13-01T00:00:00Z", false), ("2022-01-01T24:00:00Z", false),
        ("2022-01-01T08:00:00.Z", false), ("2022-01-01T08:00:00+0100", false), ("2022-01-01T08:00:00Zjunk", false),
    ])
    func rfc3339Timestamps(text: String, valid: Bool) {
        #expect(CloudEvent.isTimestamp(text) == valid)
    }

    @Test func readModes() {
        let event = EventFixtures.event("t", id: "1", data: ["bpm": 120])
        #expect(CloudEvent.read(event, as: .data) == ["bpm": 120])
        #expect(CloudEvent.read(event, as: .envelope) == event)
        #expect(CloudEvent.read(event, as: .raw) == ["bpm": 120])
        let encoded = EventFixtures.event("t", extra: ["data_base64": .string(Data(#"{"bpm":60}"#.utf8).base64EncodedString())])
        #expect(CloudEvent.read(encoded, as: .data) == ["bpm": 60])
        #expect(CloudEvent.read(encoded, as: .raw) == encoded["data_base64"])
        #expect(CloudEvent.read(EventFixtures.event("t"), as: .data) == .null)
    }
}
