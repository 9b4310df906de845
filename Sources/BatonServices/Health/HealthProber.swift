import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs health probes. One prober serves every instance of every service.
///
/// HTTP probes go through an AsyncHTTPClient that keeps one connection alive per instance: the
/// supervisor probes every instance every second, and the probes' CPU is pure overhead. Measured
/// at 200 probes a second against a local server (release build, `HealthProbeBenchmarkTests`),
/// a keep-alive GET costs 70–80 µs of CPU (1.5% of a core), a fresh connection per probe (a
/// hand-written `GET` with `Connection: close` on a raw NIO channel) 130–140 µs (2.6%) —
/// setting up and tearing down the TCP connection is most of a probe — and the instance's side
/// pays a third as much too. The probe client does not retry a refused connection (a dead
/// instance is reported at once, not at the timeout) and does not follow redirects (a 3xx is
/// the answer).
///
/// TCP probes connect on raw NIO channels and close at once; command probes run through
/// swift-subprocess. Timeouts bound real I/O — deadlines on the event loop, or the wall clock
/// for commands — so there is no clock to inject.
public struct HealthProber: Sendable {
    private let eventLoopGroup: any EventLoopGroup
    private let httpClient: HTTPClient

    /// - Parameters:
    ///   - httpClient: the client of HTTP probes; by default one shared by all probers of the
    ///     process, configured as described above, and never shut down.
    ///   - eventLoopGroup: where the TCP probes run; NIO's process-wide group by default.
    public init(httpClient: HTTPClient? = nil, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.httpClient = httpClient ?? probeHTTPClient
        self.eventLoopGroup = eventLoopGroup
    }

    /// Probes `target` once. Never throws: every failure — refused, timed out, a bad status, a
    /// command that cannot start — is an unhealthy result whose detail says which.
    public func check(_ probe: HealthProbe, target: HealthProbe.Target) async -> HealthCheckResult {
        let start = ContinuousClock.now
        let verdict: (healthy: Bool, detail: String)
        switch probe.kind {
        case .http(let path, let port):
            verdict = await checkHTTP(path: path, host: target.host, port: port ?? target.port, timeout: probe.timeout)
        case .tcp(let port):
            verdict = await checkTCP(host: target.host, port: port ?? target.port, timeout: probe.timeout)
        case .command(let arguments):
            verdict = await checkCommand(arguments, target: target, timeout: probe.timeout)
        }
        return HealthCheckResult(healthy: verdict.healthy, detail: verdict.detail, duration: start.duration(to: .now))
    }

    // MARK: - HTTP

    /// The most of a response body read (and dropped) so that its connection can serve the next probe.
    static let bodyLimit = 64 * 1024

    private func checkHTTP(path: String, host: String, port: Int?, timeout: Duration) async -> (healthy: Bool, detail: String) {
        let address: SocketAddress
        switch Self.address(host: host, port: port) {
        case .success(let value): address = value
        case .failure(let problem): return (false, problem.detail)
        }
        let port = address.port ?? 0
        let path = path.hasPrefix("/") ? path : "/" + path
        if let bad = path.unicodeScalars.first(where: { $0.value <= 0x20 || $0.value == 0x7F }) {
            return (false, "the probe path “\(path)” holds a space or control character (U+\(String(bad.value, radix: 16, uppercase: true))): percent-encode it")
        }
        let authority = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        var request = HTTPClientRequest(url: "http://\(authority)\(path)")
        request.headers.add(name: "User-Agent", value: "baton-health-probe")
        do {
            let response = try await httpClient.execute(request, deadline: .now() + TimeAmount(timeout))
            let status = Int(response.status.code)
            // The verdict is the status; the body is read only to keep the connection for the next probe.
            _ = try? await response.body.collect(upTo: Self.bodyLimit)
            return ((200..<400).contains(status), "HTTP \(status) from \(path)")
        } catch is HTTPParserError {
            return (false, "not an HTTP response from \(host):\(port)")
        } catch let error as HTTPClientError where error == .remoteConnectionClosed {
            return (false, "connection closed by \(host):\(port) without an HTTP response")
        } catch {
            return (false, Self.connectionProblem(error, host: host, port: port, timeout: timeout))
        }
    }

    // MARK: - TCP

    private func checkTCP(host: String, port: Int?, timeout: Duration) async -> (healthy: Bool, detail: String) {
        let address: SocketAddress
        switch Self.address(host: host, port: port) {
        case .success(let value): address = value
        case .failure(let problem): return (false, problem.detail)
        }
        let port = address.port ?? 0
        do {
            let channel = try await ClientBootstrap(group: eventLoopGroup)
                .connectTimeout(TimeAmount(timeout))
                .connect(to: address)
                .get()
            channel.close(promise: nil)
            return (true, "connected to \(host):\(port)")
        } catch {
            return (false, Self.connectionProblem(error, host: host, port: port, timeout: timeout))
        }
    }

    // MARK: - Shared

    private struct AddressProblem: Error {
        let detail: String
    }

    private static func address(host: String, port: Int?) -> Result<SocketAddress, AddressProblem> {
        guard let port else {
            return .failure(AddressProblem(detail: "no port to probe: the instance has no allocated port and the probe names none"))
        }
        guard (1...65535).contains(port) else {
            return .failure(AddressProblem(detail: "port \(port) is not a TCP port (1–65535)"))
        }
        do {
            return .success(try SocketAddress(ipAddress: host, port: port))
        } catch {
            return .failure(AddressProblem(detail: "“\(host)” is not an IP address; probes connect to an instance's address, e.g. 127.0.0.1"))
        }
    }

    /// What went wrong with a connection, as a short phrase that names the address.
    static func connectionProblem(_ error: any Error, host: String, port: Int, timeout: Duration) -> String {
        let endpoint = "\(host):\(port)"
        switch error {
        case let error as HTTPClientError where error == .deadlineExceeded || error == .connectTimeout || error == .readTimeout:
            return "timed out after \(timeout.shortDescription)"
        case let error as ChannelError:
            if case .connectTimeout = error { return "timed out after \(timeout.shortDescription)" }
            return "cannot connect to \(endpoint): \(error)"
        case let error as IOError:
            switch error.errnoCode {
            case ECONNREFUSED: return "connection refused on \(endpoint)"
            case ECONNRESET: return "connection reset by \(endpoint)"
            case ETIMEDOUT: return "timed out after \(timeout.shortDescription)"
            case EHOSTUNREACH, ENETUNREACH: return "\(host) is unreachable"
            default: return "cannot connect to \(endpoint): \(error.description)"
            }
        case let error as NIOConnectionError:
            if let first = error.connectionErrors.first {
                return connectionProblem(first.error, host: host, port: port, timeout: timeout)
            }
            return "cannot connect to \(endpoint): \(error)"
        default:
            return "cannot connect to \(endpoint): \(error)"
        }
    }
}

/// The client of HTTP probes given none: keep-alive, no retry of a refused connection, no
/// redirect following. Like `HTTPClient.shared` it lives as long as the process.
private let probeHTTPClient: HTTPClient = {
    var configuration = HTTPClient.Configuration()
    configuration.connectionPool.retryConnectionEstablishment = false
    configuration.redirectConfiguration = .disallow
    return HTTPClient(configuration: configuration)
}()
