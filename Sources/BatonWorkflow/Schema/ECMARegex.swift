import Foundation

/// A compiled `pattern` / `patternProperties` regular expression.
///
/// JSON Schema patterns are ECMA-262 regular expressions; ICU (behind `NSRegularExpression`) reads
/// nearly the same syntax, except that its `\d` and `\w` match any Unicode digit or letter where
/// ECMA-262 means ASCII only, and its `$` also matches before a final line break where ECMA-262's
/// matches only at the end of the text; those are rewritten before compiling.
struct ECMARegex: @unchecked Sendable {
    // @unchecked: NSRegularExpression is immutable after creation and documented as safe to use
    // from several threads at once; it is not marked Sendable on every platform.
    let source: String
    private let expression: NSRegularExpression

    /// Compiles `pattern`; throws the reason as text when it is not a valid expression.
    init(_ pattern: String) throws(ECMARegexError) {
        source = pattern
        do {
            expression = try NSRegularExpression(pattern: Self.translate(pattern), options: [])
        } catch {
            throw ECMARegexError(reason: (error as NSError).localizedDescription)
        }
    }

    /// Whether the expression matches anywhere in `text` (patterns are not implicitly anchored).
    func matches(_ text: String) -> Bool {
        expression.firstMatch(in: text, options: [], range: NSRange(location: 0, length: text.utf16.count)) != nil
    }

    /// Rewrites the ECMA-262 constructs whose ICU meaning is wider.
    static func translate(_ pattern: String) -> String {
        var output = ""
        var inClass = false
        var iterator = pattern.makeIterator()
        while let character = iterator.next() {
            switch character {
            case "\\":
                guard let escaped = iterator.next() else {
                    output.append(character)
                    continue
                }
                output += replacement(for: escaped, inClass: inClass) ?? "\\\(escaped)"
            case "[" where !inClass:
                inClass = true
                output.append(character)
            case "]" where inClass:
                inClass = false
                output.append(character)
            case "$" where !inClass:
                output += "\\z"
            default:
                output.append(character)
            }
        }
        return output
    }

    private static func replacement(for escaped: Character, inClass: Bool) -> String? {
        switch (escaped, inClass) {
        case ("d", false): "[0-9]"
        case ("d", true): "0-9"
        case ("D", false): "[^0-9]"
        case ("w", false): "[a-zA-Z0-9_]"
        case ("w", true): "a-zA-Z0-9_"
        case ("W", false): "[^a-zA-Z0-9_]"
        default: nil
        }
    }
}

/// Why a pattern did not compile.
struct ECMARegexError: Error {
    var reason: String
}
