import BatonServices
import BatonWorkflow
import Foundation
import Hummingbird

extension APIServer {
    /// The service routes (`/services…`): the same operations as `baton up|down|ps|logs|…` and
    /// the service functions, answered by the node's ``ServiceManager``. Without one (a server
    /// started without services) they answer 503.
    func addServiceRoutes(to router: Router<BasicRequestContext>) {
        router.get("/services") { _, _ in
            let statuses = try await services().status()
            return Response.json(["services": .array(statuses.map(\.jsonValue))])
        }
        router.get("/services/functions") { _, _ in
            Response.json(["functions": .object(ServiceFunctions.schemas.mapKeys { "\($0):1.0.0" })])
        }
        router.get("/services/graph") { _, _ in
            let statuses = try await services().status()
            return Response.json(Self.graphJSON(statuses))
        }
        router.post("/services/up") { request, _ in
            let body = try await request.jsonBody(limit: configuration.maxBodySize, describedAs: configuration.maxBodySizeDescription)
            let reader = try JSONObjectReader(body, allowed: ["project", "file", "services", "wait", "timeout"])
            let project = try reader.string("project", required: true) ?? ""
            let file = try reader.string("file") ?? "request"
            guard let members = try reader.object("services")?.objectValue, !members.isEmpty else {
                throw APIError.invalidInput("`services` is an object of definitions by name (the canonical form)", path: "services")
            }
            var definitions: [ServiceDefinition] = []
            var problems: [Diagnostic] = []
            for (name, document) in members.sorted(by: { $0.key < $1.key }) {
                let serviceName = try Self.serviceName(name, path: "services.\(name)")
                do throws(DocumentErrors) {
                    definitions.append(try ServiceDefinition(name: serviceName, jsonText: document.jsonText(), file: "\(file): services.\(name)", directory: "/"))
                } catch {
                    problems += error.diagnostics
                }
            }
            guard problems.isEmpty else {
                throw APIError(.unprocessableContent, .invalidDefinition, "the services are not valid; nothing was changed", problems: problems)
            }
            let wait = body["wait"]?.boolValue ?? true
            let timeout = try Self.duration(body["timeout"], path: "timeout") ?? .seconds(120)
            let manager = try services()
            let report = try await fromServices { () async throws(ServiceError) in
                try await manager.up(ServiceProject(name: project, services: definitions, file: file), cause: "up \(file)", waitTimeout: wait ? timeout : nil)
            }
            return Response.json(Self.upJSON(report), status: report.succeeded ? .ok : .internalServerError)
        }
        router.post("/services/down") { request, _ in
            let body = try await request.jsonBody(limit: configuration.maxBodySize, describedAs: configuration.maxBodySizeDescription)
            let reader = try JSONObjectReader(body, allowed: ["project", "services"])
            let project = try reader.string("project")
            let names = try (body["services"]?.arrayValue ?? []).map { value throws(APIError) in try Self.serviceName(value.stringValue ?? "", path: "services") }
            let manager = try services()
            let removed = try await fromServices { () async throws(ServiceError) in try await manager.down(project: project, services: names) }
            return Response.json(["removed": .array(removed.map { .string($0.rawValue) })])
        }
        router.get("/services/:service") { _, context in
            let name = try Self.serviceName(try context.parameters.require("service"))
            let manager = try services()
            let status = try await fromServices { () async throws(ServiceError) in try await manager.status(name) }
            let declared = try await fromServices { () async throws(ServiceError) in try await manager.declared(name) }
            var value = status.jsonValue.objectValue ?? [:]
            value["definition"] = declared.definition.documentValue
            return Response.json(.object(value))
        }
        router.delete("/services/:service") { _, context in
            let name = try Self.serviceName(try context.parameters.require("service"))
            let manager = try services()
            try await fromServices { () async throws(ServiceError) in try await manager.remove(name) }
            return Response.json(["service": .string(name.rawValue), "removed": true])
        }
        router.get("/services/:service/history") { _, context in
            let name = try Self.serviceName(try context.parameters.require("service"))
            let manager = try services()
            let revisions = try await fromServices { () async throws(ServiceError) in try await manager.history(name) }
            let current = try await fromServices { () async throws(ServiceError) in try await manager.declared(name) }.revision.number
            return Response.json(["service": .string(name.rawValue), "current": .integer(current), "revisions": .array(revisions.map(Self.revisionJSON))])
        }
        for action in ["stop", "start", "restart", "scale", "rollback", "update", "exec", "wait-healthy"] {
            router.post("/services/:service/\(action)") { request, context in
                let name = try Self.serviceName(try context.parameters.require("service"))
                let body = try await request.optionalJSONBody(limit: configuration.maxBodySize, describedAs: configuration.maxBodySizeDescription)
                return try await serviceAction(action, name: name, body: body)
            }
        }
        router.get("/services/:service/logs") { request, context in
            let name = try Self.serviceName(try context.parameters.require("service"))
            let manager = try services()
            _ = try await fromServices { () async throws(ServiceError) in try await manager.declared(name) }
            let query = try Self.logQuery(request.uri.queryParameters)
            let follow = request.uri.queryParameters.get("follow") == "true" || request.headers[.accept] == "text/event-stream"
            let lines = try fromServicesNow { () throws(ServiceError) in try manager.supervisor.logs(name, query: query) }
            guard follow else {
                return Response.json(["service": .string(name.rawValue), "lines": .array(lines.map(ServiceFunctions.logLineJSON))])
            }
            let headers: HTTPFields = [.contentType: "text/event-stream", .cacheControl: "no-cache", Self.accelBuffering: "no"]
            let stream = ServiceLogStream(
                supervisor: manager.supervisor, service: name, query: query, keepAliveInterval: configuration.keepAliveInterval, clock: clock)
            return Response(status: .ok, headers: headers, body: ResponseBody { writer in
                for line in lines { try await writer.write(ByteBuffer(string: ServiceLogStream.frame(line))) }
                try await stream.write(after: lines.last?.line.time, to: &writer)
                try await writer.finish(nil)
            })
        }
    }

