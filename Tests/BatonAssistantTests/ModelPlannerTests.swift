import BatonAssistant
import BatonEngine
import BatonWorkflow
import Foundation
import Testing

@Suite("Model planner, end to end against a fake OpenAI-compatible server")
struct ModelPlannerTests {
    let library: TemplateLibrary

    init() throws {
        library = try RepositoryTemplates.load()
    }

    struct Setup {
        var timeout: Duration = .seconds(10)
        var maxRetries = 2
        var mode: ModelConfiguration.AnswerMode = .json
        var stream = false
        var functions: [String: JSONValue] = [:]
        var secrets = SecretStore()
    }

    func planner(_ server: FakeModelServer, _ url: URL, _ setup: Setup = Setup(), log: InMemoryModelExchangeLog, sleeps: RecordedSleeps) -> ModelPlanner {
        var configuration = server.configuration(url, timeout: setup.timeout, maxRetries: setup.maxRetries)
        configuration.stream = setup.stream
        let provider = OpenAICompatibleProvider(
            configuration: configuration, apiKey: server.apiKey, exchangeLog: log, sleep: sleeps.sleep, jitter: { 1 })
        return ModelPlanner(
            provider: provider, library: library, retriever: KeywordRetriever(library: library), fallback: AbstainingPlanner(),
            redactor: Redactor(secrets: setup.secrets), functionSchemas: setup.functions, answerMode: setup.mode)
    }

    static let shopRequest = PlanRequest(text: "Deploy a web app called shop from image shop:1.4 on port 3000 with a postgres database")

    @Test("a well-formed plan is validated, previewed and carries the model's reasons and the defaults applied")
    func wellFormedPlan() async throws {
        let server = FakeModelServer(replies: [.content(planAnswer(parameters: ["name": "shop", "image": "shop:1.4", "port": 3000, "database": "postgres"]))])
        let log = InMemoryModelExchangeLog()
        let answer = try await server.run { url in await planner(server, url, log: log, sleeps: RecordedSleeps()).answer(Self.shopRequest) }
        guard case .plan(let plan) = answer else { Issue.record("expected a plan, got \(answer)"); return }
        #expect(plan.origin == .model("test-model"))
        #expect(plan.parameters["port"] == 3000)
        #expect(plan.defaults["replicas"] == 1)
        #expect(plan.preview?.changes.first == "create service shop-db (postgres)")
        #expect(plan.reasons.contains { $0.contains("deploy-web-app") && $0.contains("it deploys a web app") })
        #expect(plan.reasons.contains { $0.hasPrefix("defaults applied:") && $0.contains("replicas = 1") })
        #expect(server.violations == [])
        let request = try #require(server.requests.first)
        #expect(request["response_format"]?["type"] == "json_schema")
        // deploy-web-app's `env` is a free-form object, which strict structured output cannot describe.
        #expect(request["response_format"]?["json_schema"]?["strict"] == false)
        #expect(request["temperature"] == 0)
        let branches = request["response_format"]?["json_schema"]?["schema"]?["properties"]?["answer"]?["anyOf"]?.arrayValue ?? []
        #expect(branches.contains { $0["properties"]?["template"]?["enum"] == ["deploy-web-app"] })
        #expect(log.exchanges.map(\.purpose) == ["plan"])
        #expect(log.exchanges.first?.status == 200)
    }

