/// One service as declared: what to run, how many, how to tell it works, what it needs first.
///
/// The shape is docker-compose's, so a compose user reads it at once (`ports`, `environment`,
/// `healthcheck`, `restart`, `depends_on`, `labels`, `stop_grace_period`), with what a supervisor
/// of local processes needs beside it: `replicas` and `update` at the top, restart back-off, and
/// health checks by HTTP path or TCP port as well as by command. ``ServiceDefinition/documentValue``
/// is its one canonical written form: what a revision stores, the API returns and `history`
/// compares.
public struct ServiceDefinition: Sendable, Hashable {
    public enum DependencyCondition: String, Sendable, Hashable, CaseIterable {
        /// The dependency's instances have started.
        case started
        /// The dependency's instances are healthy (started, for a service without a health check).
        case healthy
    }

    public var name: ServiceName
    /// The program and its arguments (exec form, no shell): a bare program name is looked up on
    /// `PATH` and beside the `baton` executable; a path with a `/` is relative to `workingDirectory`.
    /// Empty when the service is an `image`.
    public var command: [String]
    /// A container image, for the container drivers; the local driver refuses it, saying so.
    public var image: String?
    /// The instances' environment, `env_file`s already merged in (later wins; `environment` over files).
    public var environment: [String: String]
    /// An absolute directory: the instances' working directory.
    public var workingDirectory: String
    /// Stable ports (127.0.0.1 unless an address is given): the first is proxied to the instances'
    /// `PORT`, each further one to `PORT_<i>` (1-based), so clients never see an instance come or go.
    public var ports: [PortBinding]
    public var replicas: Int
    public var healthCheck: HealthCheck?
    public var restart: RestartPolicy
    public var dependsOn: [ServiceName: DependencyCondition]
    public var resources: ResourceLimits
    public var labels: [String: String]
    /// A version label (an image tag, a release number): shown in `ps`/`history`, given to
    /// instances as `BATON_VERSION`.
    public var version: String?
    /// The signal that asks an instance to stop (`SIGTERM`), and how long it gets before `SIGKILL`.
    public var stopSignal: String
    public var stopGracePeriod: Duration
    public var update: UpdatePolicy

    public init(
        name: ServiceName, command: [String] = [], image: String? = nil, environment: [String: String] = [:], workingDirectory: String,
        ports: [PortBinding] = [], replicas: Int = 1, healthCheck: HealthCheck? = nil, restart: RestartPolicy = RestartPolicy(),
        dependsOn: [ServiceName: DependencyCondition] = [:], resources: ResourceLimits = ResourceLimits(), labels: [String: String] = [:],
        version: String? = nil, stopSignal: String = "SIGTERM", stopGracePeriod: Duration = .seconds(10), update: UpdatePolicy = UpdatePolicy()
    ) {
        self.name = name
        self.command = command
        self.image = image
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.ports = ports
        self.replicas = replicas
        self.healthCheck = healthCheck
        self.restart = restart
        self.dependsOn = dependsOn
        self.resources = resources
        self.labels = labels
        self.version = version
        self.stopSignal = stopSignal
        self.stopGracePeriod = stopGracePeriod
        self.update = update
    }

    /// The definition without its replica count: what a revision is. Scaling changes how many
    /// instances run, not what they are, so it makes no revision and a rollback keeps the count
    /// (as `kubectl rollout undo` does).
    public var template: ServiceDefinition {
        var copy = self
        copy.replicas = 0
        return copy
    }
}

/// A stable port of a service: where Baton listens for its clients.
public struct PortBinding: Sendable, Hashable, CustomStringConvertible {
    /// The address to listen on: `127.0.0.1` unless the definition says otherwise (`0.0.0.0:8080`).
    public var address: String
    public var port: Int

    public static let defaultAddress = "127.0.0.1"

    public init(address: String = PortBinding.defaultAddress, port: Int) {
        self.address = address
        self.port = port
    }

    /// `8080`, or `0.0.0.0:8080` when the address is not the default.
    public var description: String { address == Self.defaultAddress ? "\(port)" : "\(address):\(port)" }
}
