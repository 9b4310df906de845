import Foundation
import BatonWorkflow

/// Replaces secret values with `[secret:<name>]` in text and JSON that leave the engine: traces,
/// error documents, logs. Every string leaf of every secret is redacted; short values (under four
/// characters) are left alone, since they would mangle ordinary text and reveal little.
public struct SecretRedactor: Sendable {
    private let replacements: [(value: String, placeholder: String)]

    public init(_ secrets: JSONValue) {
        var found: [(String, String)] = []
        func collect(_ value: JSONValue, name: String) {
            switch value {
            case .string(let text) where text.count >= 4: found.append((text, "[secret:\(name)]"))
            case .integer(let number) where String(number).count >= 4: found.append((String(number), "[secret:\(name)]"))
            case .object(let members): for (key, member) in members { collect(member, name: "\(name).\(key)") }
            case .array(let items): for item in items { collect(item, name: name) }
            default: break
            }
        }
        for (name, value) in secrets.objectValue ?? [:] { collect(value, name: name) }
        // Longest first, so a secret that contains another is replaced whole.
        replacements = found.sorted { $0.0.count > $1.0.count }
    }

    public var isEmpty: Bool { replacements.isEmpty }

    public func redact(_ text: String) -> String {
        guard !replacements.isEmpty else { return text }
        var result = text
        for (value, placeholder) in replacements where result.contains(value) {
            result = result.replacingOccurrences(of: value, with: placeholder)
        }
        // jq shortens long values in its messages (`string ("sk_live_AB...)`): a secret's
        // beginning followed by `...` is the secret too.
        if result.contains("...") {
            for (value, placeholder) in replacements where value.count > 4 {
                for length in stride(from: value.count - 1, through: 4, by: -1) {
                    let shortened = value.prefix(length) + "..."
                    if result.contains(shortened) { result = result.replacingOccurrences(of: shortened, with: placeholder) }
                }
            }
        }
        return result
    }

    public func redact(_ value: JSONValue) -> JSONValue {
        guard !replacements.isEmpty else { return value }
        switch value {
        case .string(let text): return .string(redact(text))
        case .integer(let number):
            let redacted = redact(String(number))
            return redacted == String(number) ? value : .string(redacted)
        case .array(let items): return .array(items.map(redact))
        case .object(let members): return .object(Dictionary(uniqueKeysWithValues: members.map { (redact($0.key), redact($0.value)) }))
        default: return value
        }
    }

    public func redact(_ fault: WorkflowFault) -> WorkflowFault {
        guard !replacements.isEmpty else { return fault }
        var copy = fault
        copy.type = redact(fault.type)
        copy.title = fault.title.map(redact)
        copy.detail = fault.detail.map(redact)
        copy.instance = fault.instance.map(redact)
        return copy
    }
}