    /// The operations on one service that take a small JSON body.
    private func serviceAction(_ action: String, name: ServiceName, body: JSONValue) async throws(APIError) -> Response {
        let manager = try services()
        switch action {
        case "stop":
            _ = try JSONObjectReader(body, allowed: [])
            try await fromServices { () async throws(ServiceError) in try await manager.stop(name) }
        case "start":
            _ = try JSONObjectReader(body, allowed: ["wait", "timeout"])
            let timeout = body["wait"]?.boolValue == false ? nil : try Self.duration(body["timeout"], path: "timeout") ?? .seconds(120)
            try await fromServices { () async throws(ServiceError) in try await manager.start(name, waitTimeout: timeout) }
        case "restart":
            _ = try JSONObjectReader(body, allowed: ["rolling"])
            try await fromServices { () async throws(ServiceError) in try await manager.restart(name, rolling: body["rolling"]?.boolValue ?? true) }
        case "scale":
            _ = try JSONObjectReader(body, allowed: ["replicas"])
            guard let replicas = body["replicas"]?.intValue, replicas >= 0 else {
                throw APIError.invalidInput("`replicas` is a whole number of instances, 0 or more", path: "replicas")
            }
            try await fromServices { () async throws(ServiceError) in try await manager.scale(name, replicas: replicas) }
        case "rollback":
            _ = try JSONObjectReader(body, allowed: ["revision"])
            let revision: Int?
            switch body["revision"] {
            case nil, .null?: revision = nil
            case .string("previous")?: revision = nil
            case let value?:
                guard let number = value.intValue ?? value.stringValue.flatMap({ Int($0) }) else {
                    throw APIError.invalidInput("`revision` is a revision number or \"previous\"", path: "revision")
                }
                revision = number
            }
            let report = try await fromServices { () async throws(ServiceError) in try await manager.rollback(name, to: revision) }
            return Response.json(ServiceFunctions.updateJSON(report))
        case "update", "exec", "wait-healthy":
            // The same arguments as the workflow functions, but for `service`, which the path
            // names; checked by their schemas. An unknown member is a bad body (400 with its
            // path), as for every other route.
            let function = "service-\(action)"
            let members = ServiceFunctions.schemas[function]?["properties"]?.objectValue?.keys.filter { $0 != "service" }.sorted() ?? []
            _ = try JSONObjectReader(body, allowed: members)
            var arguments = body.objectValue ?? [:]
            arguments["service"] = .string(name.rawValue)
            return try await callFunction(function, arguments: .object(arguments), manager: manager)
        default:
            throw APIError.notFound("no service operation `\(action)`")
        }
        return Response.json(try await fromServices { () async throws(ServiceError) in try await manager.status(name) }.jsonValue)
    }

    private func callFunction(_ name: String, arguments: JSONValue, manager: ServiceManager) async throws(APIError) -> Response {
        Response.json(try await fromServices { () async throws(ServiceError) in try await ServiceFunctions.perform(name, arguments: arguments, manager: manager) })
    }

    func services() throws(APIError) -> ServiceManager {
        guard let serviceManager else {
            throw APIError(.serviceUnavailable, .unavailable, "this server runs no services (it was started without a service manager)")
        }
        return serviceManager
    }

    func fromServices<T: Sendable>(_ body: () async throws(ServiceError) -> T) async throws(APIError) -> T {
        do {
            return try await body()
        } catch {
            throw APIError(serviceError: error)
        }
    }

