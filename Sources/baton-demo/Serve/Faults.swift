/// The fault switches of a `baton-demo serve`: what `/faults` shows and sets, and what the
/// `FAULTS` environment variable starts with. All off by default.
///
/// In JSON (`/faults`, `FAULTS`) the keys are snake case: `latency_ms`, `error_rate`, `crash`,
/// `hang`, `unhealthy`, `memory_mb_per_s`, `cpu_percent`.
struct Faults: Sendable, Equatable, Codable {
    /// Milliseconds added to every `/` request.
    var latencyMs: Double = 0
    /// The share of `/` requests, 0 to 1, answered 500.
    var errorRate: Double = 0
    /// Exit at once with status 3.
    var crash = false
    /// Every request but `/faults` waits until this is off again.
    var hang = false
    /// `/health` answers 503.
    var unhealthy = false
    /// MiB allocated, touched and kept each second; what was kept is freed when this goes to 0.
    var memoryMBPerSecond: Double = 0
    /// The share of one core, 0 to 100, kept busy.
    var cpuPercent: Double = 0

    static let none = Faults()

    enum CodingKeys: String, CodingKey, CaseIterable {
        case latencyMs = "latency_ms"
        case errorRate = "error_rate"
        case crash, hang, unhealthy
        case memoryMBPerSecond = "memory_mb_per_s"
        case cpuPercent = "cpu_percent"
    }

    /// The names of the switches that are on, for log lines.
    var summary: String {
        var on: [String] = []
        if latencyMs > 0 { on.append("latency_ms=\(latencyMs.compact)") }
        if errorRate > 0 { on.append("error_rate=\(errorRate.compact)") }
        if crash { on.append("crash") }
        if hang { on.append("hang") }
        if unhealthy { on.append("unhealthy") }
        if memoryMBPerSecond > 0 { on.append("memory_mb_per_s=\(memoryMBPerSecond.compact)") }
        if cpuPercent > 0 { on.append("cpu_percent=\(cpuPercent.compact)") }
        return on.isEmpty ? "none" : on.joined(separator: " ")
    }

    /// The switches as numbers (on is 1), for the `demo_fault` gauge.
    var gaugeValues: [(CodingKeys, Double)] {
        [
            (.latencyMs, latencyMs), (.errorRate, errorRate), (.crash, crash ? 1 : 0), (.hang, hang ? 1 : 0),
            (.unhealthy, unhealthy ? 1 : 0), (.memoryMBPerSecond, memoryMBPerSecond), (.cpuPercent, cpuPercent),
        ]
    }

    /// Checks the ranges.
    /// - Throws: ``FaultsError`` naming the first switch out of range.
    func validated() throws(FaultsError) -> Faults {
        func check(_ key: CodingKeys, _ value: Double, _ range: ClosedRange<Double>, _ text: String) throws(FaultsError) {
            guard value.isFinite, range.contains(value) else {
                throw FaultsError("`\(key.rawValue)` must be \(text), not \(value.compact)")
            }
        }
        try check(.latencyMs, latencyMs, 0...3_600_000, "from 0 to 3600000 (milliseconds)")
        try check(.errorRate, errorRate, 0...1, "from 0 to 1 (the share of requests that fail)")
        try check(.memoryMBPerSecond, memoryMBPerSecond, 0...1024, "from 0 to 1024 (MiB per second)")
        try check(.cpuPercent, cpuPercent, 0...100, "from 0 to 100 (percent of one core)")
        return self
    }
}
