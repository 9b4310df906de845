import BatonWorkflow
import Foundation

extension ServiceFunctions {
    /// `service-diagnose`, `service-audit`.
    static var diagnosticDefinitions: [(name: String, schema: JSONValue, body: Body)] {
        [
            ("service-diagnose", [
                "type": "object", "required": ["service"], "additionalProperties": false,
                "description": "Investigates a service: status and last health checks, restarts and last events per instance, recent error lines of its logs, the status of its dependencies and dependents; findings ranked most severe first, and what was not checked.",
                "properties": [
                    "service": ["type": "string", "minLength": 1, "description": "the service's name"],
                    "since": ["type": "integer", "minimum": 1, "default": 3600, "description": "seconds of logs to look at"],
                ],
            ], { manager, arguments throws(ServiceError) in
                let name = try serviceName(arguments["service"])
                return try await manager.diagnose(name, since: TimeInterval(arguments["since"]?.intValue ?? 3600)).jsonValue
            }),
            ("service-audit", [
                "type": "object", "additionalProperties": false,
                "description": "Checks services' current definitions for exposed ports, plain-text secrets, running as root, unpinned images, missing health checks, no restart and no resource limits. Output: findings (severity, service, field, message, advice), counts by severity, not_checked.",
                "properties": ["scope": ["type": "string", "minLength": 1, "default": "all", "description": "all, or a service name"]],
            ], { manager, arguments throws(ServiceError) in
                let scope = arguments["scope"]?.stringValue ?? "all"
                let definitions: [ServiceDefinition]
                if scope == "all" {
                    definitions = try await manager.declared().map(\.definition)
                } else {
                    definitions = [try await manager.declared(try serviceName(.string(scope))).definition]
                }
                let audit = ServiceAudit()
                let findings = definitions.flatMap(audit.findings(of:)).enumerated().sorted { left, right in
                    left.element.severity != right.element.severity ? left.element.severity < right.element.severity : left.offset < right.offset
                }.map(\.element)
                var counts: [String: JSONValue] = [:]
                for severity in Finding.Severity.allCases { counts[severity.rawValue] = .integer(findings.filter { $0.severity == severity }.count) }
                return [
                    "scope": .string(scope), "services": .array(definitions.map { .string($0.name.rawValue) }), "findings": .array(findings.map(\.jsonValue)),
                    "counts": .object(counts), "not_checked": .array(ServiceAudit.notChecked.map(JSONValue.string)),
                ]
            }),
        ]
    }

    /// `http-load`.
    static var loadDefinitions: [(name: String, schema: JSONValue, body: Body)] {
        [
            ("http-load", [
                "type": "object", "required": ["target"], "additionalProperties": false,
                "description": "Sends open-loop HTTP GET load to a service (its stable port on 127.0.0.1) or a URL at a fixed rate; reports requests, errors by status or connection, dropped ticks and p50/p95/p99 latency in ms.",
                "properties": [
                    "target": ["type": "string", "minLength": 1, "description": "a service name, or an http(s) URL"],
                    "rps": ["type": "integer", "minimum": 1, "maximum": 5000, "default": 50],
                    "duration": ["type": "integer", "minimum": 1, "maximum": 3600, "default": 60, "description": "seconds"],
                    "path": ["type": "string", "pattern": "^/", "description": "the path to request on a service (default /), or added to a URL without one"],
                ],
            ], { manager, arguments throws(ServiceError) in
                let target = arguments["target"]?.stringValue ?? ""
                let path = arguments["path"]?.stringValue
                let url: String
                if target.hasPrefix("http://") || target.hasPrefix("https://") {
                    let hasPath = URL(string: target).map { !$0.path.isEmpty } ?? false
                    url = hasPath || path == nil ? target : target + (path ?? "")
                } else {
                    let name = try serviceName(.string(target))
                    guard let port = try await manager.declared(name).definition.ports.first?.port else {
                        throw ServiceError(.invalid, "with.target: service `\(name)` has no port to send HTTP to")
                    }
                    url = "http://127.0.0.1:\(port)\(path ?? "/")"
                }
                let rps = arguments["rps"]?.intValue ?? 50
                let seconds = arguments["duration"]?.intValue ?? 60
                let report = await HTTPLoad(url: url, rate: rps, duration: .seconds(seconds)).run()
                var output = report.jsonValue.objectValue ?? [:]
                output["target"] = .string(target)
                output["url"] = .string(url)
                output["rps"] = .integer(rps)
                output["duration"] = .integer(seconds)
                return .object(output)
            }),
        ]
    }
}
