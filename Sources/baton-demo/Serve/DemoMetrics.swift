import Prometheus
import Synchronization

/// The service's metrics in the Prometheus text format, for `GET /metrics`. Every series carries
/// the labels `service` and `instance`.
///
/// - `http_requests_total{route,code}`: counter of answered requests; `route` is `/`, `/health`,
///   `/metrics`, `/faults` or `other`.
/// - `http_request_duration_seconds{route}`: histogram, 1 ms to 10 s.
/// - `http_requests_in_flight`: gauge of requests being answered (the held ones of `hang` too).
/// - `downstream_errors_total{target}`: counter of failed downstream calls, one series per
///   configured downstream from the start.
/// - `demo_fault{fault}`: gauge of each switch (on is 1; numbers as set).
/// - `demo_memory_held_bytes`: gauge of what the memory fault keeps.
/// - `process_resident_memory_bytes` (gauge), `process_cpu_seconds_total` (counter).
final class DemoMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let labels: [(String, String)]
    private let inFlight: Gauge
    private let memoryHeld: Gauge
    private let residentMemory: Gauge
    private let cpuSeconds: Counter
    private let cpuSecondsCounted = Mutex(0.0)

    static let routes: Set<String> = ["/", "/health", "/metrics", "/faults"]

    static let durationBuckets: [Duration] = [
        .milliseconds(1), .microseconds(2500), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
    ]

    init(service: String, instance: String, downstream: [String]) {
        let labels = [("service", service), ("instance", instance)]
        self.labels = labels
        inFlight = registry.makeGauge(descriptor: Self.descriptor("http_requests_in_flight", "Requests being answered."), labels: labels)
        memoryHeld = registry.makeGauge(
            descriptor: Self.descriptor("demo_memory_held_bytes", "Bytes the memory fault allocated and keeps."), labels: labels)
        residentMemory = registry.makeGauge(
            descriptor: Self.descriptor("process_resident_memory_bytes", "Resident memory of the process."), labels: labels)
        cpuSeconds = registry.makeCounter(
            descriptor: Self.descriptor("process_cpu_seconds_total", "User and system CPU time of the process."), labels: labels)
        for target in downstream {
            _ = downstreamErrors(target)
        }
    }

    private static func descriptor(_ name: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }

    /// `route` for a request path: itself when it is one of the service's routes, else `other`
    /// (so that scanning for random paths cannot grow the series without bound).
    static func route(of path: String) -> String {
        routes.contains(path) ? path : "other"
    }

    /// Counts an answered request and its duration.
    func recordRequest(route: String, code: Int, duration: Duration) {
        registry.makeCounter(
            descriptor: Self.descriptor("http_requests_total", "Answered HTTP requests by route and status code."),
            labels: labels + [("route", route), ("code", String(code))]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: Self.descriptor("http_request_duration_seconds", "Time to answer HTTP requests, by route."),
            labels: labels + [("route", route)], buckets: Self.durationBuckets
        ).record(duration)
    }

    /// Counts a failed call to `target`.
    func recordDownstreamError(target: String) {
        downstreamErrors(target).increment()
    }

    private func downstreamErrors(_ target: String) -> Counter {
        registry.makeCounter(
            descriptor: Self.descriptor("downstream_errors_total", "Failed downstream calls (error status, no connection, timeout)."),
            labels: labels + [("target", target)])
    }

    /// Counts a request as in flight while `body` runs.
    func withRequestInFlight<T>(_ body: () async throws -> T) async rethrows -> T {
        inFlight.increment()
        defer { inFlight.decrement() }
        return try await body()
    }

    /// The text exposition, with the gauges of faults and the process brought up to date first.
    func exposition(faults: Faults, memoryHeldBytes: Int) -> String {
        for (key, value) in faults.gaugeValues {
            registry.makeGauge(
                descriptor: Self.descriptor("demo_fault", "The fault switches: 1 when on, or the value set."),
                labels: labels + [("fault", key.rawValue)]
            ).set(value)
        }
        memoryHeld.set(Double(memoryHeldBytes))
        if let resident = ProcessStatistics.residentMemoryBytes() { residentMemory.set(Double(resident)) }
        let cpu = ProcessStatistics.cpuSeconds()
        // The counter only grows: add what was used since the last scrape, under the lock so
        // that two scrapes together do not count the same time twice.
        cpuSecondsCounted.withLock { counted in
            if cpu > counted {
                cpuSeconds.increment(by: cpu - counted)
                counted = cpu
            }
        }
        return registry.emitToString()
    }
}
