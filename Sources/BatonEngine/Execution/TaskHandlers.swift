import BatonWorkflow

/// Performs `call` tasks that talk to other services: `http`, `openapi`, `grpc`, `asyncapi`,
/// `a2a`, `mcp`. Custom function calls are resolved by the executor, not here.
public protocol CallHandler: Sendable {
    /// Runs the call and returns the task's raw output.
    /// - Throws: a `WorkflowFault` — communication errors with the service's status,
    ///   configuration errors for what cannot be done, expression errors from `with`.
    func call(_ call: CallTask, context: TaskContext) async throws(WorkflowFault) -> JSONValue
}

/// Runs `run` tasks that start processes: `shell`, `script` and `container`. (`run: workflow`
/// is the executor's own.) Cancelling the Swift task must stop the process.
public protocol ProcessHandler: Sendable {
    func run(_ task: RunTask, context: TaskContext) async throws(WorkflowFault) -> JSONValue
}

/// A function of a catalog, written in Swift: Baton's own default-catalog functions
/// (`approval:1.0.0@default`, the service operations) plug in here.
public protocol NativeFunction: Sendable {
    /// Runs the function with its evaluated `with` arguments.
    func invoke(arguments: JSONValue, context: TaskContext) async throws(WorkflowFault) -> JSONValue
}

/// What a catalog reference `name:version@catalog` resolves to.
public enum CatalogFunction: Sendable {
    /// A function defined as a task (catalogs publish `function.yaml` documents).
    case task(WorkflowTask)
    /// A function implemented by the runtime.
    case native(any NativeFunction)
}

/// Resolves catalog function references (dsl.md §Catalogs). The `default` catalog is the
/// runtime's own; other catalogs are declared in `use.catalogs` with an endpoint.
public protocol FunctionCatalog: Sendable {
    func resolve(name: String, version: String, catalog: String, declared: Catalog?) async throws(WorkflowFault) -> CatalogFunction
}

/// The workflows a `run: workflow` task can start, by namespace, name and version.
public protocol WorkflowRegistry: Sendable {
    func workflow(namespace: String, name: String, version: String) async -> Workflow?
}

/// Where `emit` publishes events and `listen` waits for them (CloudEvents 1.0 as JSON objects).
public protocol EventBus: Sendable {
    /// Publishes an event: a CloudEvent JSON object with at least `id`, `source`, `type`,
    /// `specversion`.
    func publish(_ event: JSONValue) async throws(WorkflowFault)
    /// Waits for the events a `listen` task's strategy asks for and returns them in the order
    /// they were consumed. Filter and `until` expressions are evaluated with `scope`.
    func consume(_ strategy: EventConsumptionStrategy, scope: ExpressionScope) async throws(WorkflowFault) -> [JSONValue]
    /// How many events have been published so far: a point in the stream to consume from.
    func publishedCount() async -> UInt64
    /// Like `consume(_:scope:)`, but also considers the events published after the point
    /// `publishedCount` gave, before waiting for new ones. A fork uses it so that a branch that
    /// listens sees an event another branch emitted before the listener was registered.
    func consume(_ strategy: EventConsumptionStrategy, scope: ExpressionScope, after published: UInt64) async throws(WorkflowFault) -> [JSONValue]
}
