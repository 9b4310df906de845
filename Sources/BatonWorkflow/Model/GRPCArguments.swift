/// The `with` of `call: grpc` (OWS dsl-reference.md §gRPC Call).
public struct GRPCArguments: Sendable, Hashable, DocumentCodable {
    public struct Service: Sendable, Hashable, DocumentCodable {
        public var name: String
        public var host: String
        public var port: Int?
        public var authentication: ReferenceableAuthenticationPolicy?

        public init(name: String, host: String, port: Int? = nil, authentication: ReferenceableAuthenticationPolicy? = nil) {
            self.name = name
            self.host = host
            self.port = port
            self.authentication = authentication
        }

        public init(from reader: DocumentReader) throws(Diagnostic) {
            self = try reader.object { (object) throws(Diagnostic) in
                let port: Int? = try object.optional("port") { (reader) throws(Diagnostic) in
                    let port = try reader.integer()
                    guard (0...65535).contains(port) else { throw reader.error("a port is between 0 and 65535", code: "model.range") }
                    return port
                }
                return Service(name: try object.required("name"), host: try object.required("host"), port: port, authentication: try object.optional("authentication"))
            }
        }

        public var documentValue: JSONValue {
            var writer = ObjectWriter()
            writer.set("name", name)
            writer.set("host", host)
            writer.set("port", port)
            writer.set("authentication", authentication)
            return writer.value
        }
    }

    public var proto: ExternalResource
    public var service: Service
    public var method: String
    public var arguments: [String: JSONValue]?

    public init(proto: ExternalResource, service: Service, method: String, arguments: [String: JSONValue]? = nil) {
        self.proto = proto
        self.service = service
        self.method = method
        self.arguments = arguments
    }

    public init(from reader: DocumentReader) throws(Diagnostic) {
        self = try reader.object { (object) throws(Diagnostic) in
            GRPCArguments(proto: try object.required("proto"), service: try object.required("service"), method: try object.required("method"), arguments: try object.optional("arguments"))
        }
    }

    public var documentValue: JSONValue {
        var writer = ObjectWriter()
        writer.set("proto", proto)
        writer.set("service", service)
        writer.set("method", method)
        writer.set("arguments", arguments)
        return writer.value
    }
}
