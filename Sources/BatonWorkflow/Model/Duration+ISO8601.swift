extension Duration {
    /// The length of an ISO 8601 duration such as `PT1H30M` or `PT0.25S`; nil when it has years
    /// or months, which have no fixed length. A week is 7 days and a day 24 hours.
    public init?(iso8601 text: String) {
        guard let parsed = try? ISO8601Duration(parsing: text), let seconds = parsed.totalSeconds else { return nil }
        self = .seconds(seconds)
    }

    /// The length of a parsed ISO 8601 duration; nil when it has years or months.
    public init?(_ duration: ISO8601Duration) {
        guard let seconds = duration.totalSeconds else { return nil }
        self = .seconds(seconds)
    }
}