    @Test("malformed JSON is repaired on the second round, with the problem sent back")
    func repairSucceeds() async throws {
        let server = FakeModelServer(replies: [
            .content(#"{"answer": {"decision": "plan", "template": "deploy-web-app", "parameters": {"name": "shop""#),
            .content(planAnswer(parameters: ["name": "shop", "image": "shop:1.4"])),
        ])
        let log = InMemoryModelExchangeLog()
        let answer = try await server.run { url in await planner(server, url, log: log, sleeps: RecordedSleeps()).answer(Self.shopRequest) }
        guard case .plan(let plan) = answer else { Issue.record("expected a plan, got \(answer)"); return }
        #expect(plan.origin == .model("test-model"))
        #expect(plan.reasons.contains { $0.contains("repaired (1 round)") })
        let repair = try #require(server.requests.last?["messages"]?.arrayValue?.last?["content"]?.stringValue)
        #expect(repair.contains("not JSON"))
        #expect(log.exchanges.map(\.purpose) == ["plan", "repair 1"])
        #expect(server.violations == [])
    }

    @Test("a wrong enum value three times: two repairs fail, the built-in planner answers with origin fallback")
    func repairsFail() async throws {
        let wrong = planAnswer(parameters: ["name": "shop", "image": "shop:1.4", "database": "oracle"])
        let server = FakeModelServer(replies: [.content(wrong), .content(wrong), .content(wrong)])
        let log = InMemoryModelExchangeLog()
        let answer = try await server.run { url in await planner(server, url, log: log, sleeps: RecordedSleeps()).answer(Self.shopRequest) }
        guard case .abstain(let abstention) = answer, case .fallback(let reason) = abstention.origin else {
            Issue.record("expected the fallback's answer, got \(answer)")
            return
        }
        #expect(reason.contains("after 2 repairs") && reason.contains("input.database"))
        #expect(server.requests.count == 3)
        #expect(log.exchanges.map(\.purpose) == ["plan", "repair 1", "repair 2"])
        let feedback = server.requests.last?["messages"]?.arrayValue?.last?["content"]?.stringValue ?? ""
        #expect(feedback.contains("input.database"))
    }

    @Test("a plan without a required value becomes a question for it")
    func missingParameterClarifies() async throws {
        let server = FakeModelServer(replies: [.content(planAnswer(parameters: ["image": "shop:1.4"]))])
        let answer = try await server.run { url in
            await planner(server, url, log: InMemoryModelExchangeLog(), sleeps: RecordedSleeps()).answer(PlanRequest(text: "deploy a web app from image shop:1.4"))
        }
        guard case .clarify(let clarification) = answer else { Issue.record("expected a question, got \(answer)"); return }
        #expect(clarification.missing == ["name"])
        #expect(clarification.known["image"] == "shop:1.4")
        #expect(clarification.origin == .model("test-model"))
    }

    @Test("a name the request does not contain is sent back for repair, not taken")
    func inventedNameRepaired() async throws {
        let server = FakeModelServer(replies: [
            .content(planAnswer(parameters: ["name": "myapp", "image": "shop:1.4"])),
            .content(planAnswer(decision: "clarify", parameters: ["image": "shop:1.4"], missing: ["name"])),
        ])
        let answer = try await server.run { url in
            await planner(server, url, log: InMemoryModelExchangeLog(), sleeps: RecordedSleeps()).answer(PlanRequest(text: "deploy a web app from image shop:1.4"))
        }
        guard case .clarify(let clarification) = answer else { Issue.record("expected a question, got \(answer)"); return }
        #expect(clarification.missing == ["name"])
        let feedback = server.requests.last?["messages"]?.arrayValue?.last?["content"]?.stringValue ?? ""
        #expect(feedback.contains("`myapp` is not in the request"))
    }

    @Test("a tool call (one tool per template) becomes a plan")
    func toolCall() async throws {
        let server = FakeModelServer(replies: [.toolCall(name: "deploy-web-app", arguments: #"{"name": "shop", "image": "shop:1.4", "port": 3000, "reason": "a web app"}"#)])
        var setup = Setup()
        setup.mode = .tools
        let answer = try await server.run { url in await planner(server, url, setup, log: InMemoryModelExchangeLog(), sleeps: RecordedSleeps()).answer(Self.shopRequest) }
        guard case .plan(let plan) = answer else { Issue.record("expected a plan, got \(answer)"); return }
        #expect(plan.parameters == ["name": "shop", "image": "shop:1.4", "port": 3000])
        let request = try #require(server.requests.first)
        let names = request["tools"]?.arrayValue?.compactMap { $0["function"]?["name"]?.stringValue } ?? []
        #expect(names.contains("deploy-web-app") && names.contains("abstain") && names.contains("ask_for_missing_values"))
        #expect(request["tool_choice"] == "required")
        #expect(request["response_format"] == nil)
        #expect(server.violations == [])
    }

    @Test("in tool mode, a wrong call is answered with a tool message naming the problem, and repaired")
    func toolCallRepaired() async throws {
        let server = FakeModelServer(replies: [
            .toolCall(name: "deploy-web-app", arguments: #"{"name": "shop", "image": "shop:1.4", "replicas": 0, "reason": "a web app"}"#),
            .toolCall(name: "deploy-web-app", arguments: #"{"name": "shop", "image": "shop:1.4", "replicas": 2, "reason": "a web app"}"#),
        ])
        var setup = Setup()
        setup.mode = .tools
        let answer = try await server.run { url in await planner(server, url, setup, log: InMemoryModelExchangeLog(), sleeps: RecordedSleeps()).answer(Self.shopRequest) }
        guard case .plan(let plan) = answer else { Issue.record("expected a plan, got \(answer)"); return }
        #expect(plan.parameters["replicas"] == 2)
        let messages = server.requests.last?["messages"]?.arrayValue ?? []
        #expect(messages.dropLast().last?["tool_calls"]?.arrayValue?.first?["function"]?["name"] == "deploy-web-app")
        #expect(messages.last?["role"] == "tool" && messages.last?["tool_call_id"] == "call_1")
        #expect(messages.last?["content"]?.stringValue?.contains("input.replicas") == true)
        #expect(server.violations == [])
    }

    @Test("a Chinese request without the name: the question is asked in Chinese")
    func chineseClarification() async throws {
        let server = FakeModelServer(replies: [.content(planAnswer(parameters: ["image": "shop:1.4"]))])
        let answer = try await server.run { url in
            await planner(server, url, log: InMemoryModelExchangeLog(), sleeps: RecordedSleeps()).answer(PlanRequest(text: "部署一个网站，镜像 shop:1.4"))
        }
        guard case .clarify(let clarification) = answer else { Issue.record("expected a question, got \(answer)"); return }
        #expect(clarification.missing == ["name"])
        #expect(clarification.question == "要执行 deploy-web-app，还需要：name。请提供。")
        let sent = server.requests.first?["messages"]?.arrayValue?.last?["content"]?.stringValue ?? ""
        #expect(sent.contains("Answer language: Chinese"))
    }

    @Test("a streamed answer is assembled from its chunks")
    func streamed() async throws {
        let whole = planAnswer(parameters: ["name": "shop", "image": "shop:1.4"])
        let middle = whole.index(whole.startIndex, offsetBy: whole.count / 2)
        let pieces = [String(whole[..<middle]), String(whole[middle...])]
        let chunks = pieces.map { piece in JSONValue.object(["model": "test-model", "choices": [["index": 0, "delta": ["content": .string(piece)]]]]).jsonText() }
        let server = FakeModelServer(replies: [.stream(chunks)])
        var setup = Setup()
        setup.stream = true
        let answer = try await server.run { url in await planner(server, url, setup, log: InMemoryModelExchangeLog(), sleeps: RecordedSleeps()).answer(Self.shopRequest) }
        guard case .plan(let plan) = answer else { Issue.record("expected a plan, got \(answer)"); return }
        #expect(plan.parameters["name"] == "shop")
        #expect(server.requests.first?["stream"] == true)
    }

    @Test("429 with Retry-After is retried after the wait the server asked for")
    func rateLimited() async throws {
        let server = FakeModelServer(replies: [
            .status(429, body: #"{"error": {"message": "rate limited"}}"#, headers: ["Retry-After": "7"]),
            .content(planAnswer(parameters: ["name": "shop", "image": "shop:1.4"])),
        ])
        let log = InMemoryModelExchangeLog()
        let sleeps = RecordedSleeps()
        let answer = try await server.run { url in await planner(server, url, log: log, sleeps: sleeps).answer(Self.shopRequest) }
        guard case .plan = answer else { Issue.record("expected a plan, got \(answer)"); return }
        #expect(sleeps.all == [.seconds(7)])
        #expect(log.exchanges.map(\.attempt) == [1, 2])
        #expect(log.exchanges.map(\.status) == [429, 200])
    }

    @Test("500s are retried with back-off, then the built-in planner answers and says why")
    func serverErrors() async throws {
        let failure = FakeModelServer.Reply.status(500, body: #"{"error": {"message": "model crashed"}}"#)
        let server = FakeModelServer(replies: [failure, failure, failure])
        let log = InMemoryModelExchangeLog()
        let sleeps = RecordedSleeps()
        let answer = try await server.run { url in await planner(server, url, log: log, sleeps: sleeps).answer(Self.shopRequest) }
        guard case .fallback(let reason) = answer.origin else { Issue.record("expected the fallback, got \(answer)"); return }
        #expect(reason.contains("500") && reason.contains("model crashed") && reason.contains("/v1/chat/completions"))
        #expect(sleeps.all == [.milliseconds(500), .seconds(1)])
        #expect(log.exchanges.count == 3)
        #expect(log.exchanges.allSatisfy { $0.error?.contains("model crashed") == true })
    }

    @Test("a 401 is not retried")
    func unauthorized() async throws {
        let server = FakeModelServer(replies: [.status(401, body: #"{"error": {"message": "invalid api key"}}"#)])
        let sleeps = RecordedSleeps()
        let answer = try await server.run { url in await planner(server, url, log: InMemoryModelExchangeLog(), sleeps: sleeps).answer(Self.shopRequest) }
        guard case .fallback(let reason) = answer.origin else { Issue.record("expected the fallback, got \(answer)"); return }
        #expect(reason.contains("401") && reason.contains("invalid api key"))
        #expect(sleeps.all == [])
        #expect(server.requests.count == 1)
    }

    @Test("an answer slower than the timeout: the built-in planner answers")
    func timeout() async throws {
        let server = FakeModelServer(replies: [.slow(.seconds(2), .content(planAnswer(parameters: ["name": "shop", "image": "shop:1.4"])))])
        var setup = Setup()
        setup.timeout = .milliseconds(200)
        setup.maxRetries = 0
        let answer = try await server.run { url in await planner(server, url, setup, log: InMemoryModelExchangeLog(), sleeps: RecordedSleeps()).answer(Self.shopRequest) }
        guard case .fallback(let reason) = answer.origin else { Issue.record("expected the fallback, got \(answer)"); return }
        #expect(reason.contains("did not answer in time"))
    }

    @Test("no server listening: the built-in planner answers")
    func connectionRefused() async throws {
        let server = FakeModelServer(replies: [])
        // Port 1 on the loopback: privileged, and nothing of ours listens there.
        let closed = try #require(URL(string: "http://127.0.0.1:1"))
        var setup = Setup()
        setup.maxRetries = 1
        setup.timeout = .seconds(1)
        let sleeps = RecordedSleeps()
        let log = InMemoryModelExchangeLog()
        let answer = await planner(server, closed, setup, log: log, sleeps: sleeps).answer(Self.shopRequest)
        guard case .fallback(let reason) = answer.origin else { Issue.record("expected the fallback, got \(answer)"); return }
        #expect(reason.contains("cannot reach"))
        #expect(sleeps.all.count == 1)
        #expect(log.exchanges.map(\.attempt) == [1, 2])
        #expect(log.exchanges.allSatisfy { $0.status == nil && $0.responseBody == nil && $0.error?.contains("cannot reach") == true })
    }

    @Test("a server that refuses json_schema gets json_object with the schema in the prompt, and keeps getting it")
    func responseFormatFallback() async throws {
        let server = FakeModelServer(replies: [
            .status(400, body: #"{"error": {"message": "response_format of type json_schema is not supported"}}"#),
            .content(planAnswer(parameters: ["name": "shop", "image": "shop:1.4"])),
            .content(planAnswer(parameters: ["name": "shop", "image": "shop:1.4"])),
        ])
        let sleeps = RecordedSleeps()
        try await server.run { url in
            let planner = planner(server, url, log: InMemoryModelExchangeLog(), sleeps: sleeps)
            guard case .plan = await planner.answer(Self.shopRequest) else { Issue.record("expected a plan"); return }
            guard case .plan = await planner.answer(Self.shopRequest) else { Issue.record("expected a plan"); return }
        }
        #expect(server.requests.map { $0["response_format"]?["type"]?.stringValue } == ["json_schema", "json_object", "json_object"])
        let instruction = server.requests[1]["messages"]?.arrayValue?.last?["content"]?.stringValue ?? ""
        #expect(instruction.contains("JSON Schema") && instruction.contains("deploy-web-app"))
        #expect(sleeps.all == [])
    }

    @Test("the model may abstain on a request out of scope")
    func modelAbstains() async throws {
        let server = FakeModelServer(replies: [.content(#"{"answer": {"decision": "abstain", "reason": "ordering pizza is not an operation on services"}}"#)])
        let answer = try await server.run { url in
            await planner(server, url, log: InMemoryModelExchangeLog(), sleeps: RecordedSleeps()).answer(PlanRequest(text: "deploy a pizza to my website please"))
        }
        guard case .abstain(let abstention) = answer else { Issue.record("expected an abstention, got \(answer)"); return }
        #expect(abstention.origin == .model("test-model"))
        #expect(abstention.reasons.first?.contains("pizza") == true)
    }

    static let functions: [String: JSONValue] = [
        "service-restart": ["type": "object", "required": ["name"], "properties": ["name": ["type": "string"]]],
        "service-logs": ["type": "object", "required": ["name"], "properties": ["name": ["type": "string"], "lines": ["type": "integer"]]],
    ]

    static let generated = """
        document:
          dsl: '1.0.3'
          namespace: generated
          name: restart-twice
          version: '1.0.0'
        do:
          - first:
              call: service-restart:1.0.0@default
              with:
                name: checkout
          - pause:
              wait:
                seconds: 30
          - second:
              call: service-restart:1.0.0@default
              with:
                name: checkout
        """

    @Test("with no template matching, the model writes a workflow: validated, repaired, marked as generated")
    func generatedWorkflow() async throws {
        let unknown = Self.generated.replacingOccurrences(of: "service-restart:1.0.0@default\n      with:\n        name: checkout\n  - pause", with: "service-reboot:1.0.0@default\n      with:\n        name: checkout\n  - pause")
        #expect(unknown != Self.generated)
        let server = FakeModelServer(replies: [
            .content(JSONValue.object(["answer": ["decision": "generate", "workflow": .string(unknown), "reason": "restart twice"]]).jsonText()),
            .content(JSONValue.object(["answer": ["decision": "generate", "workflow": .string(Self.generated), "reason": "restart twice"]]).jsonText()),
        ])
        var setup = Setup()
        setup.functions = Self.functions
        let answer = try await server.run { url in
            await planner(server, url, setup, log: InMemoryModelExchangeLog(), sleeps: RecordedSleeps())
                // No template's keywords are in it, so the model may write a workflow.
                .answer(PlanRequest(text: "cycle checkout twice with a thirty second gap between the two"))
        }
        guard case .plan(let plan) = answer else { Issue.record("expected a plan, got \(answer)"); return }
        #expect(plan.needsReview)
        #expect(plan.generatedWorkflow == Self.generated)
        #expect(plan.preview?.risk == .destructive)
        let repair = server.requests.last?["messages"]?.arrayValue?.last?["content"]?.stringValue ?? ""
        #expect(repair.contains("service-reboot:1.0.0@default` is not a catalog function"))
        let system = server.requests.first?["messages"]?.arrayValue?.first?["content"]?.stringValue ?? ""
        #expect(system.contains("service-restart:1.0.0@default") && system.contains("dsl: '1.0.3'"))
    }

    @Test("secrets never reach the server, and the answer's placeholders are restored")
    func redaction() async throws {
        let storeSecret = "s3cr3t-Store-Value"
        let password = "Hunter2-Pa55"
        let server = FakeModelServer(forbidden: [storeSecret, password, "ops@example.com", "10.20.30.40"], replies: [
            .content(planAnswer(parameters: [
                "name": "shop", "image": "shop:1.4",
                "env": ["DB_PASSWORD": "⟦SECRET_2⟧", "API_TOKEN": "⟦SECRET_1⟧", "ADMIN": "⟦EMAIL_1⟧", "UPSTREAM": "⟦IP_1⟧"],
            ])),
        ])
        var setup = Setup()
        setup.secrets = SecretStore(values: ["api": .string(storeSecret)])
        let request = PlanRequest(text: "Deploy a web app called shop from image shop:1.4 with env DB_PASSWORD=\(password) and API_TOKEN \(storeSecret), admin ops@example.com, upstream 10.20.30.40")
        let answer = try await server.run { url in await planner(server, url, setup, log: InMemoryModelExchangeLog(), sleeps: RecordedSleeps()).answer(request) }
        #expect(server.violations == [])
        let sent = server.requests.first?["messages"]?.arrayValue?.last?["content"]?.stringValue ?? ""
        #expect(sent.contains("DB_PASSWORD=⟦SECRET_2⟧") && sent.contains("API_TOKEN ⟦SECRET_1⟧"))
        guard case .plan(let plan) = answer else { Issue.record("expected a plan, got \(answer)"); return }
        #expect(plan.parameters["env"] == ["DB_PASSWORD": .string(password), "API_TOKEN": .string(storeSecret), "ADMIN": "ops@example.com", "UPSTREAM": "10.20.30.40"])
    }

    @Test("the problems sent back for repair are redacted too: a secret in an error message does not leave")
    func repairFeedbackRedacted() async throws {
        let password = "Hunter2-Pa55"
        let server = FakeModelServer(forbidden: [password], replies: [
            .content(planAnswer(parameters: ["name": "shop", "image": "shop:1.4", "database": "⟦SECRET_1⟧"])),
            .content(planAnswer(parameters: ["name": "shop", "image": "shop:1.4", "env": ["DB_PASSWORD": "⟦SECRET_1⟧"]])),
        ])
        let request = PlanRequest(text: "Deploy a web app called shop from image shop:1.4 with DB_PASSWORD=\(password)")
        let answer = try await server.run { url in await planner(server, url, log: InMemoryModelExchangeLog(), sleeps: RecordedSleeps()).answer(request) }
        #expect(server.violations == [])
        let feedback = server.requests.last?["messages"]?.arrayValue?.last?["content"]?.stringValue ?? ""
        #expect(feedback.contains("input.database: `⟦SECRET_1⟧` is not one of"))
        guard case .plan(let plan) = answer else { Issue.record("expected a plan, got \(answer)"); return }
        #expect(plan.parameters["env"] == ["DB_PASSWORD": .string(password)])
    }

    @Test("no template matches and no functions are given: the built-in planner answers without asking the model")
    func nothingToChooseFrom() async throws {
        let server = FakeModelServer(replies: [])
        let answer = try await server.run { url in
            await planner(server, url, log: InMemoryModelExchangeLog(), sleeps: RecordedSleeps()).answer(PlanRequest(text: "order a pizza"))
        }
        guard case .fallback(let reason) = answer.origin else { Issue.record("expected the fallback, got \(answer)"); return }
        #expect(reason.contains("no template matched"))
        #expect(server.requests.isEmpty)
    }

    static let scaleTemplate = """
        document:
          dsl: '1.0.3'
          namespace: baton-templates
          name: scale-service
          version: '1.0.0'
          summary: Scale a service to a number of replicas.
          metadata:
            baton:
              description: Sets the number of replicas of a service.
              risk: mutating
              examples:
                en: [scale checkout to 5 replicas]
                zh: [把 checkout 扩容到5个副本]
              keywords:
                en: [scale, replicas]
                zh: [扩容, 副本]
        input:
          schema:
            format: json
            document:
              type: object
              additionalProperties: false
              required: [name, replicas]
              properties:
                name: {type: string, x-baton-kind: name}
                replicas: {type: integer, minimum: 0}
                drain_seconds: {type: integer, x-baton-kind: duration, default: 30}
        do:
          - scale:
              call: service-scale:1.0.0@default
              with:
                name: ${ .name }
                replicas: ${ .replicas }
        """

    @Test("a template without free-form objects gets a strict schema: every property required, unstated ones null")
    func strictSchema() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("baton-templates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.scaleTemplate.write(to: directory.appendingPathComponent("scale-service.yaml"), atomically: true, encoding: .utf8)
        let library = try TemplateLibrary.load(directory: directory)
        let server = FakeModelServer(replies: [
            .content(planAnswer("scale-service", parameters: ["name": "checkout", "replicas": 5, "drain_seconds": nil])),
        ])
        let answer = try await server.run { url in
            let provider = OpenAICompatibleProvider(configuration: server.configuration(url), apiKey: server.apiKey)
            return await ModelPlanner(provider: provider, library: library, retriever: KeywordRetriever(library: library), fallback: AbstainingPlanner())
                .answer(PlanRequest(text: "scale checkout to 5 replicas"))
        }
        let format = try #require(server.requests.first?["response_format"]?["json_schema"])
        #expect(format["strict"] == true)
        let parameters = format["schema"]?["properties"]?["answer"]?["anyOf"]?.arrayValue?.first?["properties"]?["parameters"]
        #expect(parameters?["required"] == ["name", "replicas", "drain_seconds"])
        #expect(parameters?["properties"]?["drain_seconds"]?["type"] == ["integer", "null"])
        #expect(parameters?["properties"]?["drain_seconds"]?["description"]?.stringValue?.contains("integer seconds") == true)
        guard case .plan(let plan) = answer else { Issue.record("expected a plan, got \(answer)"); return }
        #expect(plan.parameters == ["name": "checkout", "replicas": 5])
        #expect(plan.defaults == ["drain_seconds": 30])
    }
}
