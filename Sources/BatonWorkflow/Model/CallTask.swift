/// Calls a service or a function (OWS dsl-reference.md §Call): one of the built-in protocols,
/// each with its own `with`, or a custom function by name, catalog reference or URI.
public enum CallTask: Sendable, Hashable, TaskConfiguration {
    case http(HTTPArguments)
    case grpc(GRPCArguments)
    case openapi(OpenAPIArguments)
    case asyncapi(AsyncAPIArguments)
    case a2a(A2AArguments)
    case mcp(MCPArguments)
    case function(FunctionCall)

    /// The `call` values that name a built-in protocol rather than a function.
    public static let builtInNames = ["asyncapi", "grpc", "http", "openapi", "a2a", "mcp"]

    init(reading object: inout ObjectReader) throws(Diagnostic) {
        let name: String = try object.required("call")
        switch name {
        case "http": self = .http(try object.required("with"))
        case "grpc": self = .grpc(try object.required("with"))
        case "openapi": self = .openapi(try object.required("with"))
        case "asyncapi": self = .asyncapi(try object.required("with"))
        case "a2a": self = .a2a(try object.required("with"))
        case "mcp": self = .mcp(try object.required("with"))
        default:
            let reference = FunctionReference(name)
            if case .named(let plain) = reference, plain.isEmpty {
                throw object.error(atKey: "call", "`call` needs the name of a function or one of \(Self.builtInNames.joined(separator: ", "))", code: "model.empty")
            }
            self = .function(FunctionCall(function: reference, with: try object.optional("with")))
        }
    }

    /// The `call` value as written.
    public var callName: String {
        switch self {
        case .http: "http"
        case .grpc: "grpc"
        case .openapi: "openapi"
        case .asyncapi: "asyncapi"
        case .a2a: "a2a"
        case .mcp: "mcp"
        case .function(let call): call.function.text
        }
    }

    func write(to writer: inout ObjectWriter) {
        writer.set("call", callName)
        switch self {
        case .http(let arguments): writer.set("with", arguments)
        case .grpc(let arguments): writer.set("with", arguments)
        case .openapi(let arguments): writer.set("with", arguments)
        case .asyncapi(let arguments): writer.set("with", arguments)
        case .a2a(let arguments): writer.set("with", arguments)
        case .mcp(let arguments): writer.set("with", arguments)
        case .function(let call): writer.set("with", call.with)
        }
    }
}

/// A call of a custom function with its arguments (`with` is an open mapping).
public struct FunctionCall: Sendable, Hashable {
    public var function: FunctionReference
    public var with: [String: JSONValue]?

    public init(function: FunctionReference, with: [String: JSONValue]? = nil) {
        self.function = function
        self.with = with
    }
}
