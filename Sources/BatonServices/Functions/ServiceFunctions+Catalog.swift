import BatonWorkflow
import Foundation

extension ServiceFunctions {
    typealias Body = @Sendable (ServiceManager, JSONValue) async throws(ServiceError) -> JSONValue

    /// Every function: its name, the schema of its `with`, what it does.
    static let definitions: [(name: String, schema: JSONValue, body: Body)] =
        serviceDefinitions + databaseDefinitions + diagnosticDefinitions + loadDefinitions

    /// The operations on one service's definition and instances.
    static let serviceDefinitions: [(name: String, schema: JSONValue, body: Body)] = {
        func call(_ body: @escaping Body) -> Body { body }
        let service: JSONValue = ["type": "string", "description": "the service's name", "minLength": 1]
        let duration: JSONValue = ["type": ["string", "integer"], "description": "a duration: 30s, 2m, or a number of seconds"]
        let command: JSONValue = ["type": ["string", "array"], "items": ["type": "string"], "description": "the program and its arguments (a string is split into words like a shell, without one)"]
        return [
            ("service-deploy", [
                "type": "object", "required": ["name"], "additionalProperties": false,
                "description": "Defines a service (or changes it: a new revision rolled out by its update strategy) and starts it.",
                "properties": [
                    "name": service, "command": command, "image": ["type": "string"], "args": ["type": "array", "items": ["type": "string"]],
                    "port": ["type": "integer", "minimum": 1, "maximum": 65535, "description": "the stable port (same as ports: [port])"],
                    "ports": ["type": "array", "items": ["type": ["integer", "string"]]],
                    "replicas": ["type": "integer", "minimum": 0], "env": ["type": "object"], "environment": ["type": ["object", "array"]],
                    "env_file": ["type": ["string", "array"]], "working_dir": ["type": "string"],
                    "health_path": ["type": "string", "description": "an HTTP health check on this path (same as healthcheck: {http: path})"],
                    "healthcheck": ["type": "object"], "restart": ["type": ["string", "object"]], "depends_on": ["type": ["array", "object"]],
                    "resources": ["type": "object"], "labels": ["type": ["object", "array"]], "version": ["type": ["string", "number"]],
                    "stop_signal": ["type": "string"], "stop_grace_period": duration, "update": ["type": "object"],
                    "project": ["type": "string", "description": "the project it belongs to; default: its own name"],
                    "wait": ["type": "boolean", "default": true, "description": "wait until it is healthy"], "timeout": duration,
                ],
            ], call { manager, arguments throws(ServiceError) in try await deploy(manager, arguments) }),
            ("service-update", [
                "type": "object", "required": ["service"], "additionalProperties": false,
                "description": "Changes a service's definition: the keys of `changes` replace those of the current revision (a service file's keys); a new revision rolled out by `strategy` (default: the service's update policy).",
                "properties": [
                    "service": service, "changes": ["type": "object"], "version": ["type": ["string", "number"]],
                    "strategy": ["enum": ["rolling", "blue-green", "canary"]], "batch_size": ["type": "integer", "minimum": 1],
                    "health_timeout": duration, "auto_rollback": ["type": "boolean"], "canary_percent": ["type": "number", "exclusiveMinimum": 0, "maximum": 100],
                    "canary_duration": duration, "max_error_rate": ["type": "number", "minimum": 0, "maximum": 1], "auto_promote": ["type": "boolean"],
                ],
            ], call { manager, arguments throws(ServiceError) in try await update(manager, arguments) }),
            ("service-scale", [
                "type": "object", "required": ["service", "replicas"], "additionalProperties": false,
                "description": "Sets the number of instances.",
                "properties": ["service": service, "replicas": ["type": "integer", "minimum": 0]],
            ], call { manager, arguments throws(ServiceError) in
                let name = try serviceName(arguments["service"])
                try await manager.scale(name, replicas: arguments["replicas"]?.intValue ?? 0)
                return try await manager.status(name).jsonValue
            }),
            ("service-restart", [
                "type": "object", "required": ["service"], "additionalProperties": false,
                "description": "Restarts a service's instances, one at a time (each new one healthy before the old one stops) unless rolling is false.",
                "properties": ["service": service, "rolling": ["type": "boolean", "default": true]],
            ], call { manager, arguments throws(ServiceError) in
                let name = try serviceName(arguments["service"])
                try await manager.restart(name, rolling: arguments["rolling"]?.boolValue ?? true)
                return try await manager.status(name).jsonValue
            }),
            ("service-stop", [
                "type": "object", "required": ["service"], "additionalProperties": false,
                "description": "Stops a service's instances (gracefully); its definition stays.",
                "properties": ["service": service],
            ], call { manager, arguments throws(ServiceError) in
                let name = try serviceName(arguments["service"])
                try await manager.stop(name)
                return try await manager.status(name).jsonValue
            }),
            ("service-remove", [
                "type": "object", "required": ["service"], "additionalProperties": false,
                "description": "Stops a service and removes its definition and revisions. Its logs and working directory stay on disk (keep_data: false is refused: the local driver never deletes files).",
                "properties": ["service": service, "keep_data": ["type": "boolean", "default": true]],
            ], call { manager, arguments throws(ServiceError) in
                let name = try serviceName(arguments["service"])
                if arguments["keep_data"]?.boolValue == false {
                    throw ServiceError(.invalid, "keep_data: false is not supported by the local driver: it never deletes a service's files; remove them yourself")
                }
                try await manager.remove(name)
                return ["service": .string(name.rawValue), "removed": true]
            }),
            ("service-rollback", [
                "type": "object", "required": ["service"], "additionalProperties": false,
                "description": "Returns a service to its previous revision, or to the revision given.",
                "properties": ["service": service, "revision": ["type": ["integer", "string"], "description": "a revision number, or \"previous\" (the default)"]],
            ], call { manager, arguments throws(ServiceError) in
                let name = try serviceName(arguments["service"])
                var target: Int?
                switch arguments["revision"] {
                case .integer(let number)?: target = number
                case .string(let text)? where text != "previous":
                    guard let number = Int(text) else { throw ServiceError(.invalid, "revision is a number or \"previous\", not “\(text)”") }
                    target = number
                default: target = nil
                }
                return updateJSON(try await manager.rollback(name, to: target))
            }),
            ("service-status", [
                "type": "object", "additionalProperties": false,
                "description": "The status of one service, or of all (`all` or no service).",
                "properties": ["service": service],
            ], call { manager, arguments throws(ServiceError) in
                if let text = arguments["service"]?.stringValue, text != "all" {
                    return try await manager.status(try serviceName(.string(text))).jsonValue
                }
                let all = try await manager.status()
                return ["services": .array(all.map(\.jsonValue)), "healthy": .bool(all.allSatisfy { $0.overall == .healthy || $0.overall == .stopped })]
            }),
            ("service-wait-healthy", [
                "type": "object", "required": ["service"], "additionalProperties": false,
                "description": "Waits until every instance of the service is ready; a timeout error (408) when it is not within `timeout` (default 60s).",
                "properties": ["service": service, "timeout": duration],
            ], call { manager, arguments throws(ServiceError) in
                let name = try serviceName(arguments["service"])
                let timeout = try durationArgument(arguments["timeout"], default: .seconds(60))
                guard try await manager.waitUntilHealthy(name, timeout: timeout) else {
                    throw ServiceError(.timeout, "`\(name)` is not healthy after \(DurationText.format(timeout))\(manager.instanceProblems(name))")
                }
                return try await manager.status(name).jsonValue
            }),
            ("service-logs", [
                "type": "object", "required": ["service"], "additionalProperties": false,
                "description": "The last lines of a service's logs (all its instances, by time), filtered.",
                "properties": [
                    "service": service, "tail": ["type": "integer", "minimum": 1, "default": 100], "since": duration,
                    "grep": ["type": "string", "description": "keep lines containing this text"],
                ],
            ], call { manager, arguments throws(ServiceError) in
                let name = try serviceName(arguments["service"])
                _ = try await manager.declared(name)
                let since = try arguments["since"].map { value throws(ServiceError) in Date().addingTimeInterval(-(try durationArgument(value, default: .zero)).timeInterval) }
                let query = LogQuery(since: since, grep: arguments["grep"]?.stringValue.map(LogPattern.substring), tail: arguments["tail"]?.intValue ?? 100)
                let lines = try manager.supervisor.logs(name, query: query)
                return ["service": .string(name.rawValue), "lines": .array(lines.map(logLineJSON))]
            }),
            ("service-exec", [
                "type": "object", "required": ["service", "command"], "additionalProperties": false,
                "description": "Runs a command beside a running instance (its environment and working directory), like docker exec; its exit code and output.",
                "properties": ["service": service, "command": command, "timeout": duration],
            ], call { manager, arguments throws(ServiceError) in
                let name = try serviceName(arguments["service"])
                let words = try commandArgument(arguments["command"])
                let result = try await manager.exec(name, command: words, timeout: try durationArgument(arguments["timeout"], default: .seconds(30)))
                return ["code": .integer(Int(result.code)), "stdout": .string(result.stdout), "stderr": .string(result.stderr)]
            }),
        ]
    }()

