/// A scrape of a service's metrics that failed: which URL, and what went wrong in a sentence that
/// says what to look at.
public struct PrometheusScrapeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure, for callers that react differently (an unreachable instance is
    /// retried at the next scrape; malformed metrics will not get better).
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// No connection, no answer in time, or the connection broke.
        public static let unreachable = Code("unreachable")
        /// The server answered with a status other than 200.
        public static let httpStatus = Code("httpStatus")
        /// The body went past the size limit.
        public static let tooLarge = Code("tooLarge")
        /// The body is not the Prometheus text format.
        public static let malformed = Code("malformed")

        public var description: String { name }
    }

    public let code: Code
    public let url: String
    public let problem: String

    public var description: String { "scraping \(url): \(problem)" }

    /// Whether scraping again later may succeed.
    public var isRetryable: Bool { code == .unreachable || code == .httpStatus }
}
