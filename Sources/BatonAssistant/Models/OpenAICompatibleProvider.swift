import AsyncHTTPClient
import BatonWorkflow
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import Synchronization

/// Talks to an OpenAI-compatible `POST {base}/chat/completions` (Ollama, vLLM, llama.cpp's
/// server, OpenAI and the like).
///
/// - Retries 429, 5xx, timeouts and lost connections with exponential back-off and jitter,
///   honouring `Retry-After`, at most `maxRetries` times; never other 4xx.
/// - Sends `response_format: json_schema`; a server that answers 400 naming the response format
///   gets `json_object` next, then the schema in the prompt, and the client remembers that for
///   later requests.
/// - Streams when asked (`stream: true`), assembling content and tool-call pieces.
/// - Records every request, retries included, in the exchange log.
public final class OpenAICompatibleProvider: ModelProvider {
    public let configuration: ModelConfiguration
    public let retryPolicy: RetryPolicy
    private let apiKey: String?
    private let httpClient: HTTPClient
    private let exchangeLog: (any ModelExchangeLog)?
    private let sleep: @Sendable (Duration) async throws -> Void
    private let jitter: @Sendable () -> Double
    private let logger: Logger
    private let formatSupport = Mutex(ResponseFormatSupport.jsonSchema)

    /// - Parameters:
    ///   - apiKey: the key (``ModelConfiguration/resolveAPIKey(environment:secrets:)``), nil for none.
    ///   - sleep: waits out a back-off; tests pass one that returns at once and notes the wait.
    ///   - jitter: a number in 0…1 for each back-off.
    public init(
        configuration: ModelConfiguration, apiKey: String?, httpClient: HTTPClient = .shared, exchangeLog: (any ModelExchangeLog)? = nil,
        retryPolicy: RetryPolicy = RetryPolicy(), sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        jitter: @escaping @Sendable () -> Double = { Double.random(in: 0...1) }, logger: Logger = Logger(label: "baton.assistant.models")
    ) {
        self.configuration = configuration
        self.apiKey = apiKey
        self.httpClient = httpClient
        self.exchangeLog = exchangeLog
        self.retryPolicy = retryPolicy
        self.sleep = sleep
        self.jitter = jitter
        self.logger = logger
    }

    public var model: String { configuration.model }
    public var endpoint: String { configuration.chatCompletionsURL }

    public func complete(_ request: ChatRequest) async throws(ModelProviderError) -> ChatResponse {
        var request = request
        if request.temperature == nil { request.temperature = configuration.temperature }
        let streaming = request.stream ?? configuration.stream
        var attempt = 0
        var retries = 0
        while true {
            attempt += 1
            let support = formatSupport.withLock { $0 }
            let body = request.body(model: configuration.model, stream: streaming, formatSupport: support)
            let started = ContinuousClock.now
            let outcome = await send(body, streaming: streaming)
            exchangeLog?.record(ModelExchange(
                time: Date(), endpoint: endpoint, model: configuration.model, purpose: request.purpose, attempt: attempt, requestBody: body,
                responseBody: outcome.rawBody, status: outcome.status, duration: ContinuousClock.now - started,
                error: outcome.error.map { "\($0)" }))
            guard var error = outcome.error else {
                if let response = outcome.response { return response }
                throw ModelProviderError(.invalidResponse, endpoint: endpoint, message: "no answer", attempts: attempt)
            }
            error.attempts = attempt
            if request.responseFormat != nil, case .status(400) = error.kind, Self.namesResponseFormat(error.message), let lower = support.lower {
                formatSupport.withLock { if $0 == support { $0 = lower } }
                logger.info(
                    "the model server refused the response format; asking with less", metadata: ["model.endpoint": "\(endpoint)", "model.format": "\(lower)"])
                continue
            }
            guard error.isRetryable, retries < configuration.maxRetries else { throw error }
            retries += 1
            let wait = retryPolicy.delay(beforeRetry: retries, retryAfter: outcome.retryAfter, jitter: jitter())
            logger.info("retrying the model request", metadata: ["model.endpoint": "\(endpoint)", "model.error": "\(error)", "model.wait": "\(wait)"])
            do {
                try await sleep(wait)
            } catch {
                throw ModelProviderError(.timeout, endpoint: endpoint, message: "cancelled while waiting to retry", attempts: attempt)
            }
        }
    }

