import BatonWorkflow

/// Everything a run uses from outside the workflow: the expression evaluator, the clock, the
/// executors of calls and processes, function catalogs, known workflows, the event bus, secrets
/// and limits. One environment serves any number of runs at once.
public struct ExecutionEnvironment: Sendable {
    public var evaluator: ExpressionEvaluator
    public var clock: any WorkflowClock
    public var calls: any CallHandler
    public var processes: any ProcessHandler
    public var functions: any FunctionCatalog
    public var workflows: any WorkflowRegistry
    public var events: any EventBus
    public var secrets: SecretStore
    public var limits: ExecutionLimits
    /// Implementation-specific data exposed as `$runtime.metadata`.
    public var runtimeMetadata: [String: JSONValue]

    public init(
        evaluator: ExpressionEvaluator, clock: any WorkflowClock, calls: any CallHandler, processes: any ProcessHandler,
        functions: any FunctionCatalog, workflows: any WorkflowRegistry, events: any EventBus, secrets: SecretStore = SecretStore(),
        limits: ExecutionLimits = ExecutionLimits(), runtimeMetadata: [String: JSONValue] = [:]
    ) {
        self.evaluator = evaluator
        self.clock = clock
        self.calls = calls
        self.processes = processes
        self.functions = functions
        self.workflows = workflows
        self.events = events
        self.secrets = secrets
        self.limits = limits
        self.runtimeMetadata = runtimeMetadata
    }
}
