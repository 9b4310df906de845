import BatonEngine
import BatonWorkflow

extension EngineScenarioExecutor {
    /// The engine as `baton run` uses it (`ExecutionEnvironment.standard`), except that calls to
    /// the hosts the kit's scenarios name go to the local fakes in `hosts`, and that no secrets
    /// are read from the environment, so that a run does not depend on the machine.
    public static func conformanceKit(hosts: FakeHosts) -> EngineScenarioExecutor {
        EngineScenarioExecutor(environment: .standard(secrets: SecretStore(), calls: StandardCallHandler(hostOverrides: hosts.baseURLs)))
    }
}
