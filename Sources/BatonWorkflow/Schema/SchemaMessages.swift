/// Wording shared by the validation messages: values, type names and counts as a workflow
/// author reads them.
enum SchemaMessages {
    /// Longer values are cut, so that one message stays on one line.
    private static let maximumQuotedLength = 60

    /// A value in backticks: strings as written, anything else as compact JSON.
    static func quote(_ value: JSONValue) -> String {
        var text: String
        if case .string(let string) = value { text = string } else { text = value.jsonText() }
        if text.count > maximumQuotedLength { text = String(text.prefix(maximumQuotedLength - 1)) + "…" }
        return "`\(text)`"
    }

    /// `` `a`, `b`, `c` `` (at most twelve values, then how many more).
    static func list(_ values: [JSONValue]) -> String {
        let shown = values.prefix(12).map(quote).joined(separator: ", ")
        return values.count > 12 ? shown + " and \(values.count - 12) more" : shown
    }

    /// "a, b and c".
    static func conjunction(_ items: [String], word: String = "and") -> String {
        guard let last = items.last else { return "" }
        if items.count == 1 { return last }
        return items.dropLast().joined(separator: ", ") + " \(word) " + last
    }

    /// "a string or an object".
    static func describe(_ types: SchemaTypes) -> String {
        let names = SchemaTypes.named.filter { types.contains($0.1) }.map { withArticle($0.0) }
        return conjunction(names, word: "or")
    }

    /// "an integer", "a number", "null".
    static func describeType(of value: JSONValue) -> String {
        switch value {
        case .number(let number) where number.isFinite && number.rounded() == number: "a number"
        default: value.typeNameWithArticle
        }
    }

    private static func withArticle(_ name: String) -> String {
        switch name {
        case "null": "null"
        case "object", "array", "integer": "an \(name)"
        default: "a \(name)"
        }
    }

    /// "1 item", "3 items".
    static func count(_ number: Int, _ noun: String) -> String {
        number == 1 ? "1 \(noun)" : "\(number) \(noun)s"
    }

    /// A limit as written in a schema: `3` rather than `3.0`.
    static func format(_ number: Double) -> String {
        if number.isFinite, number.rounded() == number, abs(number) < 1e15 { return String(Int(number)) }
        return "\(number)"
    }

    /// The keys of an object, quoted and sorted: "`a`, `b`".
    static func keys(_ members: [String: JSONValue]) -> String {
        members.keys.sorted().map { "`\($0)`" }.joined(separator: ", ")
    }

    /// An alternative of `oneOf` by its title, or by its position.
    static func alternative(_ index: Int, title: String?) -> String {
        title.map { "`\($0)` (alternative \(index))" } ?? "alternative \(index)"
    }
}
