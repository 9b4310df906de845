/// A feature file that cannot be read: what is wrong and the line it is on.
public struct GherkinError: Error, Sendable, Hashable {
    /// How the file is named in messages.
    public var file: String
    /// The 1-based line of the problem.
    public var line: Int
    public var message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }
}

extension GherkinError: CustomStringConvertible {
    /// `call.feature:12: a table row must end with |`
    public var description: String { "\(file):\(line): \(message)" }
}
