/// What came of the requests of a load run, or of one reporting window of it.
struct LoadStatistics: Sendable {
    /// How one request ended.
    enum Outcome: Sendable {
        /// An HTTP answer; 2xx and 3xx count as success.
        case status(Int)
        /// No answer within the timeout.
        case timeout
        /// No answer: the connection failed or was closed.
        case failed
    }

    private(set) var sent = 0
    private(set) var succeeded = 0
    /// Failed requests by kind: the status code (`500`), `timeout` or `failed`.
    private(set) var failures: [String: Int] = [:]
    /// Ticks when `concurrency` requests were already in flight, so none was sent.
    var dropped = 0
    /// Latencies of the requests that got an answer.
    private(set) var latency = LatencyHistogram()

    var failed: Int { failures.values.reduce(0, +) }

    mutating func recordSent() {
        sent += 1
    }

    mutating func record(_ outcome: Outcome, after elapsed: Duration) {
        switch outcome {
        case .status(let code):
            latency.record(elapsed)
            if (200..<400).contains(code) { succeeded += 1 } else { failures[String(code), default: 0] += 1 }
        case .timeout:
            failures["timeout", default: 0] += 1
        case .failed:
            failures["failed", default: 0] += 1
        }
    }

    /// Requests that ended, with an answer or not.
    var completed: Int { succeeded + failed }

    /// `requests 50 ok 48 errors 2 (500: 2) dropped 0 | p50 3.1ms p95 8.0ms p99 9.9ms`, where
    /// requests are those that ended (`ok` + `errors`).
    var line: String {
        var text = "requests \(completed) ok \(succeeded) errors \(failed)"
        if !failures.isEmpty {
            text += " (" + failures.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + ")"
        }
        text += " dropped \(dropped) |"
        for (name, fraction) in [("p50", 0.5), ("p95", 0.95), ("p99", 0.99)] {
            text += " \(name) " + (latency.percentile(fraction).map { "\($0.milliseconds.roundedToTenths.compact)ms" } ?? "-")
        }
        return text
    }
}
