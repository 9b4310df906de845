import BatonAssistant
import BatonWorkflow
import Foundation
import Hummingbird
import Logging
import Synchronization

/// An OpenAI-compatible chat completions server on 127.0.0.1 (port 0) that checks every request
/// and replays a script of recorded answers, one per request.
///
/// What it checks (each failure is a violation the test expects to be empty): the path, the
/// `Authorization` header, the model, that the messages are well formed, that no forbidden text
/// (a secret that should have been redacted) arrives anywhere in the body, and the shape of
/// `response_format` and `tools`.
final class FakeModelServer: Sendable {
    /// One scripted answer.
    enum Reply: Sendable {
        /// A completion whose message content is `content`.
        case content(String)
        /// A completion whose message calls `name` with `arguments` (JSON text).
        case toolCall(name: String, arguments: String)
        /// A streamed completion: each string is one `data:` payload; `[DONE]` is sent after them.
        case stream([String])
        /// A streamed body written in these pieces, as they are (split anywhere, CRLF, comments).
        case rawStream([String])
        /// An error status with a body and headers (of which `Retry-After` is sent).
        case status(Int, body: String, headers: [String: String] = [:])
        /// `reply`, after waiting `delay` (longer than the client's timeout).
        indirect case slow(Duration, Reply)
    }

    let model: String
    let apiKey: String?
    let forbidden: [String]
    private let script: Mutex<[Reply]>
    private let received = Mutex<[JSONValue]>([])
    private let problems = Mutex<[String]>([])

    init(model: String = "test-model", apiKey: String? = "test-key", forbidden: [String] = [], replies: [Reply]) {
        self.model = model
        self.apiKey = apiKey
        self.forbidden = forbidden
        self.script = Mutex(replies)
    }

    /// The request bodies received, in order.
    var requests: [JSONValue] { received.withLock { $0 } }
    /// What was wrong with the requests.
    var violations: [String] { problems.withLock { $0 } }
    /// Scripted replies not used.
    var unusedReplies: Int { script.withLock { $0.count } }

    /// A configuration for this server at `url`.
    func configuration(_ url: URL, timeout: Duration = .seconds(10), maxRetries: Int = 2) -> ModelConfiguration {
        ModelConfiguration(
            baseURL: url.absoluteString + "/v1", model: model, apiKey: apiKey.map { .value($0) } ?? .none, timeout: timeout, maxRetries: maxRetries)
    }

    /// Runs the server while `body` runs, giving it the server's base URL (`http://127.0.0.1:<port>`).
    func run<Value: Sendable>(_ body: (URL) async throws -> Value) async throws -> Value {
        let router = Router()
        router.post("/v1/chat/completions") { request, _ -> Response in
            let data = try await request.body.collect(upTo: 4 << 20)
            self.check(String(buffer: data), authorization: request.headers[.authorization])
            guard let reply = self.script.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) else {
                self.violation("a request after the script ran out")
                return Self.response(.status(500, body: #"{"error":{"message":"the fake server's script ran out"}}"#))
            }
            return try await Self.respond(reply, model: self.model)
        }
        router.on("/{path+}", method: .get) { _, context -> Response in
            self.violation("unexpected GET /\(context.parameters.getCatchAll().joined(separator: "/"))")
            return Response(status: .notFound)
        }
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "baton.test.fake-model-server")
        // Stopping by cancellation makes the server log an error about its child channels.
        logger.logLevel = .critical
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            }, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            defer { group.cancelAll() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next(), port > 0, let url = URL(string: "http://127.0.0.1:\(port)") else {
                throw CocoaError(.featureUnsupported)
            }
            return try await body(url)
        }
    }

    private func violation(_ text: String) {
        problems.withLock { $0.append(text) }
    }

    private func check(_ text: String, authorization: String?) {
        for secret in forbidden where text.contains(secret) || text.contains(jsonEscaped(secret)) {
            violation("the request contains `\(secret)`, which should have been redacted")
        }
        if let apiKey, authorization != "Bearer \(apiKey)" { violation("Authorization is `\(authorization ?? "absent")`") }
        guard let body = try? JSONValue(jsonText: text) else {
            violation("the body is not JSON")
            return
        }
        received.withLock { $0.append(body) }
        if body["model"]?.stringValue != model { violation("model is \(body["model"]?.jsonText() ?? "absent")") }
        let messages = body["messages"]?.arrayValue ?? []
        if messages.isEmpty { violation("no messages") }
        for (index, message) in messages.enumerated() {
            guard let role = message["role"]?.stringValue, ["system", "user", "assistant", "tool"].contains(role) else {
                violation("messages[\(index)].role is wrong")
                continue
            }
            if role == "tool" && message["tool_call_id"]?.stringValue == nil { violation("messages[\(index)]: a tool message without tool_call_id") }
        }
        if let format = body["response_format"] {
            switch format["type"]?.stringValue {
            case "json_object": break
            case "json_schema":
                let schema = format["json_schema"]
                if schema?["name"]?.stringValue == nil || schema?["schema"]?.objectValue == nil {
                    violation("response_format.json_schema needs name and schema")
                }
            default: violation("response_format.type is \(format["type"]?.jsonText() ?? "absent")")
            }
        }
        for (index, tool) in (body["tools"]?.arrayValue ?? []).enumerated() {
            if tool["type"]?.stringValue != "function" || tool["function"]?["name"]?.stringValue == nil
                || tool["function"]?["parameters"]?.objectValue == nil {
                violation("tools[\(index)] is not a function with a name and parameters")
            }
        }
    }

    private func jsonEscaped(_ text: String) -> String {
        let quoted = JSONValue.string(text).jsonText()
        return String(quoted.dropFirst().dropLast())
    }

    private static func respond(_ reply: Reply, model: String) async throws -> Response {
        if case .slow(let delay, let next) = reply {
            try await Task.sleep(for: delay)
            return try await respond(next, model: model)
        }
        return response(reply, model: model)
    }

    private static func response(_ reply: Reply, model: String = "test-model") -> Response {
        switch reply {
        case .content(let content):
            return json(completion(model: model, message: ["role": "assistant", "content": .string(content)]))
        case .toolCall(let name, let arguments):
            return json(completion(model: model, message: [
                "role": "assistant", "content": .null,
                "tool_calls": [["id": "call_1", "type": "function", "function": ["name": .string(name), "arguments": .string(arguments)]]],
            ]))
        case .stream(let chunks):
            let text = chunks.map { "data: \($0)\n\n" }.joined() + "data: [DONE]\n\n"
            return Response(status: .ok, headers: [.contentType: "text/event-stream"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        case .rawStream(let pieces):
            return Response(status: .ok, headers: [.contentType: "text/event-stream"], body: ResponseBody { writer in
                for piece in pieces { try await writer.write(ByteBuffer(string: piece)) }
                try await writer.finish(nil)
            })
        case .status(let status, let body, let headers):
            var fields: HTTPFields = [.contentType: "application/json"]
            if let retryAfter = headers["Retry-After"] { fields[.retryAfter] = retryAfter }
            return Response(status: HTTPResponse.Status(code: status), headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
        case .slow(_, let next):
            return response(next, model: model)
        }
    }

    private static func completion(model: String, message: JSONValue) -> String {
        JSONValue.object([
            "id": "chatcmpl-test", "object": "chat.completion", "model": .string(model),
            "choices": [["index": 0, "message": message, "finish_reason": "stop"]],
        ]).jsonText()
    }

    private static func json(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
