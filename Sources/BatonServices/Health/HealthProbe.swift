/// How the supervisor decides whether an instance is healthy, and how long it waits to know.
///
/// An instance is probed on its own allocated port (``Target/port``) unless the probe names
/// another — a service whose health endpoint listens beside its main port.
public struct HealthProbe: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// `GET http://<host>:<port><path>` with `Connection: close`; a 2xx or 3xx status is
        /// healthy (a redirect means the server is up and answering), anything else or no
        /// answer is not.
        case http(path: String, port: Int? = nil)
        /// A TCP connection is accepted.
        case tcp(port: Int? = nil)
        /// A command run in the instance's environment and working directory exits with 0.
        /// The first element is the program, found on the `PATH` of that environment unless it
        /// holds a `/`.
        case command([String])
    }

    public var kind: Kind
    /// How long a probe may take; past it the probe is unhealthy, and a command's whole
    /// process group is killed.
    public var timeout: Duration

    public init(_ kind: Kind, timeout: Duration = .seconds(1)) {
        self.kind = kind
        self.timeout = timeout
    }

    /// An HTTP probe of `path` (`/health`).
    public static func http(_ path: String, port: Int? = nil, timeout: Duration = .seconds(1)) -> HealthProbe {
        HealthProbe(.http(path: path, port: port), timeout: timeout)
    }

    /// A TCP connect probe.
    public static func tcp(port: Int? = nil, timeout: Duration = .seconds(1)) -> HealthProbe {
        HealthProbe(.tcp(port: port), timeout: timeout)
    }

    /// A command probe (`["pg_isready", "-q"]`).
    public static func command(_ arguments: [String], timeout: Duration = .seconds(1)) -> HealthProbe {
        HealthProbe(.command(arguments), timeout: timeout)
    }

    /// The instance a probe looks at.
    public struct Target: Sendable, Hashable {
        /// The address HTTP and TCP probes connect to: the loopback address instances listen on.
        public var host: String
        /// The instance's allocated port, if it has one.
        public var port: Int?
        /// The environment a command probe runs with — exactly this, nothing inherited — so that
        /// it sees what the instance sees (`PORT`, `DATABASE_URL`).
        public var environment: [String: String]
        /// The directory a command probe runs in; Baton's own when `nil`.
        public var workingDirectory: String?

        public init(host: String = "127.0.0.1", port: Int? = nil, environment: [String: String] = [:], workingDirectory: String? = nil) {
            self.host = host
            self.port = port
            self.environment = environment
            self.workingDirectory = workingDirectory
        }
    }
}
