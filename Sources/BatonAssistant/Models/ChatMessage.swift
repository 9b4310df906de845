import BatonWorkflow

/// One message of a chat completion exchange, as the OpenAI-compatible API has it.
public struct ChatMessage: Sendable, Hashable {
    public enum Role: String, Sendable, Hashable {
        case system, user, assistant, tool
    }

    public var role: Role
    public var content: String?
    /// The tools an assistant message called.
    public var toolCalls: [ToolCall]
    /// For a `tool` message: the call it answers.
    public var toolCallID: String?

    public init(role: Role, content: String?, toolCalls: [ToolCall] = [], toolCallID: String? = nil) {
        self.role = role
        self.content = content
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
    }

    public static func system(_ text: String) -> ChatMessage { ChatMessage(role: .system, content: text) }
    public static func user(_ text: String) -> ChatMessage { ChatMessage(role: .user, content: text) }
    public static func assistant(_ text: String?, toolCalls: [ToolCall] = []) -> ChatMessage {
        ChatMessage(role: .assistant, content: text, toolCalls: toolCalls)
    }

    /// The message as the wire format has it.
    public var jsonValue: JSONValue {
        var members: [String: JSONValue] = ["role": .string(role.rawValue)]
        members["content"] = content.map(JSONValue.string) ?? .null
        if !toolCalls.isEmpty { members["tool_calls"] = .array(toolCalls.map(\.jsonValue)) }
        if let toolCallID { members["tool_call_id"] = .string(toolCallID) }
        return .object(members)
    }
}

/// A function the model called, with its arguments as the JSON text the model wrote.
public struct ToolCall: Sendable, Hashable {
    public var id: String
    public var name: String
    public var arguments: String

    public init(id: String, name: String, arguments: String) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }

    var jsonValue: JSONValue {
        ["id": .string(id), "type": "function", "function": ["name": .string(name), "arguments": .string(arguments)]]
    }
}

/// A function offered to the model (`tools` in the request).
public struct ToolDefinition: Sendable, Hashable {
    public var name: String
    public var description: String
    /// The JSON Schema of the arguments.
    public var parameters: JSONValue
    public var strict: Bool

    public init(name: String, description: String, parameters: JSONValue, strict: Bool = false) {
        self.name = name
        self.description = description
        self.parameters = parameters
        self.strict = strict
    }

    var jsonValue: JSONValue {
        var function: [String: JSONValue] = ["name": .string(name), "description": .string(description), "parameters": parameters]
        if strict { function["strict"] = true }
        return ["type": "function", "function": .object(function)]
    }
}

/// Whether and which tool the model must call.
public enum ToolChoice: Sendable, Hashable {
    case auto, none, required
    case function(String)

    var jsonValue: JSONValue {
        switch self {
        case .auto: "auto"
        case .none: "none"
        case .required: "required"
        case .function(let name): ["type": "function", "function": ["name": .string(name)]]
        }
    }
}

/// The shape the answer must have (`response_format`).
public enum ResponseFormat: Sendable, Hashable {
    /// Any JSON object (`{type: json_object}`).
    case jsonObject
    /// JSON that matches `schema` (`{type: json_schema, json_schema: {name, schema, strict}}`).
    case jsonSchema(name: String, schema: JSONValue, strict: Bool)

    var jsonValue: JSONValue {
        switch self {
        case .jsonObject: ["type": "json_object"]
        case .jsonSchema(let name, let schema, let strict):
            ["type": "json_schema", "json_schema": ["name": .string(name), "schema": schema, "strict": .bool(strict)]]
        }
    }
}
