/// A runtime expression as written in the document (OWS dsl.md §Runtime Expressions).
///
/// The text is kept verbatim, `${ }` included, so that writing the model back reproduces the
/// document. `RuntimeExpression+Program.swift` finds the jq program in it for evaluation.
public struct RuntimeExpression: Sendable, Hashable, DocumentCodable, CustomStringConvertible {
    /// The expression exactly as written, e.g. `${ .pet.id }`.
    public var text: String

    public init(_ text: String) {
        self.text = text
    }

    public init(from reader: DocumentReader) throws(Diagnostic) {
        text = try reader.string()
    }

    public var documentValue: JSONValue { .string(text) }
    public var description: String { text }

    /// Whether the text is enclosed in `${ }`, the form the schema's `runtimeExpression`
    /// (`^\s*\$\{.+\}\s*$`) and the `strict` evaluation mode require.
    public var isEnclosed: Bool { Self.isEnclosed(text) }

    /// Whether `text` matches the schema's `runtimeExpression` pattern `^\s*\$\{.+\}\s*$`.
    public static func isEnclosed(_ text: String) -> Bool {
        let trimmed = trimmed(text)
        // `.+` needs at least one character between the braces, and `.` does not match a newline.
        guard trimmed.hasPrefix("${"), trimmed.hasSuffix("}"), trimmed.count >= 4 else { return false }
        return !trimmed.dropFirst(2).dropLast().contains { $0 == "\n" || $0 == "\r" }
    }

    private static func trimmed(_ text: String) -> String {
        let blanks: Set<Character> = [" ", "\t", "\n", "\r", "\u{0B}", "\u{0C}"]
        var slice = Substring(text)
        while let first = slice.first, blanks.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, blanks.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}
