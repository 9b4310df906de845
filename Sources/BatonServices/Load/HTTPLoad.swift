import AsyncHTTPClient
import BatonWorkflow
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// An open-loop HTTP load (`http-load`): `GET url` at a fixed rate whatever the answers take —
/// so that a slow service shows as latency and errors, not as fewer requests — with at most
/// `concurrency` in flight (a tick that finds them all busy is counted as dropped). Latency is
/// measured on the requests that got an answer; percentiles are exact up to
/// ``HTTPLoad/sampleLimit`` answers and from a uniform sample beyond.
public struct HTTPLoad: Sendable {
    public var url: String
    public var rate: Int
    public var duration: Duration
    public var concurrency: Int
    public var timeout: Duration

    public static let sampleLimit = 200_000

    public init(url: String, rate: Int, duration: Duration, concurrency: Int = 512, timeout: Duration = .seconds(10)) {
        self.url = url
        self.rate = rate
        self.duration = duration
        self.concurrency = concurrency
        self.timeout = timeout
    }

    public struct Report: Sendable {
        public var requests = 0
        public var succeeded = 0
        /// Failed requests by kind: the status code (`"500"`), `timeout` or `connection`.
        public var errors: [String: Int] = [:]
        public var dropped = 0
        public var latencies: [Double] = []
        public var answered = 0
        public var elapsed: Duration = .zero

        /// The latency at `fraction` (0.5 for the median) in milliseconds, nearest rank.
        public func percentile(_ fraction: Double) -> Double? {
            guard !latencies.isEmpty else { return nil }
            let sorted = latencies.sorted()
            let rank = min(sorted.count - 1, max(0, Int((fraction * Double(sorted.count)).rounded(.up)) - 1))
            return sorted[rank]
        }

        mutating func record(status: Int?, error: String?, milliseconds: Double) {
            requests += 1
            if let status {
                answered += 1
                if latencies.count < HTTPLoad.sampleLimit {
                    latencies.append(milliseconds)
                } else {
                    let slot = Int.random(in: 0..<answered)
                    if slot < HTTPLoad.sampleLimit { latencies[slot] = milliseconds }
                }
                if (200..<400).contains(status) { succeeded += 1 } else { errors[String(status), default: 0] += 1 }
            } else {
                errors[error ?? "connection", default: 0] += 1
            }
        }

        public var jsonValue: JSONValue {
            func milliseconds(_ value: Double?) -> JSONValue { value.map { .number(($0 * 100).rounded() / 100) } ?? .null }
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            return [
                "requests": .integer(requests), "succeeded": .integer(succeeded),
                "errors": ["total": .integer(errors.values.reduce(0, +)), "by_kind": .object(errors.mapValues(JSONValue.integer))],
                "dropped": .integer(dropped), "achieved_rps": .number(seconds > 0 ? (Double(requests) / seconds * 10).rounded() / 10 : 0),
                "latency_ms": ["p50": milliseconds(percentile(0.5)), "p95": milliseconds(percentile(0.95)), "p99": milliseconds(percentile(0.99)), "max": milliseconds(latencies.max())],
            ]
        }
    }

    /// Sends the load and waits for the requests in flight.
    public func run() async -> Report {
        let state = LoadState()
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: concurrency)
        // A refused connection is an error to count now, not to retry until the timeout.
        configuration.connectionPool.retryConnectionEstablishment = false
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let clock = ContinuousClock()
        let start = clock.now
        let interval = Duration.seconds(1) / rate
        let total = Int((Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18) * Double(rate))
        let (url, timeout) = (self.url, self.timeout)
        let limit = concurrency
        await withDiscardingTaskGroup { group in
            for index in 0..<total {
                do {
                    try await clock.sleep(until: start + interval * index)
                } catch {
                    break
                }
                guard state.inFlight.add(1, ordering: .relaxed).newValue <= limit else {
                    state.inFlight.subtract(1, ordering: .relaxed)
                    state.report.withLock { $0.dropped += 1 }
                    continue
                }
                group.addTask {
                    let sent = clock.now
                    var status: Int?
                    var kind: String?
                    do {
                        let response = try await client.execute(HTTPClientRequest(url: url), timeout: .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000))
                        _ = try await response.body.collect(upTo: 16 << 20)
                        status = Int(response.status.code)
                    } catch {
                        let timedOut = (error as? HTTPClientError).map { [HTTPClientError.deadlineExceeded, .readTimeout, .connectTimeout].contains($0) } ?? false
                        kind = timedOut ? "timeout" : "connection"
                    }
                    let elapsed = clock.now - sent
                    let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
                    state.report.withLock { $0.record(status: status, error: kind, milliseconds: milliseconds) }
                    state.inFlight.subtract(1, ordering: .relaxed)
                }
            }
        }
        try? await client.shutdown()
        var result = state.report.withLock { $0 }
        result.elapsed = clock.now - start
        return result
    }
}

/// What the requests of one load share: the report and how many are in flight.
private final class LoadState: Sendable {
    let report = Mutex(HTTPLoad.Report())
    let inFlight = Atomic(0)
}
