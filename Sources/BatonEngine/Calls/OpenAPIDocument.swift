import BatonWorkflow
import Foundation

/// An OpenAPI 3.x or Swagger 2.0 document, read far enough to build the request of one
/// operation: its servers, paths, operations, parameters and request bodies. Local references
/// (`$ref: '#/...'`) are followed; references to other documents are not.
struct OpenAPIDocument: Sendable {
    enum Version: Sendable, Hashable {
        case swagger2
        case openAPI3
    }

    let version: Version
    let root: JSONValue
    /// Where the document was read from (an http(s) or file URL): relative server URLs resolve
    /// against it, and a Swagger document without `host` uses its host.
    let location: URL
    /// How errors name the document.
    let displayName: String
    /// Every operation that has an `operationId`: its method, path and the objects it sits in,
    /// sorted by id.
    private let operations: [(id: String, method: String, path: String, item: JSONValue, operation: JSONValue)]

    /// The HTTP methods an OpenAPI path item can hold, in the order the specification lists them.
    static let methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    /// Reads a loaded document.
    /// - Throws: a configuration error when it is neither `swagger: "2.0"` nor `openapi: 3.x`.
    init(value: JSONValue, location: URL, displayName: String) throws(WorkflowFault) {
        if value["swagger"]?.stringValue == "2.0" {
            version = .swagger2
        } else if let openAPI = value["openapi"]?.stringValue, openAPI.hasPrefix("3.") {
            version = .openAPI3
        } else {
            throw .configuration(
                "the document `\(displayName)` is neither an OpenAPI 3 document (`openapi: 3.x`) nor a Swagger 2.0 document (`swagger: \"2.0\"`)")
        }
        guard value["paths"]?.objectValue != nil else {
            throw .configuration("the OpenAPI document `\(displayName)` has no `paths`")
        }
        self.root = value
        self.location = location
        self.displayName = displayName
        var found: [(id: String, method: String, path: String, item: JSONValue, operation: JSONValue)] = []
        for (path, rawItem) in value["paths"]?.objectValue ?? [:] {
            let item = Self.resolve(rawItem, in: value)
            for method in Self.methods {
                guard let operation = item[method].map({ Self.resolve($0, in: value) }), let id = operation["operationId"]?.stringValue else { continue }
                found.append((id, method, path, item, operation))
            }
        }
        self.operations = found.sorted { $0.id < $1.id }
    }

    /// The ids of the document's operations, sorted.
    var operationIDs: [String] { operations.map(\.id) }

    /// The operation with this `operationId`.
    /// - Throws: a configuration error listing some of the operations there are when none has
    ///   this id, or when the document gives no way to reach its server.
    func operation(_ id: String) throws(WorkflowFault) -> OpenAPIOperation {
        guard let match = operations.first(where: { $0.id == id }) else {
            let ids = operationIDs
            let shown = ids.prefix(8).map { "`\($0)`" }.joined(separator: ", ")
            let more = ids.count > 8 ? " and \(ids.count - 8) more" : ""
            let known = ids.isEmpty ? "it has no operation with an operationId" : "it has \(shown)\(more)"
            throw .configuration("the OpenAPI document `\(displayName)` has no operation `\(id)`; \(known)")
        }
        var parameters: [OpenAPIOperation.Parameter] = []
        for raw in (match.item["parameters"]?.arrayValue ?? []) + (match.operation["parameters"]?.arrayValue ?? []) {
            guard let parameter = OpenAPIOperation.Parameter(resolve(raw)) else { continue }
            // Operation parameters override the path item's of the same name and location.
            parameters.removeAll { $0.name == parameter.name && $0.location == parameter.location }
            parameters.append(parameter)
        }
        var requestBody: OpenAPIOperation.RequestBody?
        var accepted: [String] = []
        switch version {
        case .swagger2:
            if parameters.contains(where: { $0.location == .body || $0.location == .formData }) {
                let consumes = (match.operation["consumes"] ?? root["consumes"])?.arrayValue?.compactMap(\.stringValue) ?? []
                requestBody = OpenAPIOperation.RequestBody(mediaTypes: consumes.isEmpty ? ["application/json"] : consumes, required: false)
            }
            accepted = (match.operation["produces"] ?? root["produces"])?.arrayValue?.compactMap(\.stringValue) ?? []
        case .openAPI3:
            if let body = match.operation["requestBody"].map(resolve) {
                let types = body["content"]?.objectValue?.keys.sorted() ?? []
                requestBody = OpenAPIOperation.RequestBody(mediaTypes: types.isEmpty ? ["application/json"] : types, required: body["required"]?.boolValue ?? false)
            }
            for (status, response) in match.operation["responses"]?.objectValue ?? [:] where status.hasPrefix("2") || status == "default" {
                accepted += resolve(response)["content"]?.objectValue?.keys.sorted() ?? []
            }
        }
        return OpenAPIOperation(
            id: id, method: match.method.uppercased(), path: match.path,
            baseURL: try baseURL(item: match.item, operation: match.operation), parameters: parameters, requestBody: requestBody,
            accept: Self.accept(accepted), isSwagger: version == .swagger2)
    }

