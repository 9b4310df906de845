import BatonWorkflow
import Foundation

/// A service as `baton ps` shows it: declared state and what runs, instance by instance.
public struct ServiceStatus: Sendable, Hashable {
    public enum Overall: String, Sendable, Hashable {
        /// Every instance ready (healthy, or running without a check).
        case healthy
        /// Some instances ready, not all.
        case degraded
        /// Instances starting, none ready yet.
        case starting
        /// None ready: unhealthy, crashed or restarting.
        case unhealthy
        /// Declared stopped, or 0 replicas.
        case stopped
    }

    public var name: ServiceName
    public var project: String
    public var revision: Int
    public var version: String?
    public var desired: StoredService.Desired
    public var replicas: Int
    public var overall: Overall
    public var ports: [PortBinding]
    public var dependsOn: [ServiceName: ServiceDefinition.DependencyCondition]
    public var instances: [InstanceRunner.Snapshot]

    public var readyCount: Int { instances.filter { $0.status == .healthy || $0.status == .running }.count }

    public var jsonValue: JSONValue {
        var object: [String: JSONValue] = [
            "name": .string(name.rawValue), "project": .string(project), "revision": .integer(revision), "desired": .string(desired.rawValue),
            "replicas": .integer(replicas), "ready": .integer(readyCount), "status": .string(overall.rawValue),
            "ports": .array(ports.map { .string($0.description) }),
            "depends_on": .object(Dictionary(uniqueKeysWithValues: dependsOn.map { ($0.key.rawValue, JSONValue.string($0.value.rawValue)) })),
            "instances": .array(instances.map(Self.instanceJSON)),
        ]
        if let version { object["version"] = .string(version) }
        return .object(object)
    }

    static func instanceJSON(_ instance: InstanceRunner.Snapshot) -> JSONValue {
        var object: [String: JSONValue] = [
            "name": .string(instance.name), "revision": .integer(instance.revision), "status": .string(instance.status.rawValue),
            "port": .integer(instance.port), "restarts": .integer(instance.restarts), "in_traffic": .bool(instance.inTraffic),
        ]
        if let pid = instance.pid { object["pid"] = .integer(Int(pid)) }
        if let startedAt = instance.startedAt {
            object["started_at"] = .string(ISO8601DateFormatter().string(from: startedAt))
            object["uptime_seconds"] = .number((Date().timeIntervalSince(startedAt) * 10).rounded() / 10)
        }
        if let cpu = instance.cpuPercent { object["cpu_percent"] = .number((cpu * 10).rounded() / 10) }
        if let memory = instance.residentBytes { object["memory_bytes"] = .integer(Int(memory)) }
        if let event = instance.lastEvent { object["last_event"] = .string(event) }
        if let check = instance.lastCheck { object["last_check"] = .string(check) }
        return .object(object)
    }
}

extension ServiceManager {
    /// Every declared service with what runs of it, in dependency order.
    public func status() async throws(ServiceError) -> [ServiceStatus] {
        let all = try await declared()
        let order = (try? ServiceGraph(all.map(\.definition)).startOrder) ?? all.map(\.service.name)
        let byName = Dictionary(uniqueKeysWithValues: all.map { ($0.service.name, $0) })
        return order.compactMap { name in byName[name].map(status(of:)) }
    }

    public func status(_ name: ServiceName) async throws(ServiceError) -> ServiceStatus {
        status(of: try await declared(name))
    }

    private func status(of declared: Declared) -> ServiceStatus {
        let snapshot = try? supervisor.snapshot(declared.service.name)
        let instances = snapshot?.instances ?? []
        let ready = instances.filter { $0.status == .healthy || $0.status == .running }.count
        let overall: ServiceStatus.Overall
        if declared.service.desired == .stopped || snapshot == nil || declared.service.replicas == 0 && instances.isEmpty {
            overall = .stopped
        } else if ready >= declared.service.replicas && ready > 0 {
            overall = .healthy
        } else if ready > 0 {
            overall = .degraded
        } else if instances.contains(where: { $0.status == .starting }) {
            overall = .starting
        } else {
            overall = .unhealthy
        }
        let definition = snapshot?.definition ?? declared.definition
        return ServiceStatus(
            name: declared.service.name, project: declared.service.project, revision: snapshot?.revision ?? declared.revision.number,
            version: definition.version, desired: declared.service.desired, replicas: declared.service.replicas, overall: overall,
            ports: definition.ports, dependsOn: definition.dependsOn, instances: instances)
    }
}
