import BatonWorkflow

extension ExecutionEnvironment {
    /// What `baton run` uses: HTTP and OpenAPI calls through AsyncHTTPClient, local processes,
    /// the default catalog (empty until Baton's own functions are registered in it), workflows
    /// known in memory, an in-process event bus and the system clock.
    public static func standard(
        secrets: SecretStore = .fromEnvironment(), limits: ExecutionLimits = ExecutionLimits(), calls: any CallHandler = StandardCallHandler(),
        functions: any FunctionCatalog = StandardFunctionCatalog(), workflows: any WorkflowRegistry = InMemoryWorkflowRegistry(),
        events: any EventBus = InMemoryEventBus(), clock: any WorkflowClock = SystemClock()
    ) -> ExecutionEnvironment {
        ExecutionEnvironment(
            evaluator: ExpressionEvaluator(), clock: clock, calls: calls, processes: LocalProcessHandler(), functions: functions,
            workflows: workflows, events: events, secrets: secrets, limits: limits)
    }
}
