import BatonAssistant
import BatonWorkflow
import Foundation
import Testing

@Suite("OpenAI-compatible provider")
struct ProviderTests {
    @Test("the configuration is read from BATON_LLM_*; no base URL means no model")
    func configurationFromEnvironment() throws {
        #expect(try ModelConfiguration.fromEnvironment([:]) == nil)
        let configuration = try #require(try ModelConfiguration.fromEnvironment([
            "BATON_LLM_BASE_URL": "http://localhost:11434/v1/", "BATON_LLM_MODEL": "qwen2.5:7b", "BATON_LLM_API_KEY_ENV": "MY_KEY",
            "BATON_LLM_TIMEOUT": "2.5", "BATON_LLM_MAX_RETRIES": "4", "BATON_LLM_MODE": "tools", "BATON_LLM_STREAM": "true",
        ]))
        #expect(configuration.chatCompletionsURL == "http://localhost:11434/v1/chat/completions")
        #expect(configuration.model == "qwen2.5:7b")
        #expect(configuration.timeout == .milliseconds(2500))
        #expect(configuration.maxRetries == 4)
        #expect(configuration.answerMode == .tools)
        #expect(configuration.stream)
        #expect(try configuration.resolveAPIKey(environment: ["MY_KEY": "k-1"]) == "k-1")
        #expect(throws: ModelProviderError.self) { try configuration.resolveAPIKey(environment: [:]) }
    }

    @Test("a wrong variable is named in the error")
    func configurationErrors() {
        do throws(ModelProviderError) {
            _ = try ModelConfiguration.fromEnvironment(["BATON_LLM_BASE_URL": "http://localhost:8000/v1"])
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("BATON_LLM_MODEL"))
        }
        do throws(ModelProviderError) {
            _ = try ModelConfiguration.fromEnvironment(["BATON_LLM_BASE_URL": "localhost:8000", "BATON_LLM_MODEL": "m"])
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("BATON_LLM_BASE_URL"))
        }
    }

    @Test("back-off doubles with jitter up to its bound; Retry-After wins, up to its bound")
    func backOff() {
        let policy = RetryPolicy(baseDelay: .seconds(1), maxDelay: .seconds(5), maxRetryAfter: .seconds(30))
        #expect(policy.delay(beforeRetry: 1, retryAfter: nil, jitter: 1) == .seconds(1))
        #expect(policy.delay(beforeRetry: 2, retryAfter: nil, jitter: 1) == .seconds(2))
        #expect(policy.delay(beforeRetry: 3, retryAfter: nil, jitter: 0) == .seconds(2))
        #expect(policy.delay(beforeRetry: 9, retryAfter: nil, jitter: 1) == .seconds(5))
        #expect(policy.delay(beforeRetry: 1, retryAfter: .seconds(12), jitter: 0) == .seconds(12))
        #expect(policy.delay(beforeRetry: 1, retryAfter: .seconds(300), jitter: 0) == .seconds(30))
        #expect(RetryPolicy.retryAfter("3") == .seconds(3))
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(RetryPolicy.retryAfter("Tue, 14 Nov 2023 22:13:30 GMT", now: now) == .seconds(10))
        #expect(RetryPolicy.retryAfter("soon") == nil)
    }

    @Test("tool calls and their JSON arguments are read from a completion")
    func toolCalls() async throws {
        let server = FakeModelServer(replies: [.toolCall(name: "deploy-web-app", arguments: #"{"name":"shop"}"#)])
        let response = try await server.run { url in
            try await OpenAICompatibleProvider(configuration: server.configuration(url), apiKey: server.apiKey).complete(ChatRequest(
                messages: [.user("deploy shop")], tools: [ToolDefinition(name: "deploy-web-app", description: "d", parameters: ["type": "object"])],
                toolChoice: .function("deploy-web-app")))
        }
        #expect(response.toolCalls == [ToolCall(id: "call_1", name: "deploy-web-app", arguments: #"{"name":"shop"}"#)])
        #expect(server.requests.first?["tool_choice"] == ["type": "function", "function": ["name": "deploy-web-app"]])
        #expect(server.violations == [])
    }

    @Test("streamed content and tool-call pieces are assembled, whatever the split of the chunks")
    func streamedToolCall() async throws {
        let chunks = [
            #"{"model":"m","choices":[{"index":0,"delta":{"role":"assistant","tool_calls":[{"index":0,"id":"call_9","function":{"name":"deploy-web-app","arguments":""}}]}}]}"#,
            #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"name\":"}}]}}]}"#,
            #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\"shop\"}"}}]},"finish_reason":"tool_calls"}]}"#,
        ]
        let server = FakeModelServer(replies: [.stream(chunks)])
        let response = try await server.run { url in
            try await OpenAICompatibleProvider(configuration: server.configuration(url), apiKey: server.apiKey)
                .complete(ChatRequest(messages: [.user("deploy shop")], stream: true))
        }
        #expect(response.toolCalls == [ToolCall(id: "call_9", name: "deploy-web-app", arguments: #"{"name":"shop"}"#)])
        #expect(response.finishReason == "tool_calls")
        #expect(response.content == nil)
    }

    @Test("server-sent events split mid-line, with CRLF and comments, are read as the server meant them")
    func streamedPieces() async throws {
        let pieces = [
            ": keep-alive\r\n\r\ndata: {\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hel",
            "lo, \"}}]}\r\n\r\nevent: message\r\ndata: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"部署\"},\"finish_reason\":\"stop\"}]}\r\n",
            "\r\ndata: [DONE]\r\n\r\n",
        ]
        let server = FakeModelServer(replies: [.rawStream(pieces)])
        let log = InMemoryModelExchangeLog()
        let response = try await server.run { url in
            try await OpenAICompatibleProvider(configuration: server.configuration(url), apiKey: server.apiKey, exchangeLog: log)
                .complete(ChatRequest(messages: [.user("hi")], stream: true))
        }
        #expect(response.content == "hello, 部署")
        #expect(response.finishReason == "stop")
        #expect(response.model == "m")
        #expect(log.exchanges.first?.responseBody?.contains("data: [DONE]") == true)
    }

    @Test("an error says the status, the server's message and the endpoint; 4xx are not retried")
    func clearErrors() async throws {
        let server = FakeModelServer(replies: [.status(404, body: #"{"error": "model 'nope' not found"}"#)])
        let sleeps = RecordedSleeps()
        let log = InMemoryModelExchangeLog()
        try await server.run { url in
            let provider = OpenAICompatibleProvider(
                configuration: server.configuration(url), apiKey: server.apiKey, exchangeLog: log, sleep: sleeps.sleep)
            do throws(ModelProviderError) {
                _ = try await provider.complete(ChatRequest(messages: [.user("hi")], purpose: "test"))
                Issue.record("expected an error")
            } catch {
                #expect(error.kind == .status(404))
                #expect(error.description == "\(url.absoluteString)/v1/chat/completions answered 404: model 'nope' not found")
                #expect(!error.isRetryable)
            }
        }
        #expect(sleeps.all == [])
        #expect(log.exchanges.map(\.purpose) == ["test"])
        #expect(log.exchanges.first?.responseBody?.contains("not found") == true)
    }
}