    /// Whether a 400's message is about `response_format` (the server does not take it).
    static func namesResponseFormat(_ message: String) -> Bool {
        let lowered = message.lowercased()
        return ["response_format", "response format", "json_schema", "json_object", "structured output"].contains { lowered.contains($0) }
    }

    // MARK: - One request

    private struct Outcome {
        var status: Int?
        var rawBody: String?
        var retryAfter: Duration?
        var response: ChatResponse?
        var error: ModelProviderError?
    }

    private struct TimedOut: Error {}

    private func send(_ body: JSONValue, streaming: Bool) async -> Outcome {
        var request = HTTPClientRequest(url: endpoint)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: streaming ? "text/event-stream" : "application/json")
        if let apiKey { request.headers.add(name: "Authorization", value: "Bearer \(apiKey)") }
        request.body = .bytes(ByteBuffer(string: body.jsonText()))
        let timeout = configuration.timeout
        let endpoint = endpoint
        let prepared = request
        do {
            return try await withThrowingTaskGroup(of: Outcome.self) { group in
                group.addTask { try await self.perform(prepared, streaming: streaming) }
                // The client's deadline comes first and says why (a refused connection is retried
                // by the connection pool until then); this one ends a body that trickles past it.
                group.addTask {
                    try await Task.sleep(for: timeout + .seconds(1))
                    throw TimedOut()
                }
                defer { group.cancelAll() }
                guard let first = try await group.next() else { throw TimedOut() }
                return first
            }
        } catch is TimedOut {
            return Outcome(error: ModelProviderError(.timeout, endpoint: endpoint, message: "no complete answer within \(timeout)"))
        } catch {
            if let client = error as? HTTPClientError, [HTTPClientError.deadlineExceeded, .readTimeout, .connectTimeout].contains(client) {
                return Outcome(error: ModelProviderError(.timeout, endpoint: endpoint, message: "\(client)"))
            }
            return Outcome(error: ModelProviderError(.connection, endpoint: endpoint, message: "\(error)"))
        }
    }

    private func perform(_ request: HTTPClientRequest, streaming: Bool) async throws -> Outcome {
        let timeout = configuration.timeout.components
        let response = try await httpClient.execute(
            request, timeout: .nanoseconds(timeout.seconds * 1_000_000_000 + timeout.attoseconds / 1_000_000_000))
        let status = Int(response.status.code)
        let retryAfter = RetryPolicy.retryAfter(response.headers.first(name: "Retry-After"))
        guard status == 200 else {
            let text = String(buffer: try await response.body.collect(upTo: 1 << 20))
            return Outcome(
                status: status, rawBody: text, retryAfter: retryAfter,
                error: ModelProviderError(.status(status), endpoint: endpoint, message: Self.serverMessage(text, status: response.status)))
        }
        if streaming {
            var stream = StreamedCompletion()
            do {
                for try await buffer in response.body {
                    try stream.consume(buffer.readableBytesView)
                    if stream.isDone { break }
                }
                try stream.finish()
            } catch let error as StreamedCompletion.StreamError {
                return Outcome(status: status, rawBody: stream.raw, error: ModelProviderError(.invalidResponse, endpoint: endpoint, message: error.message))
            }
            return Outcome(status: status, rawBody: stream.raw, response: stream.response)
        }
        let text = String(buffer: try await response.body.collect(upTo: 16 << 20))
        guard let json = try? JSONValue(jsonText: text), let answer = ChatResponse(body: json) else {
            return Outcome(
                status: status, rawBody: text,
                error: ModelProviderError(.invalidResponse, endpoint: endpoint, message: "expected JSON with choices[0].message; got \(text.prefix(200))"))
        }
        return Outcome(status: status, rawBody: text, response: answer)
    }

    /// The server's own words: `error.message` (OpenAI, vLLM, llama.cpp), `error` as text
    /// (Ollama), `message`, `detail`; else the start of the body.
    static func serverMessage(_ text: String, status: HTTPResponseStatus) -> String {
        if let json = try? JSONValue(jsonText: text) {
            if let message = json["error"]?["message"]?.stringValue { return message }
            if let message = json["error"]?.stringValue { return message }
            if let message = json["message"]?.stringValue { return message }
            if let message = json["detail"]?.stringValue { return message }
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? status.reasonPhrase : String(trimmed.prefix(500))
    }
}
