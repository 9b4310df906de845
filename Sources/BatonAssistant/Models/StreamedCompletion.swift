import BatonWorkflow

/// Assembles a streamed chat completion: server-sent events whose `data:` lines carry chunks
/// (`choices[0].delta` with `content` and `tool_calls` pieces) until `data: [DONE]`.
///
/// Bytes go in as they arrive, in any split; lines are cut at `\n` (a `\r` before it is dropped),
/// comments (`:`) and other fields are ignored, and every `data:` payload is a JSON chunk.
struct StreamedCompletion: Sendable {
    private var pending: [UInt8] = []
    private var content = ""
    private var sawContent = false
    private var calls: [Int: (id: String, name: String, arguments: String)] = [:]
    private(set) var finishReason: String?
    private(set) var model: String?
    /// `[DONE]` was seen.
    private(set) var isDone = false
    /// The text of the events, as received: what the exchange log keeps.
    private(set) var raw = ""

    /// Takes the next bytes; throws the text of a chunk that is not JSON, or an error the server
    /// streamed (`{"error": …}`).
    mutating func consume(_ bytes: some Sequence<UInt8>) throws(StreamError) {
        pending.append(contentsOf: bytes)
        while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
            var line = Array(pending[..<newline])
            pending.removeSubrange(...newline)
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            let text = String(decoding: line, as: UTF8.self)
            raw += text + "\n"
            try handle(line: text)
        }
    }

    /// The last line, when the stream ended without a newline.
    mutating func finish() throws(StreamError) {
        guard !pending.isEmpty else { return }
        let text = String(decoding: pending, as: UTF8.self)
        pending = []
        raw += text
        try handle(line: text)
    }

    private mutating func handle(line: String) throws(StreamError) {
        guard line.hasPrefix("data:") else { return }
        var payload = line.dropFirst("data:".count)
        if payload.first == " " { payload = payload.dropFirst() }
        if payload == "[DONE]" {
            isDone = true
            return
        }
        guard let chunk = try? JSONValue(jsonText: String(payload)) else { throw StreamError(message: "a streamed chunk is not JSON: \(payload.prefix(200))") }
        if let error = chunk["error"] {
            throw StreamError(message: error["message"]?.stringValue ?? error.jsonText())
        }
        if let name = chunk["model"]?.stringValue { model = name }
        guard let choice = chunk["choices"]?.arrayValue?.first else { return }
        if let reason = choice["finish_reason"]?.stringValue { finishReason = reason }
        guard let delta = choice["delta"] else { return }
        if let piece = delta["content"]?.stringValue {
            content += piece
            sawContent = true
        }
        for (position, call) in (delta["tool_calls"]?.arrayValue ?? []).enumerated() {
            let index = call["index"]?.intValue ?? position
            var assembled = calls[index] ?? (id: "", name: "", arguments: "")
            if let id = call["id"]?.stringValue { assembled.id = id }
            if let name = call["function"]?["name"]?.stringValue { assembled.name += name }
            if let arguments = call["function"]?["arguments"]?.stringValue { assembled.arguments += arguments }
            calls[index] = assembled
        }
    }

    /// What the chunks add up to.
    var response: ChatResponse {
        ChatResponse(
            content: sawContent ? content : nil,
            toolCalls: calls.keys.sorted().compactMap { index in
                calls[index].map { ToolCall(id: $0.id, name: $0.name, arguments: $0.arguments.isEmpty ? "{}" : $0.arguments) }
            },
            finishReason: finishReason, model: model)
    }

    struct StreamError: Error {
        var message: String
    }
}
