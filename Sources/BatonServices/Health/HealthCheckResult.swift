/// The outcome of one probe of one instance: what `baton ps` shows and what the supervisor acts on.
public struct HealthCheckResult: Sendable, Hashable, CustomStringConvertible {
    public var healthy: Bool
    /// A short human explanation: `HTTP 503 from /health`, `connection refused on
    /// 127.0.0.1:41234`, `timed out after 1s`, or a command's last line of output.
    public var detail: String
    /// How long the probe took, from its start to its verdict.
    public var duration: Duration

    public init(healthy: Bool, detail: String, duration: Duration) {
        self.healthy = healthy
        self.detail = detail
        self.duration = duration
    }

    public var description: String { "\(healthy ? "healthy" : "unhealthy"): \(detail) (\(duration.shortDescription))" }
}
