import BatonWorkflow
import Foundation
import Testing
@testable import BatonEngine

@Suite struct RuntimeDescriptorsTests {
    @Test func dateTimeMatchesTheSpecExamples() {
        // dsl.md: 1641024000 = 2022-01-01T08:00:00Z, 1641024000123 = 2022-01-01T08:00:00.123Z.
        #expect(RuntimeDescriptors.dateTime(Date(timeIntervalSince1970: 1_641_024_000)) == [
            "iso8601": "2022-01-01T08:00:00Z",
            "epoch": ["seconds": 1_641_024_000, "milliseconds": 1_641_024_000_000],
        ])
        #expect(RuntimeDescriptors.dateTime(Date(timeIntervalSince1970: 1_641_024_000.123)) == [
            "iso8601": "2022-01-01T08:00:00.123Z",
            "epoch": ["seconds": 1_641_024_000, "milliseconds": 1_641_024_000_123],
        ])
    }

    @Test func epochValuesAreIntegers() {
        let descriptor = RuntimeDescriptors.dateTime(Date(timeIntervalSince1970: 1_700_000_000.9996))
        #expect(descriptor["epoch"]?["seconds"] == .integer(1_700_000_000))
        #expect(descriptor["epoch"]?["milliseconds"] == .integer(1_700_000_000_999))
        #expect(descriptor.jsonText() == #"{"epoch":{"milliseconds":1700000000999,"seconds":1700000000},"iso8601":"2023-11-14T22:13:20.999Z"}"#)
    }

    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00Z"),
        (951_782_400.0, "2000-02-29T00:00:00Z"),
        (4_107_542_399.0, "2100-02-28T23:59:59Z"),
        (-1.5, "1969-12-31T23:59:58.500Z"),
        (-62_135_596_800.0, "0001-01-01T00:00:00Z"),
    ])
    func iso8601AcrossTheCalendar(seconds: Double, expected: String) {
        let descriptor = RuntimeDescriptors.dateTime(Date(timeIntervalSince1970: seconds))
        #expect(descriptor["iso8601"] == .string(expected))
        #expect(descriptor["epoch"]?["milliseconds"] == .integer(Int((seconds * 1000).rounded(.down))))
    }

    @Test func iso8601AgreesWithFoundation() throws {
        let formatter = ISO8601DateFormatter()
        for seconds in stride(from: -2_000_000_000, through: 4_000_000_000, by: 37_777_777) {
            let date = Date(timeIntervalSince1970: TimeInterval(seconds))
            #expect(RuntimeDescriptors.dateTime(date)["iso8601"] == .string(formatter.string(from: date)))
        }
    }

    @Test func runtimeDescriptor() {
        #expect(RuntimeDescriptors.runtime(metadata: ["tenant": "ops"]) == [
            "name": "Baton", "version": .string(RuntimeDescriptors.runtimeVersion), "metadata": ["tenant": "ops"],
        ])
        #expect(RuntimeDescriptors.runtime()["metadata"] == [:])
    }

    @Test func workflowDescriptor() {
        let definition: JSONValue = ["document": ["name": "shop"], "do": []]
        let descriptor = RuntimeDescriptors.workflow(
            id: "4a5c8422-5868-4e12-8dd9-220810d2b9ee", definition: definition, input: ["port": 3000],
            startedAt: Date(timeIntervalSince1970: 1_641_024_000))
        #expect(descriptor == [
            "id": "4a5c8422-5868-4e12-8dd9-220810d2b9ee",
            "definition": definition,
            "input": ["port": 3000],
            "startedAt": RuntimeDescriptors.dateTime(Date(timeIntervalSince1970: 1_641_024_000)),
        ])
    }

    @Test func taskDescriptor() {
        let started = Date(timeIntervalSince1970: 1_641_024_000.5)
        let definition: JSONValue = ["call": "http", "with": ["method": "get"]]
        let descriptor = RuntimeDescriptors.task(
            name: "my/Task", reference: ["do", 2, "my/Task"], definition: definition, input: ["a": 1], startedAt: started)
        #expect(descriptor == [
            "name": "my/Task",
            "reference": "/do/2/my~1Task",
            "definition": definition,
            "input": ["a": 1],
            "output": nil,
            "startedAt": ["iso8601": "2022-01-01T08:00:00.500Z", "epoch": ["seconds": 1_641_024_000, "milliseconds": 1_641_024_000_500]],
        ])
        let finished = RuntimeDescriptors.task(
            name: "getPet", reference: ["do", 0, "getPet"], definition: definition, input: nil, output: ["id": 7], startedAt: started)
        #expect(finished["output"] == ["id": 7])
        #expect(finished["reference"] == "/do/0/getPet")
    }

    @Test func authorizationDescriptor() {
        #expect(RuntimeDescriptors.authorization(scheme: "Bearer", parameter: "tok") == ["scheme": "Bearer", "parameter": "tok"])
    }

    @Test func descriptorsReachExpressions() throws {
        let evaluator = ExpressionEvaluator()
        let started = Date(timeIntervalSince1970: 1_641_024_000)
        let arguments = ExpressionArguments(
            task: RuntimeDescriptors.task(name: "getPet", reference: ["do", 2, "getPet"], definition: [:], input: nil, startedAt: started),
            workflow: RuntimeDescriptors.workflow(id: "run-1", definition: [:], input: nil, startedAt: started),
            runtime: RuntimeDescriptors.runtime()
        )
        let result = try evaluator.evaluate(
            "${ [$runtime.name, $workflow.id, $task.reference, $task.startedAt.epoch.seconds, $workflow.startedAt.iso8601] }",
            on: nil, arguments: arguments)
        #expect(result == ["Baton", "run-1", "/do/2/getPet", 1_641_024_000, "2022-01-01T08:00:00Z"])
    }
}
