import Foundation

/// How long to wait before trying a failed request again: exponential back-off with jitter, or
/// what the server's `Retry-After` asks for (up to a bound, so that a server cannot park us).
public struct RetryPolicy: Sendable, Hashable {
    /// The wait before the first retry; it doubles with each further retry.
    public var baseDelay: Duration
    /// The longest back-off.
    public var maxDelay: Duration
    /// The longest `Retry-After` honoured; a longer one is cut to this.
    public var maxRetryAfter: Duration

    public init(baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(20), maxRetryAfter: Duration = .seconds(60)) {
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
    }

    /// The wait before retry number `retry` (1 for the first). `jitter` is in 0…1: the wait is
    /// between half and all of the exponential step, so that clients that failed together do not
    /// come back together. A `Retry-After` wins over the back-off.
    public func delay(beforeRetry retry: Int, retryAfter: Duration?, jitter: Double) -> Duration {
        if let retryAfter { return min(max(retryAfter, .zero), maxRetryAfter) }
        let step = min(baseDelay * (1 << min(max(retry - 1, 0), 20)), maxDelay)
        return step * (0.5 + 0.5 * min(max(jitter, 0), 1))
    }

    /// A `Retry-After` header: seconds, or an HTTP date (then the time from `now` until it).
    public static func retryAfter(_ header: String?, now: Date = Date()) -> Duration? {
        guard let header = header?.trimmingCharacters(in: .whitespaces), !header.isEmpty else { return nil }
        if let seconds = Double(header) { return .milliseconds(Int64(max(seconds, 0) * 1000)) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: header) else { return nil }
        return .milliseconds(Int64(max(date.timeIntervalSince(now), 0) * 1000))
    }
}
