import Foundation

/// Latencies counted in buckets that grow by 2 % from 1 µs, so that percentiles of any number of
/// requests take bounded memory and come out within 2 % of the exact value.
struct LatencyHistogram: Sendable {
    private static let smallest = 1e-6
    private static let growth = 1.02
    private var counts: [Int: Int] = [:]
    private(set) var count = 0
    private(set) var maximum: Duration = .zero

    mutating func record(_ latency: Duration) {
        let seconds = max(latency.seconds, Self.smallest)
        let index = Int((log(seconds / Self.smallest) / log(Self.growth)).rounded(.down))
        counts[index, default: 0] += 1
        count += 1
        maximum = max(maximum, latency)
    }

    /// The latency that `fraction` (0 to 1) of the recorded ones do not exceed — the upper edge of
    /// its bucket, and never more than the largest recorded; nil when nothing was recorded.
    func percentile(_ fraction: Double) -> Duration? {
        guard count > 0 else { return nil }
        let rank = max(1, Int((fraction * Double(count)).rounded(.up)))
        var seen = 0
        for index in counts.keys.sorted() {
            seen += counts[index] ?? 0
            if seen >= rank {
                let edge = Self.smallest * pow(Self.growth, Double(index + 1))
                return min(.milliseconds(edge * 1000), maximum)
            }
        }
        return maximum
    }
}
