import BatonWorkflow

/// A chat completion request: the messages and what the answer must look like. The model and
/// whether to stream come from the provider's configuration unless set here.
public struct ChatRequest: Sendable, Hashable {
    public var messages: [ChatMessage]
    public var responseFormat: ResponseFormat?
    public var tools: [ToolDefinition]
    public var toolChoice: ToolChoice?
    public var temperature: Double?
    public var maxTokens: Int?
    /// Stream the answer (`stream: true`, server-sent events); nil takes the configuration's choice.
    public var stream: Bool?
    /// What the exchange is for (`plan`, `repair 1` …): recorded in the exchange log, not sent.
    public var purpose: String

    public init(
        messages: [ChatMessage], responseFormat: ResponseFormat? = nil, tools: [ToolDefinition] = [], toolChoice: ToolChoice? = nil,
        temperature: Double? = nil, maxTokens: Int? = nil, stream: Bool? = nil, purpose: String = "chat"
    ) {
        self.messages = messages
        self.responseFormat = responseFormat
        self.tools = tools
        self.toolChoice = toolChoice
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.stream = stream
        self.purpose = purpose
    }

    /// The request body for `model`, with the response format as the server is known to take it.
    func body(model: String, stream: Bool, formatSupport: ResponseFormatSupport) -> JSONValue {
        var messages = self.messages
        var members: [String: JSONValue] = ["model": .string(model)]
        if let responseFormat {
            switch (responseFormat, formatSupport) {
            case (_, .jsonSchema), (.jsonObject, .jsonObject):
                members["response_format"] = responseFormat.jsonValue
            case (.jsonSchema(_, let schema, _), .jsonObject):
                members["response_format"] = ResponseFormat.jsonObject.jsonValue
                messages.append(.system(Self.schemaInstruction(schema)))
            case (.jsonSchema(_, let schema, _), .promptOnly):
                messages.append(.system(Self.schemaInstruction(schema)))
            case (.jsonObject, .promptOnly):
                messages.append(.system("Answer with one JSON object and nothing else: no prose, no code fence."))
            }
        }
        members["messages"] = .array(messages.map(\.jsonValue))
        if !tools.isEmpty { members["tools"] = .array(tools.map(\.jsonValue)) }
        if let toolChoice { members["tool_choice"] = toolChoice.jsonValue }
        if let temperature { members["temperature"] = .number(temperature) }
        if let maxTokens { members["max_tokens"] = .integer(maxTokens) }
        if stream { members["stream"] = true }
        return .object(members)
    }

    /// What a server that takes no schema gets instead: the schema in words.
    static func schemaInstruction(_ schema: JSONValue) -> String {
        "Answer with one JSON object and nothing else (no prose, no code fence) that matches this JSON Schema:\n" + schema.jsonText()
    }
}

/// How much of `response_format` a server takes, learnt from its refusals.
enum ResponseFormatSupport: Int, Sendable, Comparable {
    /// Neither: the schema goes into the prompt.
    case promptOnly
    /// `{type: json_object}` only.
    case jsonObject
    /// `{type: json_schema}`.
    case jsonSchema

    static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    var lower: ResponseFormatSupport? { ResponseFormatSupport(rawValue: rawValue - 1) }
}
