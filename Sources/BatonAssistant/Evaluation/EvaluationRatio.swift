/// A metric as a count over a total, so that a report shows what it was computed over; a total
/// of zero has no value (printed `n/a`) rather than a made-up 0 % or 100 %.
public struct EvaluationRatio: Sendable, Hashable {
    public var count: Int
    public var total: Int

    public init(_ count: Int, of total: Int) {
        self.count = count
        self.total = total
    }

    /// The fraction 0…1, or nil when there was nothing to count.
    public var value: Double? {
        total == 0 ? nil : Double(count) / Double(total)
    }

    /// `87.5% (7/8)`, or `n/a (0/0)`.
    public var description: String {
        guard let value else { return "n/a (0/0)" }
        return "\(Self.percent(value)) (\(count)/\(total))"
    }

    static func percent(_ fraction: Double) -> String {
        let tenths = (fraction * 1000).rounded() / 10
        return tenths == tenths.rounded() ? "\(Int(tenths))%" : "\(tenths)%"
    }
}
