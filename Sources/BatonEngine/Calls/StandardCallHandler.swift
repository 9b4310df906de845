import AsyncHTTPClient
import BatonWorkflow
import Foundation
import NIOCore

/// Baton's `CallHandler`: performs `call: http` and `call: openapi` through AsyncHTTPClient
/// (dsl-reference.md §HTTP Call, §OpenAPI Call) and refuses the call kinds Baton does not
/// support yet (`grpc`, `asyncapi`, `a2a`, `mcp`) with a configuration error that names them.
///
/// Every request carries `Idempotency-Key: <context.idempotencyKey>` (unless the workflow sets
/// that header itself), so that a service can recognise a request retried after a crash. The
/// response body is read as it streams and the call fails once it passes
/// `context.limits.maximumOutputBytes`. Cancelling the Swift task that runs `call` cancels the
/// request in flight: that is how the executor's timeouts stop a call.
///
/// ## The HTTP client
/// By default the handler uses one process-wide client that Baton owns and never shuts down,
/// configured with ``clientConfiguration``. To control the client's lifetime, create one (with
/// ``clientConfiguration``, or your own configuration that does not follow redirects) and pass
/// it to ``init(client:hostOverrides:documentCacheCapacity:)``; you own it and shut it down
/// after the last call. A client that follows redirects by itself still works, but then a call
/// with `redirect: false` only learns of the 3xx after the client followed it.
public struct StandardCallHandler: CallHandler {
    /// Host names whose requests go to another base URL, e.g. `petstore.swagger.io` →
    /// `http://127.0.0.1:53123`: the scheme, host and port of a matching request (and a path
    /// prefix, if the base URL has one) are replaced, and the original `Host` header is kept.
    ///
    /// Only the conformance runner sets this, so that the CTK's scenarios, which name public
    /// hosts, are answered by local fakes. Production code never sets it.
    public let hostOverrides: [String: URL]

    let transport: HTTPTransport
    let documents: OpenAPIDocumentCache

    /// A handler that sends its requests through `client`.
    /// - Parameters:
    ///   - client: the client to use, owned (and shut down) by the caller; nil uses Baton's
    ///     process-wide client. See the type's discussion.
    ///   - hostOverrides: see ``hostOverrides``; for the conformance runner only.
    ///   - documentCacheCapacity: how many parsed OpenAPI documents are kept, by URL.
    public init(client: HTTPClient? = nil, hostOverrides: [String: URL] = [:], documentCacheCapacity: Int = 32) {
        self.hostOverrides = hostOverrides
        self.transport = HTTPTransport(client: client ?? Self.processClient, hostOverrides: hostOverrides)
        self.documents = OpenAPIDocumentCache(capacity: documentCacheCapacity)
    }

