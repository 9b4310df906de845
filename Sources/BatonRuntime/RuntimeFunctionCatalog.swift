import BatonEngine
import BatonStore
import BatonWorkflow

/// The function catalog of durable runs: the runtime's own default-catalog functions
/// (`approval:1.0.0`, `schedule-create:1.0.0`) first, then whatever the base catalog resolves.
struct RuntimeFunctionCatalog: FunctionCatalog {
    let own: [String: any NativeFunction]
    let base: any FunctionCatalog

    func resolve(name: String, version: String, catalog: String, declared: Catalog?) async throws(WorkflowFault) -> CatalogFunction {
        if catalog == "default", declared == nil, let function = own["\(name):\(version)"] { return .native(function) }
        return try await base.resolve(name: name, version: version, catalog: catalog, declared: declared)
    }
}

/// The workflows `run: workflow` may start: the definitions in the store.
struct StoreWorkflowRegistry: WorkflowRegistry {
    let definitions: DefinitionCache

    func workflow(namespace: String, name: String, version: String) async -> Workflow? {
        try? await definitions.workflow(for: .init(namespace: namespace, name: name, version: version))
    }
}