    // MARK: - Bodies

    static func deploy(_ manager: ServiceManager, _ arguments: JSONValue) async throws(ServiceError) -> JSONValue {
        guard var object = arguments.objectValue, let nameText = object.removeValue(forKey: "name")?.stringValue else {
            throw ServiceError(.invalid, "service-deploy needs `name`")
        }
        let name = try serviceName(.string(nameText))
        let wait = object.removeValue(forKey: "wait")?.boolValue ?? true
        let timeout = try durationArgument(object.removeValue(forKey: "timeout"), default: .seconds(120))
        let project = object.removeValue(forKey: "project")?.stringValue ?? nameText
        if let port = object.removeValue(forKey: "port") { object["ports"] = .array([port]) }
        if let path = object.removeValue(forKey: "health_path"), object["healthcheck"] == nil {
            object["healthcheck"] = ["http": path, "interval": "1s", "timeout": "1s", "retries": 3, "start_period": "30s"]
        }
        if let env = object.removeValue(forKey: "env") {
            var merged = object["environment"]?.objectValue ?? [:]
            merged.merge(env.objectValue ?? [:], uniquingKeysWith: { $1 })
            object["environment"] = .object(merged)
        }
        let definition = try definition(name: name, document: .object(object))
        if let current = try? await manager.declared(name) {
            var changed = definition
            changed.replicas = current.service.replicas
            let report = try await manager.update(name, to: definition, cause: "service-deploy")
            if definition.replicas != current.service.replicas { try await manager.scale(name, replicas: definition.replicas) }
            if wait, !(try await manager.waitUntilHealthy(name, timeout: timeout)) {
                throw ServiceError(.timeout, "`\(name)` is not healthy after \(DurationText.format(timeout))\(manager.instanceProblems(name))")
            }
            var output = try await manager.status(name).jsonValue.objectValue ?? [:]
            output["update"] = updateJSON(report)
            return .object(output)
        }
        let report = try await manager.up(ServiceProject(name: project, services: [definition], file: "service-deploy"), cause: "service-deploy", waitTimeout: wait ? timeout : nil)
        if let problem = report.entries.first?.problem {
            throw ServiceError(wait ? .timeout : .failed, "`\(name)`: \(problem)")
        }
        return try await manager.status(name).jsonValue
    }

