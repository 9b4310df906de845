import BatonEngine
import BatonWorkflow

extension EngineScenarioExecutor {
    /// The engine with Baton's own handlers — HTTP and OpenAPI calls, local processes, the
    /// standard function catalog, an in-memory event bus, the system clock — except that calls to
    /// the hosts the kit's scenarios name go to the local fakes in `hosts`.
    public static func conformanceKit(hosts: FakeHosts) -> EngineScenarioExecutor {
        EngineScenarioExecutor(environment: ExecutionEnvironment(
            evaluator: ExpressionEvaluator(), clock: SystemClock(), calls: StandardCallHandler(hostOverrides: hosts.baseURLs),
            processes: LocalProcessHandler(), functions: StandardFunctionCatalog(), workflows: InMemoryWorkflowRegistry(),
            events: InMemoryEventBus()
        ))
    }
}
