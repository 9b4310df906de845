/// A runtime expression found in a workflow definition: the jq program of a `${ ... }` string.
///
/// In strict mode (the default) only a string whose trimmed form is `${ ... }` is an expression;
/// `"cost: ${ .price }"`, `"$5"` and `"{a}"` are plain strings. Runtimes must evaluate only
/// expressions written in the definition, never strings that arrive in input data (dsl.md, the
/// warning under "Runtime Expressions"), so look for expressions in definition values only.
/// Finding the jq program of a runtime expression.
///
/// In strict mode (the default) only a string whose trimmed form is `${ ... }` is an expression;
/// `"cost: ${ .price }"`, `"$5"` and `"{a}"` are plain strings. Runtimes must evaluate only
/// expressions written in the definition, never strings that arrive in input data (dsl.md, the
/// warning under "Runtime Expressions"), so look for expressions in definition values only.
///
/// Unlike `isEnclosed` (the schema's one-line pattern, used to tell an expression from a URI or a
/// duration while reading), evaluation accepts a `${ ... }` that spans lines, as block scalars do.
extension RuntimeExpression {
    /// The expression a definition string holds under strict rules, or nil for a plain string.
    ///
    /// - Parameter text: a string value of the workflow definition.
    public init?(strict text: String) {
        guard Self.enclosedProgram(text) != nil else { return nil }
        self.init(text)
    }

    /// The expression to evaluate for a definition string in the given mode: in strict mode only a
    /// `${ ... }` string; in loose mode every string.
    public init?(_ text: String, mode: ExpressionMode) {
        switch mode {
        case .strict: self.init(strict: text)
        case .loose: self.init(text)
        }
    }

    /// The jq program: the text between `${` and `}` trimmed, or the whole text trimmed when it is
    /// not enclosed (a loose-mode expression).
    public var program: String {
        Self.program(of: text)
    }

    /// The jq program of an expression's text, enclosed in `${ }` or not.
    public static func program(of text: String) -> String {
        enclosedProgram(text) ?? trimmed(text[...])
    }

    /// Whether a definition string is a runtime expression under strict rules: its trimmed form
    /// starts with `${` and ends with `}`.
    public static func isStrictExpression(_ text: String) -> Bool {
        enclosedProgram(text) != nil
    }

    /// The jq program of `${ ... }` text, or nil when the text is not enclosed that way.
    static func enclosedProgram(_ text: String) -> String? {
        let utf8 = text.utf8
        guard var start = utf8.firstIndex(where: { !isWhitespace($0) }),
            let last = utf8.lastIndex(where: { !isWhitespace($0) })
        else { return nil }
        guard utf8[start] == UInt8(ascii: "$"), utf8[last] == UInt8(ascii: "}") else { return nil }
        start = utf8.index(after: start)
        guard start < last, utf8[start] == UInt8(ascii: "{") else { return nil }
        start = utf8.index(after: start)
        return trimmed(text[start..<last])
    }

    private static func trimmed(_ text: Substring) -> String {
        let utf8 = text.utf8
        guard let first = utf8.firstIndex(where: { !isWhitespace($0) }),
            let last = utf8.lastIndex(where: { !isWhitespace($0) })
        else { return "" }
        return String(text[first...last])
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// The `$name` variables the program mentions, as written (without `$`), in order of first
    /// appearance. A name inside a string literal or a comment counts too: the scan is only used to
    /// decide which arguments to hand to jq, so an extra name costs a conversion, never a wrong result.
    public var mentionedVariables: [String] {
        Self.variables(in: program)
    }

    static func variables(in program: String) -> [String] {
        var names: [String] = []
        let bytes = Array(program.utf8)
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "$") else {
                index += 1
                continue
            }
            var end = index + 1
            while end < bytes.count, isIdentifierByte(bytes[end], first: end == index + 1) { end += 1 }
            if end > index + 1 {
                let name = String(decoding: bytes[(index + 1)..<end], as: UTF8.self)
                if !names.contains(name) { names.append(name) }
            }
            index = end
        }
        return names
    }

    private static func isIdentifierByte(_ byte: UInt8, first: Bool) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"): true
        case UInt8(ascii: "0")...UInt8(ascii: "9"): !first
        default: false
        }
    }
}
