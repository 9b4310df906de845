/// A place in a source file: the file's name as the user gave it, and a 1-based line and column.
public struct SourceLocation: Sendable, Hashable {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }
}

extension SourceLocation: CustomStringConvertible {
    /// `deploy.yaml:14:9`, the form editors and terminals turn into links.
    public var description: String { "\(file):\(line):\(column)" }
}