    static func update(_ manager: ServiceManager, _ arguments: JSONValue) async throws(ServiceError) -> JSONValue {
        let name = try serviceName(arguments["service"])
        let current = try await manager.declared(name)
        var document = current.revision.definition.documentValue.objectValue ?? [:]
        for (key, value) in arguments["changes"]?.objectValue ?? [:] { document[key] = value }
        if let version = arguments["version"] { document["version"] = version }
        var update = document["update"]?.objectValue ?? [:]
        var canary = update["canary"]?.objectValue ?? [:]
        for (argument, key) in [("strategy", "strategy"), ("batch_size", "batch_size"), ("health_timeout", "health_timeout"), ("auto_rollback", "auto_rollback")] {
            if let value = arguments[argument] { update[key] = value }
        }
        for (argument, key) in [("canary_percent", "percent"), ("canary_duration", "duration"), ("max_error_rate", "max_error_rate"), ("auto_promote", "auto_promote")] {
            if let value = arguments[argument] { canary[key] = value }
        }
        update["canary"] = .object(canary)
        document["update"] = .object(update)
        let definition = try definition(name: name, document: .object(document))
        let report = try await manager.update(name, to: definition, cause: "service-update" + (arguments["version"].map { " to version \($0.stringValue ?? $0.jsonText())" } ?? ""))
        return updateJSON(report)
    }

