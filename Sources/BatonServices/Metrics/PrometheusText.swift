/// A parsed Prometheus text exposition (format 0.0.4, what `/metrics` endpoints serve): its
/// samples in order, and the `# TYPE` and `# HELP` of its metric families.
///
/// Baton reads services' metrics for canary analysis, which needs sums and differences of
/// counters between two scrapes, not a time-series database; so this is a flat list of samples
/// with a few helpers, and ``ErrorRateWindow`` does the arithmetic.
public struct PrometheusText: Sendable, Hashable {
    /// The type a `# TYPE` line gives a metric family.
    public enum MetricType: String, Sendable, Hashable, CaseIterable {
        case counter, gauge, histogram, summary, untyped
    }

    /// Every sample line, in the order of the exposition.
    public var samples: [PrometheusSample]
    /// The `# TYPE` of each family that has one, by family name (`http_request_duration_seconds`,
    /// without `_bucket`).
    public var types: [String: MetricType]
    /// The `# HELP` text of each family that has one, unescaped.
    public var help: [String: String]

    public init(samples: [PrometheusSample], types: [String: MetricType] = [:], help: [String: String] = [:]) {
        self.samples = samples
        self.types = types
        self.help = help
    }

    /// Parses an exposition.
    ///
    /// Blank lines and comments other than `# HELP` and `# TYPE` are skipped; `\r\n` line ends
    /// are accepted. Label values and help texts are unescaped (`\\`, `\"`, `\n`).
    /// - Throws: ``PrometheusTextError`` at the first malformed line, naming its line and column.
    public init(parsing text: String) throws(PrometheusTextError) {
        var parser = PrometheusTextParser()
        try parser.parse(text)
        self.init(samples: parser.samples, types: parser.types, help: parser.help)
    }

    /// The samples whose name is `name` exactly.
    public func samples(named name: String) -> [PrometheusSample] {
        samples.filter { $0.name == name }
    }

    /// The sum of the samples named `name` whose labels satisfy `predicate` — for a counter,
    /// the total over the series chosen (`sum(of: "http_requests_total") { $0["code"] == "500" }`).
    /// `0` when no sample matches.
    public func sum(of name: String, where predicate: ([String: String]) -> Bool = { _ in true }) -> Double {
        var total = 0.0
        for sample in samples where sample.name == name && predicate(sample.labels) {
            total += sample.value
        }
        return total
    }

    /// The value of the one sample named `name` with exactly these labels, if there is one.
    public func value(of name: String, labels: [String: String] = [:]) -> Double? {
        samples.first { $0.name == name && $0.labels == labels }?.value
    }
}
