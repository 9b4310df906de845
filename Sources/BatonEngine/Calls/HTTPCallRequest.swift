import BatonWorkflow
import Foundation

/// One HTTP request of a call, ready to send: what `call: http` and `call: openapi` build from
/// their arguments and `HTTPTransport` performs.
struct HTTPCallRequest: Sendable {
    /// The method in upper case, e.g. `GET`.
    var method: String
    /// The absolute `http` or `https` URL, without user information, as the workflow named it
    /// (host overrides are applied only when the request is sent).
    var url: URLComponents
    /// The headers the workflow asked for, in order; `Authorization` is kept apart in `credentials`.
    var headers: [(name: String, value: String)]
    var body: Data?
    var credentials: CallCredentials?
    /// Whether 3xx responses are followed (`redirect: true`) rather than errors.
    var followsRedirects: Bool

    init(
        method: String, url: URLComponents, headers: [(name: String, value: String)] = [], body: Data? = nil,
        credentials: CallCredentials? = nil, followsRedirects: Bool = false
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.credentials = credentials
        self.followsRedirects = followsRedirects
    }

    /// The URL as text, for the response's `request.uri` and for error messages.
    var urlText: String { url.string ?? "\(url.scheme ?? "http")://\(url.host ?? "")\(url.percentEncodedPath)" }

    /// The value of a header, by case-insensitive name.
    func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// Sets a header unless the workflow already gave one of that name.
    mutating func setDefaultHeader(_ name: String, _ value: String) {
        if header(name) == nil { headers.append((name, value)) }
    }

    /// The request as the `response` output describes it: `{ method, uri, headers }`, with the
    /// `Authorization` value replaced by `[redacted]`.
    var documentValue: JSONValue {
        var headerMembers: [String: JSONValue] = [:]
        for (name, value) in headers {
            headerMembers[name] = name.lowercased() == "authorization" ? "[redacted]" : .string(value)
        }
        if credentials != nil { headerMembers["Authorization"] = "[redacted]" }
        return ["method": .string(method.lowercased()), "uri": .string(urlText), "headers": .object(headerMembers)]
    }

    /// Parses and checks an absolute URL: `http` or `https` with a host. User information
    /// (`user:password@`) is removed and returned as basic credentials.
    /// - Throws: a configuration error naming the URL (without its user information).
    static func parseURL(_ text: String, instance: String?) throws(WorkflowFault) -> (url: URLComponents, credentials: CallCredentials?) {
        guard var components = URLComponents(string: text) else {
            throw .configuration("`\(text)` is not a valid URL", instance: instance)
        }
        var credentials: CallCredentials?
        if let user = components.user {
            credentials = .basic(username: user, password: components.password ?? "")
            components.user = nil
            components.password = nil
        }
        let shown = components.string ?? text
        guard let scheme = components.scheme?.lowercased() else {
            throw .configuration("the endpoint `\(shown)` is not an absolute URL; write it with its scheme and host, e.g. https://host/path", instance: instance)
        }
        guard scheme == "http" || scheme == "https" else {
            throw .configuration("the endpoint `\(shown)` uses the scheme `\(scheme)`; only http and https can be called", instance: instance)
        }
        guard let host = components.host, !host.isEmpty else {
            throw .configuration("the endpoint `\(shown)` has no host", instance: instance)
        }
        components.scheme = scheme
        if components.percentEncodedPath.isEmpty { components.percentEncodedPath = "/" }
        return (components, credentials)
    }

    /// Adds query parameters (already text) after those the URL has.
    mutating func appendQuery(_ pairs: [(name: String, value: String)]) {
        guard !pairs.isEmpty else { return }
        let added = PercentEncoding.encodeForm(pairs)
        if let existing = url.percentEncodedQuery, !existing.isEmpty {
            url.percentEncodedQuery = existing + "&" + added
        } else {
            url.percentEncodedQuery = added
        }
    }
}