    // MARK: - Helpers

    /// Reads a definition written in a service file's form (relative paths against Baton's
    /// working directory).
    static func definition(name: ServiceName, document: JSONValue) throws(ServiceError) -> ServiceDefinition {
        do throws(DocumentErrors) {
            return try ServiceDefinition(name: name, jsonText: document.jsonText(), file: "with", directory: FileManager.default.currentDirectoryPath)
        } catch {
            let problem = error.diagnostics.first
            throw ServiceError(.invalid, problem.map { $0.path.isRoot ? $0.message : "\($0.path): \($0.message)" } ?? error.description)
        }
    }

    static func serviceName(_ value: JSONValue?) throws(ServiceError) -> ServiceName {
        guard let text = value?.stringValue else { throw ServiceError(.invalid, "`service` is the name of a service") }
        do {
            return try ServiceName(text)
        } catch {
            throw ServiceError(.invalid, error.description)
        }
    }

    static func durationArgument(_ value: JSONValue?, default fallback: Duration) throws(ServiceError) -> Duration {
        switch value {
        case nil, .null?: return fallback
        case .integer(let seconds)?: return .seconds(seconds)
        case .number(let seconds)?: return .milliseconds(Int64(seconds * 1000))
        case .string(let text)?:
            guard let duration = DurationText.parse(text) else { throw ServiceError(.invalid, "“\(text)” is not a duration: write 30s, 2m or a number of seconds") }
            return duration
        default: throw ServiceError(.invalid, "a duration is a string like 30s or a number of seconds")
        }
    }

    static func commandArgument(_ value: JSONValue?) throws(ServiceError) -> [String] {
        if let text = value?.stringValue {
            do {
                return try ShellWords.split(text)
            } catch {
                throw ServiceError(.invalid, "cannot split the command: \(error.problem)")
            }
        }
        let words = value?.arrayValue?.compactMap(\.stringValue) ?? []
        guard !words.isEmpty else { throw ServiceError(.invalid, "the command is empty") }
        return words
    }

    public static func updateJSON(_ report: ServiceManager.UpdateReport) -> JSONValue {
        var object: [String: JSONValue] = [
            "service": .string(report.service.rawValue), "strategy": .string(report.strategy.rawValue),
            "from_revision": .integer(report.fromRevision), "to_revision": .integer(report.toRevision),
            "changes": .array(report.changes.map(JSONValue.string)), "steps": .array(report.steps.map(JSONValue.string)),
        ]
        if let rate = report.canaryErrorRate { object["canary_error_rate"] = .number(rate) }
        return .object(object)
    }

    public static func logLineJSON(_ entry: (instance: String, line: LogLine)) -> JSONValue {
        [
            "time": .string(ISO8601DateFormatter.withMilliseconds.string(from: entry.line.time)), "instance": .string(entry.instance),
            "stream": .string(entry.line.stream.rawValue), "text": .string(entry.line.text),
        ]
    }
}

extension ISO8601DateFormatter {
    static var withMilliseconds: ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }
}
