import BatonWorkflow
import Foundation

/// One operation of an OpenAPI document, and how a call's `parameters` become its request
/// (dsl-reference.md §OpenAPI Call).
///
/// Arguments named after a path, query, header or cookie parameter go there. What is left goes
/// to the body: for Swagger 2.0, the `in: body` parameter takes the argument of its name (or,
/// without one, the remaining arguments as an object) and `in: formData` parameters are
/// form-encoded; for OpenAPI 3, the request body is the argument named `body` or else the
/// remaining arguments as an object. An argument that fits nowhere is an error, not dropped.
struct OpenAPIOperation: Sendable {
    /// Where a parameter goes.
    enum Location: String, Sendable, Hashable {
        case path, query, header, cookie, body, formData
    }

    /// A parameter of the operation (references already followed).
    struct Parameter: Sendable, Hashable {
        var name: String
        var location: Location
        var required: Bool
        /// OpenAPI 3 `style` and `explode`; Swagger 2.0 `collectionFormat`.
        var style: String?
        var explode: Bool?
        var collectionFormat: String?

        init?(_ value: JSONValue) {
            guard let name = value["name"]?.stringValue, let location = value["in"]?.stringValue.flatMap(Location.init(rawValue:)) else { return nil }
            self.name = name
            self.location = location
            self.required = value["required"]?.boolValue ?? (location == .path)
            self.style = value["style"]?.stringValue
            self.explode = value["explode"]?.boolValue
            self.collectionFormat = value["collectionFormat"]?.stringValue
        }
    }

    /// What the operation accepts as a body.
    struct RequestBody: Sendable, Hashable {
        var mediaTypes: [String]
        var required: Bool
    }

    /// The request the arguments make.
    struct Request: Sendable {
        var url: String
        var headers: [(name: String, value: String)]
        var body: Data?
        var contentType: String?
    }

    var id: String
    var method: String
    /// The path template, e.g. `/pet/{petId}`.
    var path: String
    /// The server's URL, without a trailing `/`.
    var baseURL: String
    var parameters: [Parameter]
    var requestBody: RequestBody?
    /// The `Accept` header to send, from the media types the operation answers with.
    var accept: String?
    /// Whether the operation comes from a Swagger 2.0 document, whose parameters serialize
    /// lists by `collectionFormat` rather than by `style`.
    var isSwagger: Bool

    /// Builds the request for `arguments` (the call's evaluated `parameters`).
    /// - Throws: a configuration error for a missing required parameter, an argument that is no
    ///   parameter of the operation, or a body the operation's media types cannot carry.
    func request(arguments: [String: JSONValue]) throws(WorkflowFault) -> Request {
        var remaining = arguments
        var path = self.path
        var query: [(name: String, value: String)] = []
        var headers: [(name: String, value: String)] = []
        var cookies: [String] = []
        var form: [(name: String, value: String)] = []
        var bodyParameter: Parameter?

        for parameter in parameters {
            if parameter.location == .body {
                bodyParameter = parameter
                continue
            }
            guard let value = remaining.removeValue(forKey: parameter.name), !value.isNull else {
                if parameter.required {
                    throw .configuration("the operation `\(id)` needs its \(parameter.location.rawValue) parameter `\(parameter.name)`; add it to `parameters`")
                }
                continue
            }
            switch parameter.location {
            case .path:
                path = path.replacingOccurrences(of: "{\(parameter.name)}", with: PercentEncoding.encode(try Self.joined(value, parameter: parameter, operation: id)))
            case .query:
                query += try queryPairs(value, parameter: parameter)
            case .header:
                headers.append((parameter.name, try Self.joined(value, parameter: parameter, operation: id)))
            case .cookie:
                cookies.append("\(parameter.name)=\(PercentEncoding.encode(try Self.joined(value, parameter: parameter, operation: id)))")
            case .formData:
                form += try Self.texts(value, parameter: parameter, operation: id).map { (parameter.name, $0) }
            case .body:
                break
            }
        }
        if !cookies.isEmpty { headers.append(("Cookie", cookies.joined(separator: "; "))) }

        var body: JSONValue?
        if let bodyParameter {
            if let value = remaining.removeValue(forKey: bodyParameter.name) {
                body = value
            } else if !remaining.isEmpty {
                body = .object(remaining)
                remaining = [:]
            } else if bodyParameter.required {
                throw .configuration("the operation `\(id)` needs its body parameter `\(bodyParameter.name)`; add it to `parameters`")
            }
        } else if let requestBody, !parameters.contains(where: { $0.location == .formData }) {
            if let value = remaining.removeValue(forKey: "body") {
                body = value
            } else if !remaining.isEmpty {
                body = .object(remaining)
                remaining = [:]
            } else if requestBody.required {
                throw .configuration("the operation `\(id)` needs a request body; give it as the parameter `body`")
            }
        }
        if let unknown = remaining.keys.sorted().first {
            let names = parameters.map { "`\($0.name)`" }.joined(separator: ", ")
            throw .configuration(
                "the operation `\(id)` has no parameter `\(unknown)`\(requestBody == nil ? " and takes no body" : ""); its parameters are \(names.isEmpty ? "none" : names)")
        }

        var url = baseURL + (path.hasPrefix("/") ? path : "/" + path)
        if !query.isEmpty { url += (url.contains("?") ? "&" : "?") + PercentEncoding.encodeForm(query) }
        var request = Request(url: url, headers: headers)
        if !form.isEmpty {
            let types = requestBody?.mediaTypes ?? []
            if !types.contains(where: { $0.hasPrefix("application/x-www-form-urlencoded") }), types.contains(where: { $0.hasPrefix("multipart/") }) {
                throw .configuration("the operation `\(id)` takes a multipart/form-data body, which Baton does not send yet")
            }
            request.body = Data(PercentEncoding.encodeForm(form).utf8)
            request.contentType = "application/x-www-form-urlencoded"
        } else if let body {
            let (data, contentType) = try encode(body)
            request.body = data
            request.contentType = contentType
        }
        return request
    }

