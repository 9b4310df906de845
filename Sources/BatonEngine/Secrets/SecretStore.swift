import BatonWorkflow
import Foundation

/// The secrets a run may use as `$secrets`: from environment variables `BATON_SECRET_<NAME>` and
/// from a secrets file (YAML or JSON mapping of name to value). Values are JSON, so a secret can
/// be a structured object (`{ username, password }`).
///
/// Only the secrets a workflow declares in `use.secrets` are handed to it.
public struct SecretStore: Sendable {
    public private(set) var values: [String: JSONValue]

    public init(values: [String: JSONValue] = [:]) {
        self.values = values
    }

    /// Secrets from `BATON_SECRET_<NAME>` variables of `environment`. The name keeps its case
    /// after the prefix (`BATON_SECRET_dbPassword` is `dbPassword`); a value that is a JSON
    /// object or array is read as JSON, anything else is a string.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> SecretStore {
        var values: [String: JSONValue] = [:]
        for (key, value) in environment where key.hasPrefix("BATON_SECRET_") && key.count > "BATON_SECRET_".count {
            let name = String(key.dropFirst("BATON_SECRET_".count))
            values[name] = Self.parse(value)
        }
        return SecretStore(values: values)
    }

    /// Secrets from a YAML or JSON file holding a mapping of names to values.
    public static func fromFile(_ url: URL, displayName: String? = nil) throws(DocumentErrors) -> SecretStore {
        let document = try DocumentLoader().load(contentsOf: url, displayName: displayName)
        guard case .object(let members) = document.value else {
            throw DocumentErrors([document.diagnostic("secrets.shape", "a secrets file holds a mapping of secret names to values", at: .root)])
        }
        return SecretStore(values: members)
    }

    /// This store with `other`'s values added, `other` winning on the same name.
    public func merging(_ other: SecretStore) -> SecretStore {
        SecretStore(values: values.merging(other.values) { _, new in new })
    }

    /// The `$secrets` argument for a workflow: the declared secrets that are known. A declared
    /// secret that is not known is a configuration error naming it and where to set it.
    public func secrets(declaredBy workflow: Workflow) throws(WorkflowFault) -> JSONValue {
        var declared: [String: JSONValue] = [:]
        for name in workflow.use?.secrets ?? [] {
            guard let value = values[name] else {
                throw .configuration("the workflow uses the secret `\(name)`, which is not set; set BATON_SECRET_\(name) or add it to the secrets file")
            }
            declared[name] = value
        }
        return .object(declared)
    }

    private static func parse(_ text: String) -> JSONValue {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("{") || trimmed.hasPrefix("["), let value = try? JSONValue(jsonText: trimmed) {
            return value
        }
        return .string(text)
    }
}
