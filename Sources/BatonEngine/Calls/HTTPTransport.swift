import AsyncHTTPClient
import BatonWorkflow
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// Sends the requests of calls through an `HTTPClient`: applies host overrides, follows
/// redirects when the call allows them, reads the response body within a byte limit, and turns
/// every failure into a `WorkflowFault` that names the method and URL but no secret.
struct HTTPTransport: Sendable {
    let client: HTTPClient
    /// Lower-cased host names mapped to the base URL that answers for them.
    let hostOverrides: [String: URL]

    /// The most redirects followed for one call.
    static let maximumRedirects = 10
    /// The statuses whose `Location` is followed when a call allows redirects; other 3xx
    /// statuses (300, 304...) are final responses.
    static let redirectStatuses: Set<Int> = [301, 302, 303, 307, 308]

    init(client: HTTPClient, hostOverrides: [String: URL]) {
        self.client = client
        self.hostOverrides = Dictionary(hostOverrides.map { ($0.key.lowercased(), $0.value) }) { _, last in last }
    }

    /// Performs a request and returns its final response.
    ///
    /// - Parameters:
    ///   - request: the request; its redirect setting decides which statuses are errors.
    ///   - limit: the most bytes of body accepted.
    ///   - instance: the task's JSON Pointer, for errors.
    /// - Returns: the final response, with `request` as it was last sent (after redirects).
    /// - Throws: a communication error with the service's status for a status outside 200–299
    ///   (200–399 when redirects are followed), a communication error (500) naming the host when
    ///   the service cannot be reached, a runtime error when the body exceeds `limit` or the task
    ///   is cancelled.
    func perform(_ request: HTTPCallRequest, limit: Int, instance: String?) async throws(WorkflowFault) -> (request: HTTPCallRequest, response: HTTPCallResponse) {
        var current = request
        var redirects = 0
        while true {
            let response = try await send(current, instance: instance)
            let status = Int(response.status.code)
            if !current.followsRedirects, let first = response.history.first, response.history.count > 1,
               (300..<400).contains(Int(first.responseHead.status.code)) {
                // An injected client followed a redirect by itself; the call did not allow it.
                throw fault(current, status: Int(first.responseHead.status.code), reason: "answered \(first.responseHead.status) but the call does not follow redirects; set `redirect: true` to follow them", instance: instance)
            }
            if current.followsRedirects, Self.redirectStatuses.contains(status), let location = response.headers.first(name: "location") {
                redirects += 1
                guard redirects <= Self.maximumRedirects else {
                    throw fault(current, status: status, reason: "redirected more than \(Self.maximumRedirects) times", instance: instance)
                }
                current = try redirected(current, status: status, location: location, instance: instance)
                continue
            }
            let successful = current.followsRedirects ? 200..<400 : 200..<300
            guard successful.contains(status) else {
                // Best effort: a body that breaks off must not hide the status.
                let partial = (try? await read(response.body, limit: HTTPCallResponse.snippetBytes, truncate: true, request: current, instance: instance)) ?? Data()
                let answer = HTTPCallResponse(statusCode: status, headers: [:], body: partial)
                var reason = "answered \(response.status)"
                if (300..<400).contains(status) {
                    reason += "; set `redirect: true` to follow redirects"
                }
                if !answer.snippet.isEmpty { reason += ": \(answer.snippet)" }
                throw fault(current, status: status, reason: reason, instance: instance)
            }
            if let declared = response.headers.first(name: "content-length").flatMap(Int.init), declared > limit {
                throw tooLarge(current, limit: limit, instance: instance)
            }
            let body = try await read(response.body, limit: limit, truncate: false, request: current, instance: instance)
            var headers: [String: String] = [:]
            for (name, value) in response.headers {
                let key = name.lowercased()
                headers[key] = headers[key].map { "\($0), \(value)" } ?? value
            }
            return (current, HTTPCallResponse(statusCode: status, headers: headers, body: body))
        }
    }

