import Foundation

/// Splits a command line into words the way a POSIX shell would — single and double quotes,
/// backslash escapes — without expanding anything (compose's `shlex` split of a string `command`).
enum ShellWords {
    struct Failure: Error {
        let problem: String
    }

    static func split(_ text: String) throws(Failure) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var iterator = Array(text).makeIterator()
        while let character = iterator.next() {
            switch character {
            case " ", "\t", "\n", "\r\n":
                if inWord { words.append(current); current = ""; inWord = false }
            case "'":
                inWord = true
                while true {
                    guard let next = iterator.next() else { throw Failure(problem: "a single quote is not closed") }
                    if next == "'" { break }
                    current.append(next)
                }
            case "\"":
                inWord = true
                while true {
                    guard let next = iterator.next() else { throw Failure(problem: "a double quote is not closed") }
                    if next == "\"" { break }
                    if next == "\\" {
                        guard let escaped = iterator.next() else { throw Failure(problem: "the command ends with a backslash") }
                        if escaped == "\n" { continue }
                        if !"\"\\$`".contains(escaped) { current.append("\\") }
                        current.append(escaped)
                    } else {
                        current.append(next)
                    }
                }
            case "\\":
                guard let escaped = iterator.next() else { throw Failure(problem: "the command ends with a backslash") }
                if escaped == "\n" { continue }  // a line continuation, as in a shell
                inWord = true
                current.append(escaped)
            default:
                inWord = true
                current.append(character)
            }
        }
        if inWord { words.append(current) }
        return words
    }
}

/// Reads an env file as docker-compose does: `KEY=VALUE` lines, `#` comments and blank lines
/// skipped, an optional `export `, values in single quotes taken as they are, in double quotes
/// with `\n` `\"` `\\` escapes (either followed by an optional ` # comment`), unquoted values with
/// a trailing ` # comment` removed.
enum EnvFile {
    struct Failure: Error {
        let line: Int
        let problem: String
    }

    static func parse(_ text: String) throws(Failure) -> [String: String] {
        var values: [String: String] = [:]
        // "\r\n" is one Character in Swift: split on it too, or a Windows file is a single line.
        for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            var line = Substring(rawLine)
            line = line.drop { $0 == " " || $0 == "\t" }
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = line.dropFirst("export ".count) }
            guard let equals = line.firstIndex(of: "=") else {
                throw Failure(line: index + 1, problem: "expected KEY=VALUE, not “\(line)”")
            }
            let key = line[..<equals].trimmingSpaces()
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "-" }) else {
                throw Failure(line: index + 1, problem: "“\(key)” is not a variable name")
            }
            var value = line[line.index(after: equals)...].trimmingSpaces()
            if let quote = value.first, quote == "'" || quote == "\"" {
                // The value ends at its closing quote; only a ` # comment` may follow it.
                var characters = value.dropFirst()
                var quoted = ""
                var closed = false
                while let character = characters.popFirst() {
                    if character == quote { closed = true; break }
                    if quote == "\"", character == "\\", let escaped = characters.popFirst() {
                        quoted.append(character)
                        quoted.append(escaped)
                    } else {
                        quoted.append(character)
                    }
                }
                guard closed else {
                    throw Failure(line: index + 1, problem: quote == "'" ? "a single quote is not closed" : "a double quote is not closed")
                }
                let rest = characters.trimmingSpaces()
                guard rest.isEmpty || rest.hasPrefix("#") else {
                    throw Failure(line: index + 1, problem: "unexpected text after the closing quote: “\(rest)”")
                }
                value = quote == "'" ? quoted : quoted.replacingEscapes()
            } else if let comment = value.range(of: " #") {
                value = String(value[..<comment.lowerBound]).trimmingSpaces()
            }
            values[String(key)] = value
        }
        return values
    }
}

extension StringProtocol {
    fileprivate func trimmingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}

extension String {
    fileprivate func replacingEscapes() -> String {
        var result = ""
        var iterator = makeIterator()
        while let character = iterator.next() {
            guard character == "\\", let next = iterator.next() else { result.append(character); continue }
            switch next {
            case "n": result.append("\n")
            case "t": result.append("\t")
            default: result.append(next)
            }
        }
        return result
    }
}
