import BatonWorkflow

/// The model's answer: its text and the tools it called (the first choice's message).
public struct ChatResponse: Sendable, Hashable {
    public var content: String?
    public var toolCalls: [ToolCall]
    public var finishReason: String?
    /// The model that answered, as the server names it.
    public var model: String?

    public init(content: String?, toolCalls: [ToolCall] = [], finishReason: String? = nil, model: String? = nil) {
        self.content = content
        self.toolCalls = toolCalls
        self.finishReason = finishReason
        self.model = model
    }

    /// Reads a non-streamed response body (`choices[0].message`).
    init?(body: JSONValue) {
        guard let message = body["choices"]?.arrayValue?.first?["message"] else { return nil }
        let calls: [ToolCall] = (message["tool_calls"]?.arrayValue ?? []).compactMap { call in
            guard let function = call["function"], let name = function["name"]?.stringValue else { return nil }
            let arguments = function["arguments"].map { $0.stringValue ?? $0.jsonText() } ?? "{}"
            return ToolCall(id: call["id"]?.stringValue ?? "", name: name, arguments: arguments)
        }
        self.init(
            content: message["content"]?.stringValue, toolCalls: calls,
            finishReason: body["choices"]?.arrayValue?.first?["finish_reason"]?.stringValue, model: body["model"]?.stringValue)
    }
}
