/// A line of a Prometheus text exposition that does not follow the format.
///
/// The message names the line and column, what was expected there, and quotes the line, so that
/// whoever maintains the scraped service can find it.
public struct PrometheusTextError: Error, Sendable, Hashable, CustomStringConvertible {
    /// 1-based line number in the exposition.
    public let line: Int
    /// 1-based column (in characters) where the problem starts.
    public let column: Int
    /// What is wrong, in a sentence that says what was expected.
    public let problem: String
    /// The offending line, shortened to 200 characters.
    public let text: String

    public init(line: Int, column: Int, problem: String, text: String) {
        self.line = line
        self.column = column
        self.problem = problem
        self.text = text.count > 200 ? String(text.prefix(200)) + "…" : text
    }

    public var description: String {
        "line \(line), column \(column): \(problem) (the Prometheus text format is described at "
            + "https://prometheus.io/docs/instrumenting/exposition_formats/): `\(text)`"
    }
}
