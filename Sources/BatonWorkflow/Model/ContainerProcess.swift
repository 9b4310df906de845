/// A container to run (OWS dsl-reference.md §Container Process).
public struct ContainerProcess: Sendable, Hashable, DocumentCodable {
    public enum PullPolicy: String, DocumentStringEnum {
        case ifNotPresent, always, never
    }

    /// When to remove the container (OWS dsl-reference.md §Container Lifetime).
    public struct Lifetime: Sendable, Hashable, DocumentCodable {
        public enum Cleanup: String, DocumentStringEnum {
            case always, never, eventually
        }

        public var cleanup: Cleanup
        /// How long after the run to clean up; required for, and only for, `eventually`.
        public var after: WorkflowDuration?

        public init(cleanup: Cleanup, after: WorkflowDuration? = nil) {
            self.cleanup = cleanup
            self.after = after
        }

        public init(from reader: DocumentReader) throws(Diagnostic) {
            self = try reader.object { (object) throws(Diagnostic) in
                let lifetime = Lifetime(cleanup: try object.required("cleanup"), after: try object.optional("after"))
                if lifetime.cleanup == .eventually, lifetime.after == nil {
                    throw object.error("missing required key `after`: cleanup `eventually` needs to know after how long", code: "model.required")
                }
                if lifetime.cleanup != .eventually, lifetime.after != nil {
                    throw object.error(atKey: "after", "`after` applies only to cleanup `eventually`", code: "model.invalid")
                }
                return lifetime
            }
        }

        public var documentValue: JSONValue {
            var writer = ObjectWriter()
            writer.set("cleanup", cleanup)
            writer.set("after", after)
            return writer.value
        }
    }

    public var image: String
    /// A runtime expression, if any, naming the container.
    public var name: String?
    public var command: String?
    public var ports: [String: JSONValue]?
    public var volumes: [String: JSONValue]?
    public var environment: [String: JSONValue]?
    public var stdin: String?
    public var arguments: [String]?
    public var lifetime: Lifetime?
    /// Defaults to `ifNotPresent`.
    public var pullPolicy: PullPolicy?

    public init(
        image: String, name: String? = nil, command: String? = nil, ports: [String: JSONValue]? = nil, volumes: [String: JSONValue]? = nil,
        environment: [String: JSONValue]? = nil, stdin: String? = nil, arguments: [String]? = nil, lifetime: Lifetime? = nil, pullPolicy: PullPolicy? = nil
    ) {
        self.image = image
        self.name = name
        self.command = command
        self.ports = ports
        self.volumes = volumes
        self.environment = environment
        self.stdin = stdin
        self.arguments = arguments
        self.lifetime = lifetime
        self.pullPolicy = pullPolicy
    }

    public init(from reader: DocumentReader) throws(Diagnostic) {
        self = try reader.object { (object) throws(Diagnostic) in
            ContainerProcess(
                image: try object.required("image"), name: try object.optional("name"), command: try object.optional("command"),
                ports: try object.optional("ports"), volumes: try object.optional("volumes"), environment: try object.optional("environment"),
                stdin: try object.optional("stdin"), arguments: try object.optional("arguments"), lifetime: try object.optional("lifetime"),
                pullPolicy: try object.optional("pullPolicy")
            )
        }
    }

    public var documentValue: JSONValue {
        var writer = ObjectWriter()
        writer.set("image", image)
        writer.set("name", name)
        writer.set("command", command)
        writer.set("ports", ports)
        writer.set("volumes", volumes)
        writer.set("environment", environment)
        writer.set("stdin", stdin)
        writer.set("arguments", arguments)
        writer.set("lifetime", lifetime)
        writer.set("pullPolicy", pullPolicy)
        return writer.value
    }
}