    /// The client configuration the handler expects: redirects are not followed by the client
    /// (the handler follows them itself when a call says `redirect: true`), and a connection that
    /// cannot be established fails the request at once rather than being retried until the
    /// task's timeout.
    public static var clientConfiguration: HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow, timeout: .init(connect: .seconds(10)))
        configuration.connectionPool.retryConnectionEstablishment = false
        return configuration
    }

    /// The client used when none is given: created on first use, never shut down (like
    /// `HTTPClient.shared`), and not reachable from outside so that nobody can shut it down.
    private static let processClient = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: clientConfiguration)

    /// Runs the call and returns the task's raw output.
    /// - Throws: a communication error with the service's HTTP status when it answers outside
    ///   200–299 (200–399 with `redirect: true`), a communication error (500) when it cannot be
    ///   reached, a configuration error for what cannot be done (an unsupported call kind or
    ///   authentication scheme, a bad URL, an unknown OpenAPI operation), an expression error from
    ///   `with`, a runtime error when the response exceeds the output limit or the task is
    ///   cancelled. Every error names the task (`instance`) and no secret.
    public func call(_ call: CallTask, context: TaskContext) async throws(WorkflowFault) -> JSONValue {
        do throws(WorkflowFault) {
            switch call {
            case .http(let arguments):
                return try await http(arguments, context: context)
            case .openapi(let arguments):
                return try await openAPI(arguments, context: context)
            case .grpc, .asyncapi, .a2a, .mcp:
                throw .configuration("`call: \(call.callName)` is not supported yet by Baton; use `call: http` or `call: openapi`")
            case .function(let function):
                throw .configuration(
                    "`call: \(function.function.text)` is a custom function, which the executor resolves through its catalogs; it cannot be sent to the call handler")
            }
        } catch {
            throw SecretRedactor(context.secrets).redact(error.at(context.reference))
        }
    }

    // MARK: call: http

    /// Performs `call: http`.
    func http(_ arguments: HTTPArguments, context: TaskContext) async throws(WorkflowFault) -> JSONValue {
        let request = try httpRequest(arguments, context: context)
        let (sent, response) = try await transport.perform(request, limit: context.limits.maximumOutputBytes, instance: context.reference)
        return response.output(arguments.output, request: sent)
    }

    /// Builds the request of `call: http` from its arguments, evaluating their expressions on
    /// the task's input.
    func httpRequest(_ arguments: HTTPArguments, context: TaskContext) throws(WorkflowFault) -> HTTPCallRequest {
        let method = try Self.method(arguments.method, context: context)
        let (url, urlCredentials) = try HTTPCallRequest.parseURL(try endpointText(arguments.endpoint.uri, context: context), instance: context.reference)
        var request = HTTPCallRequest(method: method, url: url, followsRedirects: arguments.redirect ?? false)
        for (name, value) in try pairs(arguments.headers, describing: "headers", context: context) {
            guard let text = Self.headerText(value) else {
                throw .expression("the header `\(name)` must be a string, number, boolean or a list of them, not \(value.typeNameWithArticle)", instance: context.reference)
            }
            request.headers.append((name, text))
        }
        var query: [(name: String, value: String)] = []
        for (name, value) in try pairs(arguments.query, describing: "query", context: context) {
            guard let texts = Self.queryTexts(value) else {
                throw .expression("the query parameter `\(name)` must be a string, number, boolean or a list of them, not \(value.typeNameWithArticle)", instance: context.reference)
            }
            query += texts.map { (name, $0) }
        }
        request.appendQuery(query)
        if let body = arguments.body {
            let value = try context.scope.evaluate(template: body, on: context.input)
            let encoded = Self.encodeBody(value, request: &request)
            request.body = encoded
        }
        if let authentication = arguments.endpoint.authentication {
            request.credentials = try CallCredentials.resolve(authentication, context: context)
        } else {
            request.credentials = urlCredentials
        }
        request.setDefaultHeader("Idempotency-Key", context.idempotencyKey)
        return request
    }

    /// The text of an endpoint's URI: a template expanded with the task's input, or an
    /// expression's result.
    func endpointText(_ uri: ExpressionOr<URITemplate>, context: TaskContext) throws(WorkflowFault) -> String {
        switch uri {
        case .value(let template):
            try template.expanded(withTopLevelValuesOf: context.input, instance: context.reference)
        case .expression(let expression):
            try context.scope.string(expression.text, on: context.input, describing: "the endpoint")
        }
    }

    /// The evaluated members of `headers` or `query`, sorted by name; null members are left out.
    private func pairs(_ value: ExpressionOr<[String: String]>?, describing what: String, context: TaskContext) throws(WorkflowFault) -> [(key: String, value: JSONValue)] {
        let evaluated: JSONValue
        switch value {
        case nil:
            return []
        case .value(let members)?:
            evaluated = try context.scope.evaluate(template: .object(members.mapValues(JSONValue.string)), on: context.input)
        case .expression(let expression)?:
            evaluated = try context.scope.evaluate(expression, on: context.input)
        }
        if evaluated.isNull { return [] }
        guard let members = evaluated.objectValue else {
            throw .expression("`\(what)` must give a mapping of names to values, but gave \(evaluated.typeNameWithArticle)", instance: context.reference)
        }
        return members.filter { !$0.value.isNull }.sorted { $0.key < $1.key }
    }

    /// The method in upper case, after checking it is an HTTP token.
    static func method(_ text: String, context: TaskContext) throws(WorkflowFault) -> String {
        let method = try context.scope.string(text, on: context.input, describing: "the method").uppercased()
        let allowed = Set("!#$%&'*+-.^_`|~ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        guard !method.isEmpty, method.allSatisfy(allowed.contains) else {
            throw .configuration("`\(method)` is not an HTTP method; use get, post, put, patch, delete, head or options", instance: context.reference)
        }
        return method
    }

    /// A header value: a scalar's text, or a list's items joined with `, `.
    static func headerText(_ value: JSONValue) -> String? {
        if let items = value.arrayValue {
            let texts = items.compactMap(\.uriTemplateText)
            return texts.count == items.count ? texts.joined(separator: ", ") : nil
        }
        return value.uriTemplateText
    }

    /// The values of a query parameter: a scalar's text, or one per item of a list.
    static func queryTexts(_ value: JSONValue) -> [String]? {
        if let items = value.arrayValue {
            let texts = items.compactMap(\.uriTemplateText)
            return texts.count == items.count ? texts : nil
        }
        return value.uriTemplateText.map { [$0] }
    }

    /// Encodes a body: JSON (with `Content-Type: application/json` unless the workflow set a
    /// content type); a string sent as is under a non-JSON content type the workflow set; a
    /// mapping form-encoded under `application/x-www-form-urlencoded`.
    static func encodeBody(_ value: JSONValue, request: inout HTTPCallRequest) -> Data {
        let contentType = request.header("Content-Type")?.lowercased()
        if let contentType, !isJSON(contentType) {
            if case .string(let text) = value { return Data(text.utf8) }
            if contentType.hasPrefix("application/x-www-form-urlencoded"), let members = value.objectValue {
                let pairs = members.sorted { $0.key < $1.key }.flatMap { name, member in
                    (queryTexts(member) ?? [member.jsonText()]).map { (name: name, value: $0) }
                }
                return Data(PercentEncoding.encodeForm(pairs).utf8)
            }
        }
        request.setDefaultHeader("Content-Type", "application/json")
        return Data(value.jsonText().utf8)
    }

    /// Whether a media type is JSON: `application/json` or any `+json` type.
    static func isJSON(_ mediaType: String) -> Bool {
        let essence = mediaType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        return essence == "application/json" || essence.hasSuffix("+json")
    }
}
