/// The text a step definition matches, written in a small subset of Cucumber expressions:
///
/// - `{int}`: an integer, `-3` or `42`;
/// - `{string}`: a single- or double-quoted string, given without its quotes;
/// - `{strings}`: one or more quoted strings separated by commas, `'a', 'b.c'`;
/// - `{word}`: a run of characters without spaces, such as a task name;
/// - `(text)`: optional text, e.g. `(given )the workflow input is:`.
///
/// Everything else must match exactly, except that runs of spaces in the step's text count as one.
public struct StepExpression: Sendable, Hashable, CustomStringConvertible {
    /// What a parameter of an expression accepts.
    public enum ParameterType: String, Sendable, Hashable, CaseIterable {
        case int, string, strings, word
    }

    enum Token: Sendable, Hashable {
        case literal(String)
        case optional(String)
        case parameter(ParameterType)
    }

    /// The expression as written.
    public let description: String
    let tokens: [Token]

    /// Reads an expression.
    /// - Precondition: every `{name}` is one of the parameter types and every `(` is closed;
    ///   expressions are written by the step library's authors, so a mistake is a programming error.
    public init(_ source: String) {
        description = source
        var tokens: [Token] = []
        var literal = ""
        var rest = Substring(source)
        while let character = rest.first {
            if character == "{", let close = rest.firstIndex(of: "}") {
                let name = String(rest[rest.index(after: rest.startIndex)..<close])
                guard let type = ParameterType(rawValue: name) else {
                    preconditionFailure("unknown parameter type {\(name)} in step expression `\(source)`")
                }
                if !literal.isEmpty { tokens.append(.literal(literal)) }
                literal = ""
                tokens.append(.parameter(type))
                rest = rest[rest.index(after: close)...]
            } else if character == "(" {
                guard let close = rest.firstIndex(of: ")") else {
                    preconditionFailure("unclosed ( in step expression `\(source)`")
                }
                if !literal.isEmpty { tokens.append(.literal(literal)) }
                literal = ""
                tokens.append(.optional(String(rest[rest.index(after: rest.startIndex)..<close])))
                rest = rest[rest.index(after: close)...]
            } else {
                literal.append(character)
                rest = rest.dropFirst()
            }
        }
        if !literal.isEmpty { tokens.append(.literal(literal)) }
        self.tokens = tokens
    }

    /// The arguments of `text` when the whole of it matches, nil otherwise.
    public func match(_ text: String) -> [StepArgument]? {
        let normalized = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        return Self.match(tokens[...], normalized[...])
    }

    private static func match(_ tokens: ArraySlice<Token>, _ text: Substring) -> [StepArgument]? {
        guard let token = tokens.first else { return text.isEmpty ? [] : nil }
        let rest = tokens.dropFirst()
        switch token {
        case .literal(let literal):
            guard text.hasPrefix(literal) else { return nil }
            return match(rest, text.dropFirst(literal.count))
        case .optional(let literal):
            if text.hasPrefix(literal), let arguments = match(rest, text.dropFirst(literal.count)) { return arguments }
            return match(rest, text)
        case .parameter(let type):
            for (argument, remainder) in candidates(type, in: text) {
                if let arguments = match(rest, remainder) { return [argument] + arguments }
            }
            return nil
        }
    }

    /// The ways a parameter can start `text`, longest first, each with what follows it.
    private static func candidates(_ type: ParameterType, in text: Substring) -> [(StepArgument, Substring)] {
        switch type {
        case .int:
            var end = text.startIndex
            if text.first == "-" { end = text.index(after: end) }
            while end < text.endIndex, text[end].isASCII, text[end].isNumber { end = text.index(after: end) }
            guard let value = Int(text[..<end]) else { return [] }
            return [(.int(value), text[end...])]
        case .string:
            guard let (value, remainder) = quoted(text) else { return [] }
            return [(.string(value), remainder)]
        case .strings:
            var values: [String] = []
            var result: [(StepArgument, Substring)] = []
            var remainder = text
            while let (value, after) = quoted(remainder) {
                values.append(value)
                result.append((.strings(values), after))
                var separator = after.drop(while: { $0 == " " })
                guard separator.first == "," else { break }
                separator = separator.dropFirst().drop(while: { $0 == " " })
                remainder = separator
            }
            return result.reversed()
        case .word:
            let word = text.prefix(while: { !$0.isWhitespace })
            return stride(from: word.count, to: 0, by: -1).map { length in
                let end = text.index(text.startIndex, offsetBy: length)
                return (.word(String(text[..<end])), text[end...])
            }
        }
    }

    private static func quoted(_ text: Substring) -> (String, Substring)? {
        guard let quote = text.first, quote == "'" || quote == "\"" else { return nil }
        let body = text.dropFirst()
        guard let close = body.firstIndex(of: quote) else { return nil }
        return (String(body[..<close]), body[body.index(after: close)...])
    }
}
