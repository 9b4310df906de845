import BatonStore
import BatonWorkflow

extension WorkflowDefinition {
    /// The definition as listed: `{"namespace","name","version","storedAt"}`.
    var summaryValue: JSONValue {
        [
            "namespace": .string(key.namespace),
            "name": .string(key.name),
            "version": .string(key.version),
            "storedAt": .string(APITime.text(storedAt)),
        ]
    }

    /// The definition in full: the summary with the `source` as written and the `document` as JSON.
    var detailValue: JSONValue {
        guard case .object(var members) = summaryValue else { return summaryValue }
        members["source"] = .string(source)
        members["document"] = document
        return .object(members)
    }
}
