/// The error rate of a service between two scrapes of its metrics: the share of its requests
/// in that window that answered 5xx — what canary analysis compares between the canary and the
/// stable instances.
///
/// The contract with services: a counter (`http_requests_total` by default) with a label
/// holding the HTTP status (`code`, e.g. `"200"`, `"503"`). Counters only grow, so each series'
/// increase is its later value minus its earlier one; a series that went down was reset (the
/// instance restarted) and counts from zero, and a series absent from the earlier scrape counts
/// whole — client libraries create a series at its first request, which then was in the window.
public struct ErrorRateWindow: Sendable, Hashable {
    /// The counter of requests.
    public var counter: String
    /// The label of `counter` holding the HTTP status code.
    public var codeLabel: String
    /// Requests not counted: series whose `route` (or `path`, `handler`) label is one of these —
    /// by default the health checks and scrapes Baton itself makes, which are not the traffic
    /// being judged.
    public var ignoredRoutes: Set<String>

    public init(counter: String = "http_requests_total", codeLabel: String = "code", ignoredRoutes: Set<String> = ["/health", "/metrics"]) {
        self.counter = counter
        self.codeLabel = codeLabel
        self.ignoredRoutes = ignoredRoutes
    }

    private func isIgnored(_ labels: [String: String]) -> Bool {
        ["route", "path", "handler"].contains { labels[$0].map(ignoredRoutes.contains) ?? false }
    }

    /// The requests, and the 5xx ones among them, counted between two scrapes.
    public struct Counts: Sendable, Hashable {
        public var requests: Double
        public var errors: Double

        public init(requests: Double, errors: Double) {
            self.requests = requests
            self.errors = errors
        }

        /// `errors / requests`, or `nil` when there was no request: no traffic is no evidence,
        /// neither good nor bad.
        public var errorRate: Double? {
            requests > 0 ? errors / requests : nil
        }
    }

    /// The increase of the requests counter from `earlier` to `later`, in all and for 5xx codes.
    public func counts(from earlier: PrometheusText, to later: PrometheusText) -> Counts {
        var before: [[String: String]: Double] = [:]
        for sample in earlier.samples where sample.name == counter {
            before[sample.labels, default: 0] += sample.value
        }
        var counts = Counts(requests: 0, errors: 0)
        for sample in later.samples where sample.name == counter && sample.value.isFinite && !isIgnored(sample.labels) {
            let previous = before[sample.labels] ?? 0
            let increase = sample.value >= previous ? sample.value - previous : sample.value
            counts.requests += increase
            if Self.isServerError(sample.labels[codeLabel]) { counts.errors += increase }
        }
        return counts
    }

    /// Δ(5xx requests) / Δ(all requests) from `earlier` to `later`; `nil` when there was no request.
    public func errorRate(from earlier: PrometheusText, to later: PrometheusText) -> Double? {
        counts(from: earlier, to: later).errorRate
    }

    /// `5xx` status codes: three characters, the first a `5` (also `"5xx"`, as some exporters group them).
    static func isServerError(_ code: String?) -> Bool {
        guard let code, code.utf8.count == 3 else { return false }
        return code.utf8.first == UInt8(ascii: "5")
    }
}