    func fromServicesNow<T>(_ body: () throws(ServiceError) -> T) throws(APIError) -> T {
        do {
            return try body()
        } catch {
            throw APIError(serviceError: error)
        }
    }

    // MARK: - Shapes

    static func serviceName(_ text: String, path: String? = nil) throws(APIError) -> ServiceName {
        do {
            return try ServiceName(text)
        } catch {
            throw APIError.invalidInput(error.description, path: path)
        }
    }

    static func duration(_ value: JSONValue?, path: String) throws(APIError) -> Duration? {
        switch value {
        case nil, .null?: return nil
        case .integer(let seconds)?: return .seconds(seconds)
        case .string(let text)?:
            guard let duration = DurationText.parse(text) else { throw APIError.invalidInput("“\(text)” is not a duration (30s, 2m, or seconds)", path: path) }
            return duration
        default: throw APIError.invalidInput("a duration is a string like 30s or a number of seconds", path: path)
        }
    }

    static func logQuery(_ parameters: Hummingbird.Parameters) throws(APIError) -> LogQuery {
        var query = LogQuery(tail: 200)
        if let tail = parameters.get("tail") {
            guard let count = Int(tail), count > 0 else { throw APIError.invalidInput("`tail` is a number of lines above 0", path: "tail") }
            query.tail = count
        }
        if let since = parameters.get("since") {
            if let duration = DurationText.parse(since) {
                query.since = Date().addingTimeInterval(-duration.timeInterval)
            } else if let date = ISO8601DateFormatter().date(from: since) ?? ISO8601DateFormatter.withFractions.date(from: since) {
                query.since = date
            } else {
                throw APIError.invalidInput("`since` is a duration back from now (10m) or a time (2026-11-29T10:00:00Z)", path: "since")
            }
        }
        if let grep = parameters.get("grep") { query.grep = .substring(grep) }
        return query
    }

    static func upJSON(_ report: ServiceManager.UpReport) -> JSONValue {
        [
            "project": .string(report.project), "succeeded": .bool(report.succeeded),
            "services": .array(report.entries.map { entry in
                var object: [String: JSONValue] = [
                    "service": .string(entry.service.rawValue), "action": .string(entry.action.rawValue), "revision": .integer(entry.revision),
                    "replicas": .integer(entry.replicas), "changes": .array(entry.changes.map(JSONValue.string)), "ready": .bool(entry.ready),
                ]
                if let problem = entry.problem { object["problem"] = .string(problem) }
                return .object(object)
            }),
        ]
    }

    static func revisionJSON(_ revision: ServiceRevision) -> JSONValue {
        var object: [String: JSONValue] = [
            "revision": .integer(revision.number), "created_at": .string(ISO8601DateFormatter().string(from: revision.createdAt)),
            "cause": .string(revision.cause), "changes": .array(revision.changes.map(JSONValue.string)),
            "definition": revision.definition.documentValue,
        ]
        if let version = revision.definition.version { object["version"] = .string(version) }
        return .object(object)
    }

    /// Nodes (with live status) and edges (dependent → dependency, with the condition), in start
    /// order: what `baton graph` draws.
    static func graphJSON(_ statuses: [ServiceStatus]) -> JSONValue {
        [
            "nodes": .array(statuses.map { status in
                [
                    "name": .string(status.name.rawValue), "status": .string(status.overall.rawValue), "ready": .integer(status.readyCount),
                    "replicas": .integer(status.replicas), "ports": .array(status.ports.map { .string($0.description) }),
                ]
            }),
            "edges": .array(statuses.flatMap { status in
                status.dependsOn.sorted { $0.key < $1.key }.map { dependency, condition in
                    ["from": .string(status.name.rawValue), "to": .string(dependency.rawValue), "condition": .string(condition.rawValue)]
                }
            }),
        ]
    }
}

extension APIError {
    init(serviceError error: ServiceError) {
        switch error.code {
        case .notFound: self.init(.notFound, .notFound, error.message)
        case .conflict: self.init(.conflict, .conflict, error.message)
        case .invalid: self.init(.unprocessableContent, .invalidDefinition, error.message)
        case .timeout: self.init(.requestTimeout, .timeout, error.message)
        case .resources, .unavailable: self.init(.serviceUnavailable, .unavailable, error.message)
        case .failed: self.init(.internalServerError, .failed, error.message)
        default: self.init(.internalServerError, .storage, error.message)
        }
    }
}

extension Dictionary {
    fileprivate func mapKeys(_ transform: (Key) -> String) -> [String: Value] {
        Dictionary<String, Value>(uniqueKeysWithValues: map { (transform($0.key), $0.value) })
    }
}

extension ISO8601DateFormatter {
    static var withFractions: ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }
}
