import NIOCore

extension TimeAmount {
    /// Converts a Swift `Duration` to NIO's nanosecond count, saturating at the largest amount.
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow {
            self = .nanoseconds(seconds < 0 ? .min : .max)
        } else {
            let (total, overflowAgain) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000)
            self = .nanoseconds(overflowAgain ? (seconds < 0 ? .min : .max) : total)
        }
    }
}
