import BatonEngine
import BatonWorkflow
import Foundation

/// Hides what must not leave the machine before text goes to a model: the secret store's values,
/// values of variables named like secrets, connection-string passwords, private keys, bearer
/// tokens, well-known token shapes, and (unless turned off) e-mail and IP addresses.
///
/// Each hidden value becomes a placeholder `⟦SECRET_1⟧`, `⟦EMAIL_1⟧`, `⟦IP_1⟧`: brackets that
/// occur in no ordinary text and that models copy unchanged, a kind that tells the model what
/// stood there, and a number so that the same value always gets the same placeholder within a
/// ``RedactionSession`` and the answer's placeholders can be put back.
public struct Redactor: Sendable {
    /// What a placeholder stands for.
    public enum Kind: String, Sendable, Hashable {
        case secret = "SECRET"
        case email = "EMAIL"
        case ipAddress = "IP"
    }

    public struct Options: Sendable, Hashable {
        public var emailAddresses: Bool
        public var ipAddresses: Bool

        public init(emailAddresses: Bool = true, ipAddresses: Bool = true) {
            self.emailAddresses = emailAddresses
            self.ipAddresses = ipAddresses
        }
    }

    /// The secret store's values (every string leaf of four characters or more, longest first),
    /// the way `SecretRedactor` takes them for traces.
    let secretValues: [String]
    let rules: [RedactionRule]

    public init(secrets: SecretStore = SecretStore(), options: Options = Options()) {
        var found: Set<String> = []
        func collect(_ value: JSONValue) {
            switch value {
            case .string(let text) where text.count >= 4: found.insert(text)
            case .integer(let number) where String(number).count >= 4: found.insert(String(number))
            case .object(let members): members.values.forEach(collect)
            case .array(let items): items.forEach(collect)
            default: break
            }
        }
        secrets.values.values.forEach(collect)
        self.secretValues = found.sorted { ($0.count, $0) > ($1.count, $1) }
        self.rules = RedactionRules.rules(emailAddresses: options.emailAddresses, ipAddresses: options.ipAddresses)
    }

    /// A session for one exchange with a model: it remembers which placeholder stands for what.
    public func session() -> RedactionSession {
        RedactionSession(redactor: self)
    }
}

/// The placeholders of one exchange with a model (a request and its repairs): text goes out
/// through ``redact(_:)-(String)`` and the answer comes back through ``restore(_:)-(String)``.
public struct RedactionSession: Sendable {
    private let redactor: Redactor
    private var placeholderByValue: [String: String] = [:]
    private var valueByPlaceholder: [String: String] = [:]
    private var counts: [Redactor.Kind: Int] = [:]

    init(redactor: Redactor) {
        self.redactor = redactor
    }

    /// The values hidden so far, by placeholder.
    public var placeholders: [String: String] { valueByPlaceholder }

    /// `text` with every sensitive value replaced by its placeholder.
    public mutating func redact(_ text: String) -> String {
        var result = text
        // What this session hid before stays hidden wherever it shows up again (a repair's
        // problems quote the values of the answer, restored), longest first.
        for value in placeholderByValue.keys.sorted(by: { $0.count > $1.count }) where result.contains(value) {
            result = result.replacingOccurrences(of: value, with: placeholderByValue[value]!)
        }
        for value in redactor.secretValues where result.contains(value) {
            result = result.replacingOccurrences(of: value, with: placeholder(for: value, kind: .secret))
        }
        for rule in redactor.rules {
            let ranges = rule.values(in: result)
            guard !ranges.isEmpty else { continue }
            // Back to front, so that the earlier ranges stay valid.
            for range in ranges.sorted(by: { $0.lowerBound > $1.lowerBound }) {
                let value = String(result[range])
                result.replaceSubrange(range, with: placeholder(for: value, kind: rule.kind))
            }
        }
        return result
    }

    /// Every string (and key) of `value` redacted.
    public mutating func redact(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let text): return .string(redact(text))
        case .array(let items): return .array(items.map { redact($0) })
        case .object(let members):
            var redacted: [String: JSONValue] = [:]
            for (key, member) in members { redacted[redact(key)] = redact(member) }
            return .object(redacted)
        default: return value
        }
    }

    /// `text` with the placeholders of this session put back; unknown ones stay as they are.
    public func restore(_ text: String) -> String {
        guard text.contains("⟦") else { return text }
        var result = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "⟦") {
            result += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "⟧") else { break }
            let token = String(rest[open...close])
            result += valueByPlaceholder[token] ?? token
            rest = rest[rest.index(after: close)...]
        }
        result += rest
        return result
    }

    /// Every string (and key) of `value` restored.
    public func restore(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let text): return .string(restore(text))
        case .array(let items): return .array(items.map(restore))
        case .object(let members):
            return .object(Dictionary(members.map { (restore($0.key), restore($0.value)) }) { first, _ in first })
        default: return value
        }
    }

    private mutating func placeholder(for value: String, kind: Redactor.Kind) -> String {
        if let known = placeholderByValue[value] { return known }
        let number = (counts[kind] ?? 0) + 1
        counts[kind] = number
        let token = "⟦\(kind.rawValue)_\(number)⟧"
        placeholderByValue[value] = token
        valueByPlaceholder[token] = value
        return token
    }
}
