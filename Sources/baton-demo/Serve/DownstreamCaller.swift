import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// Calls a service's downstreams for one request: all of them at once, each with a timeout.
struct DownstreamCaller: Sendable {
    let targets: [String]
    let timeout: Duration
    /// Made with ``clientConfiguration``.
    let client: HTTPClient

    /// Keep-alive connections, up to 64 per downstream; a refused connection fails the call at
    /// once (as it would for a real service), rather than being retried until the timeout.
    static var clientConfiguration: HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)
        configuration.connectionPool.retryConnectionEstablishment = false
        return configuration
    }

    /// The outcome of one call, as `/` reports it.
    struct Outcome: Sendable, Encodable {
        var target: String
        /// The HTTP status, when an answer came.
        var status: Int?
        var elapsedMs: Double
        /// Why the call failed: an error status, no connection, a timeout.
        var error: String?

        var succeeded: Bool { error == nil }

        enum CodingKeys: String, CodingKey {
            case target, status, error
            case elapsedMs = "elapsed_ms"
        }
    }

    /// Calls every target with `GET`, in parallel; the outcomes are in the order of `targets`.
    func callAll() async -> [Outcome] {
        await withTaskGroup(of: (Int, Outcome).self) { group in
            for (index, target) in targets.enumerated() {
                group.addTask { (index, await call(target)) }
            }
            var outcomes = [Outcome?](repeating: nil, count: targets.count)
            for await (index, outcome) in group { outcomes[index] = outcome }
            return outcomes.compactMap { $0 }
        }
    }

    private func call(_ target: String) async -> Outcome {
        let clock = ContinuousClock()
        let start = clock.now
        func outcome(status: Int?, error: String?) -> Outcome {
            Outcome(target: target, status: status, elapsedMs: (clock.now - start).milliseconds.roundedToTenths, error: error)
        }
        do {
            let request = HTTPClientRequest(url: target)
            let response = try await client.execute(request, timeout: .nanoseconds(Int64(timeout.seconds * 1e9)))
            // Read the answer to the end, so that the connection can serve the next call.
            _ = try await response.body.collect(upTo: 1 << 20)
            let status = Int(response.status.code)
            return outcome(status: status, error: (200..<400).contains(status) ? nil : "answered \(status)")
        } catch let error as HTTPClientError where error == .deadlineExceeded {
            return outcome(status: nil, error: "no answer within \(Int(timeout.milliseconds)) ms")
        } catch {
            return outcome(status: nil, error: errorText(error))
        }
    }
}
