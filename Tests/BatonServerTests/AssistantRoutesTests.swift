import BatonAssistant
import BatonRuntime
import BatonServer
import BatonServices
import BatonStore
import BatonTesting
import BatonWorkflow
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import HTTPTypes
import HummingbirdTesting
import Testing

/// The `/assistant` routes over the repository's template library: planning a request in
/// either language, and running an approved plan as a durable run against real services.
@Suite("Assistant routes")
struct AssistantRoutesTests {
    static let templates = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("templates")

    static func assistant() throws -> Result<Assistant, AssistantUnavailable> {
        .success(Assistant(library: try TemplateLibrary.load(directory: templates)))
    }

    @Test("GET /assistant/templates lists every template with its parameters and examples")
    func templates() async throws {
        try await ServiceHarness.withServices(assistant: try Self.assistant()) { _, client in
            let listed = try #require(try await client.request("/assistant/templates").json()["templates"]?.arrayValue)
            #expect(listed.count == 26)
            let deploy = try #require(listed.first { $0["id"] == "deploy-web-app" })
            #expect(deploy["one_of"] == [["command", "image"]])
            #expect(deploy["parameters"]?.arrayValue?.first { $0["name"] == "port" }?["default"] == 8080)
            #expect(deploy["examples"]?["zh"]?.arrayValue?.contains("我想部署一个新的Web应用程序") == true)
        }
    }

    @Test("POST /assistant/plan answers a plan with its preview, a question in the request's language, or an abstention")
    func plan() async throws {
        try await ServiceHarness.withServices(assistant: try Self.assistant()) { _, client in
            let plan = try await client.request("/assistant/plan", method: .post, json: ["request": "canary release checkout 2.1 to 20% of traffic for 15 minutes"]).json()
            #expect(plan["kind"] == "plan" && plan["template"] == "canary-release", "\(plan)")
            #expect(plan["parameters"] == ["service": "checkout", "version": "2.1", "canary_percent": 20, "duration": 900])
            #expect(plan["preview"]?["changes"]?.arrayValue?.isEmpty == false, "\(plan)")
            #expect(plan["preview"]?["workflow"]?.stringValue?.contains("name: canary-release") == true)

            let question = try await client.request("/assistant/plan", method: .post, json: ["request": "我想部署一个新的Web应用程序"]).json()
            #expect(question["kind"] == "clarify" && question["template"] == "deploy-web-app", "\(question)")
            #expect(question["missing"] == ["name", "command", "image"])
            #expect(question["question"]?.stringValue?.contains("名称") == true, "\(question)")

            // The answers to the question, with the template it was about, make the plan.
            let answered = try await client.request("/assistant/plan", method: .post, json: [
                "request": "我想部署一个新的Web应用程序", "template": "deploy-web-app", "answers": ["name": "Shop", "command": "baton-demo serve", "port": "9090"],
            ]).json()
            #expect(answered["kind"] == "plan" && answered["parameters"] == ["name": "shop", "command": "baton-demo serve", "port": 9090], "\(answered)")

            let abstain = try await client.request("/assistant/plan", method: .post, json: ["request": "write me a poem about the sea"]).json()
            #expect(abstain["kind"] == "abstain" && abstain["reasons"]?.arrayValue?.isEmpty == false, "\(abstain)")
        }
    }

    static let badRequests: [(JSONValue, String)] = [
        (["request": "   "], "request"),
        (["request": "restart api", "language": "fr"], "language"),
        (["request": "restart api", "template": "no-such-template"], "template"),
    ]

    @Test("bad requests are refused with the field that is wrong", arguments: badRequests)
    func badPlanRequests(body: JSONValue, path: String) async throws {
        try await ServiceHarness.withServices(assistant: try Self.assistant()) { _, client in
            let response = try await client.request("/assistant/plan", method: .post, json: body)
            #expect(response.status == .badRequest)
            #expect(try response.error()["path"] == .string(path))
        }
    }

    @Test("without a template library the assistant routes answer 503 saying why")
    func unavailable() async throws {
        try await ServiceHarness.withServices { _, client in
            let response = try await client.request("/assistant/plan", method: .post, json: ["request": "restart api"])
            #expect(response.status == .serviceUnavailable)
            #expect(try response.error()["message"]?.stringValue?.contains("no template library") == true)
        }
    }

    @Test("POST /assistant/execute runs deploy-web-app as a durable run: a real, healthy service on its port")
    func execute() async throws {
        try await ServiceHarness.withServices(assistant: try Self.assistant()) { harness, client in
            let port = try TestPorts.free()
            let response = try await client.request("/assistant/execute", method: .post, json: [
                "template": "deploy-web-app", "parameters": ["name": "shop", "command": "baton-demo serve --role web", "port": .integer(port)],
                "request": "deploy a web app called shop",
            ])
            #expect(response.status == .created, "\(response.text)")
            let body = try response.json()
            let runID = try #require(body["run"]?["id"]?.stringValue)
            let run = try await harness.orchestrator.waitForFinish(of: RunID(runID))
            #expect(run.status == .completed, "\(String(describing: run.error))")
            #expect(run.output?["service"] == "shop" && run.output?["status"] == "healthy", "\(String(describing: run.output))")
            let health = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/health")!)
            #expect((health.1 as? HTTPURLResponse)?.statusCode == 200)
        }
    }

    @Test("POST /assistant/execute refuses a plan that does not check: every problem named, nothing run")
    func executeRefused() async throws {
        try await ServiceHarness.withServices(assistant: try Self.assistant()) { harness, client in
            let response = try await client.request("/assistant/execute", method: .post, json: [
                "template": "scale-service", "parameters": ["service": "api", "replicas": "many"],
            ])
            #expect(response.status == .unprocessableContent)
            #expect(try response.error()["message"]?.stringValue?.contains("parameters.replicas") == true, "\(response.text)")
            let missing = try await client.request("/assistant/execute", method: .post, json: ["template": "deploy-web-app", "parameters": ["name": "x"]])
            #expect(try missing.error()["message"]?.stringValue?.contains("command or image") == true, "\(missing.text)")
            let runs = try await harness.orchestrator.store.runs(.init(limit: 10))
            #expect(runs.runs.isEmpty)
        }
    }

    @Test("POST /assistant/execute runs a reviewed workflow a model wrote, validated in full; an invalid one is refused")
    func executeGenerated() async throws {
        try await ServiceHarness.withServices(assistant: try Self.assistant()) { harness, client in
            let workflow = """
                document: {dsl: '1.0.3', namespace: generated, name: greet, version: '1.0.0'}
                do:
                  - greet:
                      set: {greeting: '${ "hello " + $workflow.input.who }'}
                """
            let response = try await client.request("/assistant/execute", method: .post, json: [
                "generated_workflow": .string(workflow), "parameters": ["who": "ops"],
            ])
            #expect(response.status == .created, "\(response.text)")
            let runID = try #require(try response.json()["run"]?["id"]?.stringValue)
            let run = try await harness.orchestrator.waitForFinish(of: RunID(runID))
            #expect(run.output == ["greeting": "hello ops"], "\(String(describing: run.output))")

            let invalid = try await client.request("/assistant/execute", method: .post, json: [
                "generated_workflow": "document: {dsl: '1.0.3', namespace: generated, name: broken, version: '1.0.0'}\ndo: [{a: {set: {}}}]",
            ])
            #expect(invalid.status == .unprocessableContent, "\(invalid.text)")
            #expect(try invalid.error()["message"]?.stringValue?.contains("generated.yaml") == true, "\(invalid.text)")
        }
    }
}