    /// Sends one request (no redirect followed here) and returns the response head and its body stream.
    private func send(_ request: HTTPCallRequest, instance: String?) async throws(WorkflowFault) -> HTTPClientResponse {
        let (url, hostHeader) = physicalURL(request.url)
        var outgoing = HTTPClientRequest(url: url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for (name, value) in request.headers {
            outgoing.headers.add(name: name, value: value)
        }
        if let credentials = request.credentials {
            outgoing.headers.replaceOrAdd(name: "Authorization", value: credentials.authorization)
        }
        if let hostHeader, !outgoing.headers.contains(name: "host") {
            outgoing.headers.add(name: "Host", value: hostHeader)
        }
        if let body = request.body {
            outgoing.body = .bytes(ByteBuffer(bytes: body))
        }
        do {
            return try await client.execute(outgoing, deadline: .distantFuture)
        } catch {
            throw failure(error, request: request, instance: instance)
        }
    }

    /// Reads a body up to `limit` bytes: past it, either stops there (`truncate`) or fails.
    private func read(
        _ body: HTTPClientResponse.Body, limit: Int, truncate: Bool, request: HTTPCallRequest, instance: String?
    ) async throws(WorkflowFault) -> Data {
        var collected = Data()
        do {
            for try await chunk in body {
                if collected.count + chunk.readableBytes > limit {
                    guard truncate else { throw tooLarge(request, limit: limit, instance: instance) }
                    collected.append(contentsOf: chunk.readableBytesView.prefix(limit - collected.count))
                    break
                }
                collected.append(contentsOf: chunk.readableBytesView)
            }
        } catch let error as WorkflowFault {
            throw error
        } catch {
            throw failure(error, request: request, instance: instance)
        }
        return collected
    }

    /// The request to send after a redirect: the new URL, GET for a 303 (and for a 301 or 302
    /// after a POST), and no credentials when the redirect leaves the origin.
    private func redirected(_ request: HTTPCallRequest, status: Int, location: String, instance: String?) throws(WorkflowFault) -> HTTPCallRequest {
        guard let base = request.url.url, let target = URL(string: location, relativeTo: base)?.absoluteURL,
              let components = URLComponents(url: target, resolvingAgainstBaseURL: true) else {
            throw fault(request, status: status, reason: "redirected to `\(location)`, which is not a valid URL", instance: instance)
        }
        let parsed = try HTTPCallRequest.parseURL(components.string ?? location, instance: instance)
        var next = request
        next.url = parsed.url
        if status == 303 && request.method != "HEAD" || (status == 301 || status == 302) && request.method == "POST" {
            next.method = "GET"
            next.body = nil
            next.headers.removeAll { $0.name.caseInsensitiveCompare("content-type") == .orderedSame }
        }
        if !Self.sameOrigin(request.url, parsed.url) {
            next.credentials = nil
            next.headers.removeAll { Self.credentialHeaders.contains($0.name.lowercased()) }
        }
        return next
    }

    /// The URL to connect to, and the `Host` header to keep when a host override applies.
    func physicalURL(_ logical: URLComponents) -> (url: String, hostHeader: String?) {
        let text = logical.string ?? ""
        guard let host = logical.host?.lowercased(), let base = hostOverrides[host],
              let baseComponents = URLComponents(url: base, resolvingAgainstBaseURL: false) else {
            return (text, nil)
        }
        var physical = logical
        physical.scheme = baseComponents.scheme ?? "http"
        physical.host = baseComponents.host
        physical.port = baseComponents.port
        let prefix = baseComponents.percentEncodedPath.hasSuffix("/") ? String(baseComponents.percentEncodedPath.dropLast()) : baseComponents.percentEncodedPath
        physical.percentEncodedPath = prefix + logical.percentEncodedPath
        let hostHeader = logical.port.map { "\(host):\($0)" } ?? host
        return (physical.string ?? text, hostHeader)
    }

    /// Headers that carry credentials, never sent on to another origin.
    static let credentialHeaders: Set<String> = ["authorization", "proxy-authorization", "cookie"]

    static func sameOrigin(_ lhs: URLComponents, _ rhs: URLComponents) -> Bool {
        lhs.scheme?.lowercased() == rhs.scheme?.lowercased() && lhs.host?.lowercased() == rhs.host?.lowercased()
            && effectivePort(lhs) == effectivePort(rhs)
    }

    private static func effectivePort(_ url: URLComponents) -> Int? {
        url.port ?? (url.scheme?.lowercased() == "https" ? 443 : 80)
    }

    // MARK: Errors

    private func fault(_ request: HTTPCallRequest, status: Int, reason: String, instance: String?) -> WorkflowFault {
        redacted(.communication("\(request.method) \(request.urlText) \(reason)", status: status, instance: instance), request: request)
    }

    private func tooLarge(_ request: HTTPCallRequest, limit: Int, instance: String?) -> WorkflowFault {
        .runtime(
            "the response to \(request.method) \(request.urlText) is larger than the limit of \(limit) bytes for a task's output; raise ExecutionLimits.maximumOutputBytes or ask the service for less",
            instance: instance)
    }

    /// The fault for an error of the client: cancellation, or a communication error that names
    /// the host.
    private func failure(_ error: any Error, request: HTTPCallRequest, instance: String?) -> WorkflowFault {
        if Task.isCancelled || error is CancellationError || (error as? HTTPClientError) == .cancelled {
            return .runtime("\(request.method) \(request.urlText) was cancelled before it completed", instance: instance)
        }
        let host = request.url.host ?? "the host"
        let target = request.url.port.map { "\(host):\($0)" } ?? host
        return redacted(.communication("\(request.method) \(request.urlText) failed: \(Self.describe(error, target: target))", status: 500, instance: instance), request: request)
    }

    private func redacted(_ fault: WorkflowFault, request: HTTPCallRequest) -> WorkflowFault {
        guard let credentials = request.credentials else { return fault }
        var values: [String: JSONValue] = [:]
        for (index, value) in credentials.sensitiveValues.enumerated() { values["credential\(index)"] = .string(value) }
        return SecretRedactor(.object(["authentication": .object(values)])).redact(fault)
    }

    /// A short explanation of a client error.
    static func describe(_ error: any Error, target: String) -> String {
        if let connection = error as? NIOConnectionError {
            if connection.dnsAError != nil && connection.dnsAAAAError != nil && connection.connectionErrors.isEmpty {
                return "cannot resolve the host name of \(target)"
            }
            let refused = connection.connectionErrors.contains { ($0.error as? IOError)?.errnoCode == ECONNREFUSED }
            return refused ? "cannot connect to \(target): connection refused" : "cannot connect to \(target)"
        }
        if let io = error as? IOError {
            return io.errnoCode == ECONNREFUSED ? "cannot connect to \(target): connection refused" : "cannot connect to \(target): \(io)"
        }
        if let client = error as? HTTPClientError {
            switch client {
            case .connectTimeout: return "cannot connect to \(target): the connection timed out"
            case .readTimeout: return "\(target) did not answer in time"
            case .deadlineExceeded: return "\(target) did not answer before the deadline"
            case .remoteConnectionClosed: return "\(target) closed the connection before answering"
            default: return "the exchange with \(target) failed (\(client))"
            }
        }
        if let channel = error as? ChannelError, case .connectTimeout = channel {
            return "cannot connect to \(target): the connection timed out"
        }
        return "the exchange with \(target) failed (\(error))"
    }
}
