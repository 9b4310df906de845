/// A URI or URI reference that may embed `{name}` variables (OWS dsl-reference.md §URI Template:
/// RFC 6570 simple string expansion only).
///
/// Reading follows the schema's `uriTemplate` pattern: not empty, no blanks outside a leading
/// scheme, and not a runtime expression (those are read as `ExpressionOr.expression`).
public struct URITemplate: Sendable, Hashable, DocumentCodable, CustomStringConvertible {
    public var text: String

    public init(_ text: String) {
        self.text = text
    }

    public init(from reader: DocumentReader) throws(Diagnostic) {
        let text = try reader.string()
        if let problem = Self.problem(with: text) {
            throw reader.error("`\(text)` is not a URI or URI template: \(problem)", code: "model.uri")
        }
        self.text = text
    }

    public var documentValue: JSONValue { .string(text) }
    public var description: String { text }

    /// The names between braces, in order: `{petId}` gives `petId`.
    public var variableNames: [String] {
        var names: [String] = []
        var current: String?
        for character in text {
            switch character {
            case "{": current = ""
            case "}":
                if let name = current { names.append(name) }
                current = nil
            default: current?.append(character)
            }
        }
        return names
    }

    /// The template with each `{name}` replaced by the text of its value; names without a
    /// value become empty, as the spec says.
    public func expanded(with values: [String: String]) -> String {
        var result = ""
        var current: String?
        for character in text {
            switch character {
            case "{" where current == nil: current = ""
            case "}" where current != nil:
                result += current.flatMap { values[$0] } ?? ""
                current = nil
            default:
                if current != nil { current?.append(character) } else { result.append(character) }
            }
        }
        if let unterminated = current { result += "{" + unterminated }
        return result
    }

    /// Why the text does not match the schema's URI reference pattern, or nil when it does.
    static func problem(with text: String) -> String? {
        guard let first = text.first else { return "it is empty" }
        if first.isWhitespace { return "it starts with a blank" }
        if text.drop(while: \.isWhitespace).hasPrefix("${") { return "it looks like a runtime expression but is not closed by `}`" }
        // Appendix B of RFC 3986: only the scheme (before the first `:`, with no `/?#` in it) may hold blanks.
        let afterScheme: Substring
        if let colon = text.firstIndex(of: ":"), !text[..<colon].contains(where: { "/?#".contains($0) }), colon != text.startIndex {
            afterScheme = text[text.index(after: colon)...]
        } else {
            afterScheme = Substring(text)
        }
        if afterScheme.contains(where: \.isWhitespace) { return "it contains a blank; encode it as %20" }
        return nil
    }
}