    /// The base URL of the operation's server, without a trailing `/`.
    private func baseURL(item: JSONValue, operation: JSONValue) throws(WorkflowFault) -> String {
        let fromWeb = location.scheme.map { ["http", "https"].contains($0.lowercased()) } ?? false
        switch version {
        case .swagger2:
            let schemes = root["schemes"]?.arrayValue?.compactMap { $0.stringValue?.lowercased() } ?? []
            let ownScheme = fromWeb ? location.scheme?.lowercased() : nil
            let scheme = ownScheme.flatMap { schemes.isEmpty || schemes.contains($0) ? $0 : nil } ?? schemes.first ?? "https"
            var host = root["host"]?.stringValue
            if host == nil, fromWeb, let ownHost = location.host {
                host = location.port.map { "\(ownHost):\($0)" } ?? ownHost
            }
            guard let host, !host.isEmpty else {
                throw .configuration("the Swagger document `\(displayName)` has no `host`, and was not read from a URL whose host could stand for it")
            }
            let basePath = root["basePath"]?.stringValue ?? ""
            return Self.trimmed("\(scheme)://\(host)\(basePath.hasPrefix("/") || basePath.isEmpty ? basePath : "/" + basePath)")
        case .openAPI3:
            let servers = [operation["servers"], item["servers"], root["servers"]].lazy.compactMap { $0?.arrayValue }.first { !$0.isEmpty }
            let server = servers?.first.map(resolve)
            var url = server?["url"]?.stringValue ?? "/"
            for (name, variable) in server?["variables"]?.objectValue ?? [:] {
                url = url.replacingOccurrences(of: "{\(name)}", with: variable["default"]?.uriTemplateText ?? "")
            }
            if URLComponents(string: url)?.scheme != nil {
                return Self.trimmed(url)
            }
            guard fromWeb, let resolved = URL(string: url, relativeTo: location)?.absoluteString else {
                throw .configuration(
                    "the OpenAPI document `\(displayName)` names the relative server URL `\(url)`, which needs the document to be read from an http(s) URL; give `servers` an absolute URL")
            }
            return Self.trimmed(resolved)
        }
    }

    /// Follows a local `$ref` (`#/components/parameters/id`), a bounded number of times.
    func resolve(_ value: JSONValue) -> JSONValue {
        Self.resolve(value, in: root)
    }

    private static func resolve(_ value: JSONValue, in root: JSONValue) -> JSONValue {
        var current = value
        for _ in 0..<16 {
            guard let reference = current["$ref"]?.stringValue, reference.hasPrefix("#") else { return current }
            guard let target = pointer(String(reference.dropFirst()), in: root) else { return current }
            current = target
        }
        return current
    }

    /// The value at a JSON Pointer (RFC 6901) in the document.
    private static func pointer(_ pointer: String, in root: JSONValue) -> JSONValue? {
        var current = root
        for token in pointer.split(separator: "/", omittingEmptySubsequences: true) {
            let decoded = (token.removingPercentEncoding ?? String(token)).replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            if let items = current.arrayValue {
                guard let index = Int(decoded), items.indices.contains(index) else { return nil }
                current = items[index]
            } else {
                guard let member = current[decoded] else { return nil }
                current = member
            }
        }
        return current
    }

    /// The `Accept` header for the media types an operation answers with: the first JSON type
    /// when there is one, all of them otherwise.
    private static func accept(_ mediaTypes: [String]) -> String? {
        if let json = mediaTypes.first(where: StandardCallHandler.isJSON) { return json }
        let unique = mediaTypes.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        return unique.isEmpty ? nil : unique.joined(separator: ", ")
    }

    private static func trimmed(_ url: String) -> String {
        url.hasSuffix("/") ? String(url.dropLast()) : url
    }
}