    /// The body in the first media type of the operation that can carry it: JSON, a form, or the
    /// text of a string.
    private func encode(_ body: JSONValue) throws(WorkflowFault) -> (Data, String) {
        let types = requestBody?.mediaTypes ?? ["application/json"]
        if let json = types.first(where: StandardCallHandler.isJSON) {
            return (Data(body.jsonText().utf8), json)
        }
        if let formType = types.first(where: { $0.hasPrefix("application/x-www-form-urlencoded") }), let members = body.objectValue {
            var pairs: [(name: String, value: String)] = []
            for (name, value) in members.sorted(by: { $0.key < $1.key }) {
                pairs += (StandardCallHandler.queryTexts(value) ?? [value.jsonText()]).map { (name, $0) }
            }
            return (Data(PercentEncoding.encodeForm(pairs).utf8), formType)
        }
        let type = types.first ?? "application/json"
        if case .string(let text) = body { return (Data(text.utf8), type) }
        if type == "*/*" { return (Data(body.jsonText().utf8), "application/json") }
        throw .configuration("the operation `\(id)` takes a body of type \(types.joined(separator: ", ")), which Baton cannot make from \(body.typeNameWithArticle)")
    }

    /// The `name=value` pairs of a query parameter, as its style (OpenAPI 3) or collection
    /// format (Swagger 2.0) says: lists repeated by default in OpenAPI 3, comma-separated by
    /// default in Swagger 2.0.
    private func queryPairs(_ value: JSONValue, parameter: Parameter) throws(WorkflowFault) -> [(name: String, value: String)] {
        if let members = value.objectValue {
            let sorted = members.sorted { $0.key < $1.key }
            if isSwagger || parameter.explode ?? (parameter.style ?? "form" == "form") {
                var pairs: [(name: String, value: String)] = []
                for (name, member) in sorted {
                    guard let text = member.uriTemplateText else { throw Self.notScalar(parameter, operation: id) }
                    pairs.append((name, text))
                }
                return pairs
            }
            return [(parameter.name, try Self.joined(value, parameter: parameter, operation: id))]
        }
        let texts = try Self.texts(value, parameter: parameter, operation: id)
        guard value.arrayValue != nil else { return texts.map { (parameter.name, $0) } }
        let separator: String
        if isSwagger {
            switch parameter.collectionFormat ?? "csv" {
            case "multi": return texts.map { (parameter.name, $0) }
            case "ssv": separator = " "
            case "tsv": separator = "\t"
            case "pipes": separator = "|"
            default: separator = ","
            }
        } else {
            let style = parameter.style ?? "form"
            if parameter.explode ?? (style == "form") { return texts.map { (parameter.name, $0) } }
            switch style {
            case "spaceDelimited": separator = " "
            case "pipeDelimited": separator = "|"
            default: separator = ","
            }
        }
        return [(parameter.name, texts.joined(separator: separator))]
    }

    /// The texts of a scalar or of a list's items.
    private static func texts(_ value: JSONValue, parameter: Parameter, operation: String) throws(WorkflowFault) -> [String] {
        guard let texts = StandardCallHandler.queryTexts(value) else { throw notScalar(parameter, operation: operation) }
        return texts
    }

    /// A value as one text: a scalar's text, a list's items or an object's names and values
    /// joined with commas (the `simple` style).
    private static func joined(_ value: JSONValue, parameter: Parameter, operation: String) throws(WorkflowFault) -> String {
        if let members = value.objectValue {
            var parts: [String] = []
            for (name, member) in members.sorted(by: { $0.key < $1.key }) {
                guard let text = member.uriTemplateText else { throw notScalar(parameter, operation: operation) }
                parts += [name, text]
            }
            return parts.joined(separator: ",")
        }
        return try texts(value, parameter: parameter, operation: operation).joined(separator: ",")
    }

    private static func notScalar(_ parameter: Parameter, operation: String) -> WorkflowFault {
        .configuration(
            "the \(parameter.location.rawValue) parameter `\(parameter.name)` of the operation `\(operation)` must be a string, number, boolean, or a list or mapping of them")
    }
}
