/// One sample of a Prometheus exposition: a line such as
/// `http_requests_total{code="500",method="get"} 3 1700000000000`.
///
/// Histograms and summaries are not folded into one value: their `_bucket`, `_sum` and `_count`
/// lines are samples of their own, as the exposition writes them, so that a caller sums or
/// subtracts them exactly like counters.
public struct PrometheusSample: Sendable, Hashable {
    /// The metric name as written, suffix included (`http_request_duration_seconds_bucket`).
    public var name: String
    /// The labels, unescaped. A sample without labels has an empty dictionary.
    public var labels: [String: String]
    /// The value; `+Inf`, `-Inf` and `NaN` are the IEEE values.
    public var value: Double
    /// Milliseconds since the Unix epoch, when the exposition gives one (most do not).
    public var timestamp: Int64?

    public init(name: String, labels: [String: String] = [:], value: Double, timestamp: Int64? = nil) {
        self.name = name
        self.labels = labels
        self.value = value
        self.timestamp = timestamp
    }
}
