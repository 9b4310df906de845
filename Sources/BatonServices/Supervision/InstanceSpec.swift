/// Everything needed to start one instance of a service: the resolved command, its whole
/// environment and its ports.
public struct InstanceSpec: Sendable, Hashable {
    /// `web-3`: the service's name and an ordinal that is never reused while the supervisor runs.
    public var name: String
    public var service: ServiceName
    public var revision: Int
    public var definition: ServiceDefinition
    /// The instance's own ports, one per stable port of the service (`PORT`, `PORT_1`, …); one
    /// port when the service declares none, so that every instance has a `PORT`.
    public var ports: [Int]
    /// The whole environment of the process.
    public var environment: [String: String]

    /// The port health checks and the proxy use.
    public var port: Int { ports[0] }

    /// The environment an instance gets: the variables of Baton's own it passes on (`PATH`, `HOME`,
    /// locale…), the definition's, then Baton's, which win: `PORT` (and `PORT_<i>` for further
    /// ports), `BATON_INSTANCE`, `BATON_SERVICE`, `BATON_REVISION`, `BATON_VERSION` (when the
    /// definition has a version), `SERVICE_NAME` (unless the definition sets it).
    public static func environment(
        for definition: ServiceDefinition, instance: String, revision: Int, ports: [Int], inherited: [String: String]
    ) -> [String: String] {
        var environment = inherited
        environment.merge(definition.environment, uniquingKeysWith: { $1 })
        if environment["SERVICE_NAME"] == nil || definition.environment["SERVICE_NAME"] == nil {
            environment["SERVICE_NAME"] = definition.name.rawValue
        }
        environment["PORT"] = String(ports[0])
        for (index, port) in ports.enumerated().dropFirst() { environment["PORT_\(index)"] = String(port) }
        environment["BATON_INSTANCE"] = instance
        environment["BATON_SERVICE"] = definition.name.rawValue
        environment["BATON_REVISION"] = String(revision)
        if let version = definition.version { environment["BATON_VERSION"] = version }
        return environment
    }
}
