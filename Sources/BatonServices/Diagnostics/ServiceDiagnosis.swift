import BatonWorkflow
import Foundation

/// What `service-diagnose` gathers about one service and what it concludes: its status and last
/// health checks, each instance's restarts and last event, the error lines of its recent logs,
/// the status of what it depends on and of what depends on it; findings ranked most severe
/// first, a failing dependency before the service's own symptoms (it is the likelier cause).
///
/// Metrics anomalies and root-cause ranking over the dependency graph need the monitor and are
/// listed as not checked.
public struct ServiceDiagnosis: Sendable {
    public var status: ServiceStatus
    public var dependencies: [ServiceStatus]
    public var dependents: [ServiceStatus]
    public var errorLines: [(instance: String, line: LogLine)]
    public var since: TimeInterval

    /// Lines worth a look: standard error, and lines that say error, panic, exception or fatal.
    public static func isErrorLine(_ line: LogLine) -> Bool {
        if line.stream == .err { return true }
        let lower = line.text.lowercased()
        return ["error", "panic", "exception", "fatal", "traceback"].contains { lower.contains($0) }
    }

    public static let notChecked = [
        "metrics anomalies (latency, error rate, CPU, memory against their history): needs the monitor, not built yet",
        "root-cause ranking over the dependency graph: needs the monitor, not built yet",
    ]

    public var findings: [Finding] {
        let name = status.name.rawValue
        var found: [(finding: Finding, cause: Bool)] = []
        for dependency in dependencies where dependency.overall != .healthy {
            let state = dependency.overall == .stopped ? "stopped" : dependency.overall.rawValue
            found.append((Finding(
                severity: .high, service: name, field: "depends_on.\(dependency.name)",
                message: "dependency \(dependency.name) is \(state) (\(dependency.readyCount) of \(dependency.replicas) ready)",
                advice: "diagnose \(dependency.name) first: \(name) cannot work without it"), true))
        }
        if status.desired == .running, status.overall != .healthy {
            found.append((Finding(
                severity: status.overall == .degraded ? .medium : .high, service: name,
                message: "\(name) is \(status.overall.rawValue): \(status.readyCount) of \(status.replicas) instance(s) ready"), false))
        }
        for instance in status.instances {
            if instance.restarts > 0 {
                found.append((Finding(
                    severity: instance.restarts >= 3 ? .high : .medium, service: name, field: "instances.\(instance.name)",
                    message: "instance \(instance.name) restarted \(instance.restarts) time(s)" + (instance.lastEvent.map { ": last \($0)" } ?? ""),
                    advice: "read its error lines below; a crash at start is usually configuration (environment, a missing dependency)"), false))
            }
            if instance.status == .unhealthy || instance.status == .crashed, let check = instance.lastCheck {
                found.append((Finding(
                    severity: .high, service: name, field: "instances.\(instance.name)", message: "instance \(instance.name) is \(instance.status.rawValue): last check \(check)"), false))
            }
        }
        if !errorLines.isEmpty, let last = errorLines.last {
            found.append((Finding(
                severity: .medium, service: name, field: "logs",
                message: "\(errorLines.count) error line(s) in the last \(Int(since)) s; the latest (\(last.instance)): \(last.line.text.prefix(300))"), false))
        }
        for dependent in dependents where dependent.overall != .healthy && dependent.desired == .running {
            found.append((Finding(severity: .low, service: name, field: "dependents.\(dependent.name)", message: "dependent \(dependent.name) is \(dependent.overall.rawValue)"), false))
        }
        return found.enumerated().sorted { left, right in
            if left.element.finding.severity != right.element.finding.severity { return left.element.finding.severity < right.element.finding.severity }
            if left.element.cause != right.element.cause { return left.element.cause }
            return left.offset < right.offset
        }.map(\.element.finding)
    }

    public var jsonValue: JSONValue {
        [
            "service": .string(status.name.rawValue), "status": status.jsonValue, "since": .integer(Int(since)),
            "findings": .array(findings.map(\.jsonValue)),
            "error_lines": .array(errorLines.suffix(50).map(ServiceFunctions.logLineJSON)),
            "dependencies": .array(dependencies.map(Self.brief)), "dependents": .array(dependents.map(Self.brief)),
            "not_checked": .array(Self.notChecked.map(JSONValue.string)),
        ]
    }

    private static func brief(_ status: ServiceStatus) -> JSONValue {
        ["name": .string(status.name.rawValue), "status": .string(status.overall.rawValue), "ready": .integer(status.readyCount), "replicas": .integer(status.replicas)]
    }
}

extension ServiceManager {
    /// Gathers a ``ServiceDiagnosis`` of `name` over the last `since` seconds of its logs.
    public func diagnose(_ name: ServiceName, since: TimeInterval) async throws(ServiceError) -> ServiceDiagnosis {
        let all = try await status()
        guard let status = all.first(where: { $0.name == name }) else { _ = try await declared(name); throw ServiceError(.notFound, "no service `\(name)`") }
        let dependencies = all.filter { status.dependsOn[$0.name] != nil }
        let dependents = all.filter { $0.dependsOn[name] != nil }
        let lines = (try? supervisor.logs(name, query: LogQuery(since: Date().addingTimeInterval(-since), tail: 5000))) ?? []
        return ServiceDiagnosis(
            status: status, dependencies: dependencies, dependents: dependents, errorLines: lines.filter { ServiceDiagnosis.isErrorLine($0.line) }, since: since)
    }
}
