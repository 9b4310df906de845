/// The `with` of `call: mcp`, a call to a Model Context Protocol server (OWS dsl-reference.md
/// §MCP Call, §MCP Transport, §MCP Client).
public struct MCPArguments: Sendable, Hashable, DocumentCodable {
    public enum Method: String, DocumentStringEnum {
        case toolsList = "tools/list"
        case toolsCall = "tools/call"
        case promptsList = "prompts/list"
        case promptsGet = "prompts/get"
        case resourcesList = "resources/list"
        case resourcesRead = "resources/read"
        case resourceTemplatesList = "resources/templates/list"
    }

    /// How to reach the server: over HTTP or by starting it and talking on its standard streams.
    public struct Transport: Sendable, Hashable, DocumentCodable {
        public enum Kind: Sendable, Hashable {
            case http(endpoint: Endpoint, headers: [String: String]?)
            case stdio(command: String, arguments: [String]?, environment: [String: String]?)
        }

        public var kind: Kind
        public var options: [String: String]?

        public init(kind: Kind, options: [String: String]? = nil) {
            self.kind = kind
            self.options = options
        }

        public init(from reader: DocumentReader) throws(Diagnostic) {
            self = try reader.object { (object) throws(Diagnostic) in
                let options: [String: String]? = try object.optional("options")
                switch object.presentKeys(among: ["http", "stdio"]) {
                case ["http"]:
                    let kind = try object.required("http") { (reader) throws(Diagnostic) in
                        try reader.object { (http) throws(Diagnostic) in
                            Kind.http(endpoint: try http.required("endpoint"), headers: try http.optional("headers"))
                        }
                    }
                    return Transport(kind: kind, options: options)
                case ["stdio"]:
                    let kind = try object.required("stdio") { (reader) throws(Diagnostic) in
                        try reader.object { (stdio) throws(Diagnostic) in
                            Kind.stdio(command: try stdio.required("command"), arguments: try stdio.optional("arguments"), environment: try stdio.optional("environment"))
                        }
                    }
                    return Transport(kind: kind, options: options)
                case []:
                    _ = object.reader("http")
                    _ = object.reader("stdio")
                    try object.checkUnknownKeys()
                    throw object.error("an MCP transport needs `http` or `stdio`", code: "model.one-of")
                default:
                    throw object.error(atKey: "stdio", "an MCP transport has either `http` or `stdio`, not both", code: "model.one-of")
                }
            }
        }

        public var documentValue: JSONValue {
            var writer = ObjectWriter()
            switch kind {
            case .http(let endpoint, let headers):
                var http = ObjectWriter()
                http.set("endpoint", endpoint)
                http.set("headers", headers)
                writer.set("http", json: http.value)
            case .stdio(let command, let arguments, let environment):
                var stdio = ObjectWriter()
                stdio.set("command", command)
                stdio.set("arguments", arguments)
                stdio.set("environment", environment)
                writer.set("stdio", json: stdio.value)
            }
            writer.set("options", options)
            return writer.value
        }
    }

    /// The client identity announced to the server.
    public struct Client: Sendable, Hashable, DocumentCodable {
        public var name: String
        public var version: String

        public init(name: String, version: String) {
            self.name = name
            self.version = version
        }

        public init(from reader: DocumentReader) throws(Diagnostic) {
            self = try reader.object { (object) throws(Diagnostic) in Client(name: try object.required("name"), version: try object.required("version")) }
        }

        public var documentValue: JSONValue { ["name": .string(name), "version": .string(version)] }
    }

    /// Defaults to `2025-06-18`.
    public var protocolVersion: String?
    public var method: Method
    public var parameters: ExpressionTemplate?
    public var timeout: WorkflowDuration?
    public var transport: Transport
    public var client: Client?

    public init(protocolVersion: String? = nil, method: Method, parameters: ExpressionTemplate? = nil, timeout: WorkflowDuration? = nil, transport: Transport, client: Client? = nil) {
        self.protocolVersion = protocolVersion
        self.method = method
        self.parameters = parameters
        self.timeout = timeout
        self.transport = transport
        self.client = client
    }

    public init(from reader: DocumentReader) throws(Diagnostic) {
        self = try reader.object { (object) throws(Diagnostic) in
            MCPArguments(
                protocolVersion: try object.optional("protocolVersion"), method: try object.required("method"),
                parameters: try object.optional("parameters"), timeout: try object.optional("timeout"),
                transport: try object.required("transport"), client: try object.optional("client")
            )
        }
    }

    public var documentValue: JSONValue {
        var writer = ObjectWriter()
        writer.set("protocolVersion", protocolVersion)
        writer.set("method", method)
        writer.set("parameters", parameters)
        writer.set("timeout", timeout)
        writer.set("transport", transport)
        writer.set("client", client)
        return writer.value
    }
}
