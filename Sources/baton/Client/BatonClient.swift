import AsyncHTTPClient
import BatonWorkflow
import Foundation
import NIOCore
import NIOHTTP1

/// Talks to a `baton serve` over its HTTP API (docs/api.md): JSON in, JSON out, the API's
/// errors turned into messages that say what the server refused and why.
struct BatonClient: Sendable {
    let server: URL

    enum Method: String, Sendable {
        case GET, PUT, POST
    }

    /// One request; the answer's JSON body.
    /// - Throws: ``ClientError`` when the server cannot be reached or answers an error.
    func request(
        _ method: Method, _ path: String, query: [(String, String)] = [], json: JSONValue? = nil, body: String? = nil,
        headers: [(String, String)] = [], timeout: TimeAmount = .seconds(60)
    ) async throws(ClientError) -> JSONValue {
        var request = HTTPClientRequest(url: url(path, query: query))
        request.method = HTTPMethod(rawValue: method.rawValue)
        request.headers.add(name: "Accept", value: "application/json")
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: json.jsonText()))
        } else if let body {
            request.body = .bytes(ByteBuffer(string: body))
        }
        for (name, value) in headers { request.headers.replaceOrAdd(name: name, value: value) }
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: timeout)
            let bytes = try await response.body.collect(upTo: 64 * 1024 * 1024)
            let text = String(buffer: bytes)
            let value = text.isEmpty ? JSONValue.null : ((try? JSONValue(jsonText: text)) ?? .string(text))
            guard (200..<300).contains(Int(response.status.code)) else {
                throw ClientError(status: Int(response.status.code), answer: value)
            }
            return value
        } catch let error as ClientError {
            throw error
        } catch {
            throw ClientError(unreachable: server, error)
        }
    }

    /// Follows a stream of server-sent events, handing each `(event, data)` to `body` until
    /// the server ends the stream.
    func followEvents(_ path: String, query: [(String, String)] = [], _ body: (String, JSONValue) throws -> Void) async throws {
        var request = HTTPClientRequest(url: url(path, query: query))
        request.headers.add(name: "Accept", value: "text/event-stream")
        let response: HTTPClientResponse
        do {
            response = try await HTTPClient.shared.execute(request, timeout: .hours(24 * 365))
        } catch {
            throw ClientError(unreachable: server, error)
        }
        guard response.status == .ok else {
            let text = String(buffer: try await response.body.collect(upTo: 1024 * 1024))
            throw ClientError(status: Int(response.status.code), answer: (try? JSONValue(jsonText: text)) ?? .string(text))
        }
        var parser = ServerSentEventParser()
        for try await chunk in response.body {
            for message in parser.feed(String(buffer: chunk)) {
                try body(message.event, (try? JSONValue(jsonText: message.data)) ?? .string(message.data))
            }
        }
    }

    private func url(_ path: String, query: [(String, String)]) -> String {
        var components = URLComponents(url: server, resolvingAgainstBaseURL: false) ?? URLComponents()
        components.path = (components.path.hasSuffix("/") ? String(components.path.dropLast()) : components.path) + path
        if !query.isEmpty { components.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) } }
        return components.string ?? server.absoluteString + path
    }
}

/// What went wrong talking to the server, as a user reads it.
struct ClientError: Error, CustomStringConvertible {
    let description: String
    /// The problems of an invalid definition, with their positions.
    var problems: [JSONValue] = []
    var status: Int?
    /// The server's answer, when it answered.
    var answer: JSONValue = .null

    init(_ description: String) {
        self.description = description
    }

    init(status: Int, answer: JSONValue) {
        let code = answer["error"]?["code"]?.stringValue ?? "error"
        let message = answer["error"]?["message"]?.stringValue ?? answer.stringValue ?? answer.jsonText()
        self.description = "the server refused (\(status) \(code)): \(message)"
        self.problems = answer["error"]?["problems"]?.arrayValue ?? []
        self.status = status
        self.answer = answer
    }

    init(unreachable server: URL, _ error: any Error) {
        self.description = "cannot reach the Baton server at \(server.absoluteString) (\(error)); start one with `baton serve`, or check --server / BATON_SERVER"
    }
}

/// Splits a `text/event-stream` into messages (the WHATWG server-sent events format: lines of
/// `field: value`, a blank line ends a message, lines starting with `:` are comments).
struct ServerSentEventParser {
    struct Message: Equatable {
        var id: String?
        var event: String
        var data: String
    }

    private var buffer = ""
    private var current = Message(id: nil, event: "message", data: "")
    private var hasData = false

    mutating func feed(_ text: String) -> [Message] {
        buffer += text
        var messages: [Message] = []
        while let newline = buffer.firstIndex(where: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            let line = String(buffer[..<newline])
            buffer = String(buffer[buffer.index(after: newline)...])
            if line.isEmpty {
                if hasData { messages.append(current) }
                current = Message(id: nil, event: "message", data: "")
                hasData = false
                continue
            }
            if line.hasPrefix(":") { continue }
            let parts = line.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            let field = String(parts[0])
            var value = parts.count > 1 ? String(parts[1]) : ""
            if value.hasPrefix(" ") { value.removeFirst() }
            switch field {
            case "id": current.id = value
            case "event": current.event = value
            case "data":
                current.data = hasData ? current.data + "\n" + value : value
                hasData = true
            default: break
            }
        }
        return messages
    }
}
