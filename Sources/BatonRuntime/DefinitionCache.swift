import BatonStore
import BatonWorkflow
import Synchronization

/// Stored definitions read into workflows once: definitions are immutable, so a parsed one
/// never goes stale.
final class DefinitionCache: Sendable {
    private let store: any RunStore
    private let validator: WorkflowValidator
    private let workflows = Mutex<[WorkflowDefinitionKey: Workflow]>([:])

    init(store: any RunStore, validator: WorkflowValidator) {
        self.store = store
        self.validator = validator
    }

    /// The workflow stored under `key`, or nil when none is.
    /// - Throws: `storage` when the store fails; `invalidDefinition` when the stored document no
    ///   longer reads as a workflow (stored by an older Baton with other rules).
    func workflow(for key: WorkflowDefinitionKey) async throws(OrchestratorError) -> Workflow? {
        if let workflow = workflows.withLock({ $0[key] }) { return workflow }
        let definition: WorkflowDefinition?
        do {
            definition = try await store.definition(key)
        } catch {
            throw OrchestratorError(error)
        }
        guard let definition else { return nil }
        let report = validator.validate(text: definition.source, file: key.description)
        guard report.isValid, let workflow = report.workflow else {
            throw OrchestratorError(.invalidDefinition, "the stored definition \(key) is not a valid workflow any more", diagnostics: report.diagnostics)
        }
        remember(workflow, as: key)
        return workflow
    }

    func remember(_ workflow: Workflow, as key: WorkflowDefinitionKey) {
        workflows.withLock { $0[key] = workflow }
    }
}
