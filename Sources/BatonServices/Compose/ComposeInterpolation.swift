/// docker-compose's variable interpolation: `${VAR}` and `$VAR`, with `${VAR:-default}`,
/// `${VAR-default}`, `${VAR:?error}`, `${VAR?error}`, `${VAR:+replacement}` and
/// `${VAR+replacement}` (defaults may hold further variables), and `$$` for a literal `$`.
///
/// A variable that is not set becomes the empty string and is reported, as compose warns.
struct ComposeInterpolation {
    struct Failure: Error {
        let problem: String
    }

    /// The value of a variable; nil when it is not set.
    let lookup: (String) -> String?
    /// Variables met that were not set and had no default, in order, once each.
    private(set) var unresolved: [String] = []

    init(lookup: @escaping (String) -> String?) {
        self.lookup = lookup
    }

    mutating func interpolate(_ text: String) throws(Failure) -> String {
        guard text.contains("$") else { return text }
        var result = ""
        var rest = Substring(text)
        while let dollar = rest.firstIndex(of: "$") {
            result += rest[..<dollar]
            rest = rest[rest.index(after: dollar)...]
            guard let next = rest.first else {
                result += "$"
                break
            }
            if next == "$" {
                result += "$"
                rest = rest.dropFirst()
            } else if next == "{" {
                let body = try Self.braced(&rest)
                result += try expand(body)
            } else if Self.startsName(next) {
                let name = rest.prefix { Self.continuesName($0) }
                rest = rest.dropFirst(name.count)
                result += value(of: String(name))
            } else {
                result += "$"
            }
        }
        return result + rest
    }

    /// The text between `{` and its matching `}`, consumed from `rest` (which starts at the `{`).
    private static func braced(_ rest: inout Substring) throws(Failure) -> Substring {
        var depth = 0
        var index = rest.startIndex
        while index < rest.endIndex {
            switch rest[index] {
            case "{": depth += 1
            case "}":
                depth -= 1
                if depth == 0 {
                    let body = rest[rest.index(after: rest.startIndex)..<index]
                    rest = rest[rest.index(after: index)...]
                    return body
                }
            default: break
            }
            index = rest.index(after: index)
        }
        throw Failure(problem: "a `${` is not closed by `}`")
    }

    private mutating func expand(_ body: Substring) throws(Failure) -> String {
        let name = body.prefix { Self.continuesName($0) }
        guard let first = name.first, Self.startsName(first) else {
            throw Failure(problem: "`${\(body)}` does not start with a variable name")
        }
        let operation = body.dropFirst(name.count)
        let current = lookup(String(name))
        for (prefix, kind) in Self.operations where operation.hasPrefix(prefix) {
            let argument = operation.dropFirst(prefix.count)
            let isSet = prefix.hasPrefix(":") ? current.map { !$0.isEmpty } ?? false : current != nil
            switch kind {
            case .defaultValue: return isSet ? current! : try interpolate(String(argument))
            case .required:
                guard isSet else {
                    let reason = try interpolate(String(argument))
                    throw Failure(problem: "`\(name)` is required\(reason.isEmpty ? "" : ": \(reason)")")
                }
                return current!
            case .alternative: return isSet ? try interpolate(String(argument)) : ""
            }
        }
        guard operation.isEmpty else { throw Failure(problem: "`${\(body)}` is not an interpolation compose knows") }
        return value(of: String(name))
    }

    private mutating func value(of name: String) -> String {
        if let value = lookup(name) { return value }
        if !unresolved.contains(name) { unresolved.append(name) }
        return ""
    }

    private enum Operation { case defaultValue, required, alternative }

    private static let operations: [(String, Operation)] = [
        (":-", .defaultValue), ("-", .defaultValue), (":?", .required), ("?", .required), (":+", .alternative), ("+", .alternative),
    ]

    private static func startsName(_ character: Character) -> Bool {
        character == "_" || (character.isASCII && character.isLetter)
    }

    private static func continuesName(_ character: Character) -> Bool {
        startsName(character) || (character.isASCII && character.isNumber)
    }
}
