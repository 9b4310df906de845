/// How one `baton-demo serve` runs, from its flags and environment (flags win).
struct DemoConfiguration: Sendable {
    /// The service's name in logs and metric labels (`--name`, `SERVICE_NAME`; the role by default).
    var name: String
    /// This instance's name in logs and metric labels (`BATON_INSTANCE`; the name by default).
    var instance: String
    var role: Role
    /// The port on 127.0.0.1 (`--port`, `PORT`); 0 lets the system pick one.
    var port: Int
    /// Simulated work per `/` request (`--work-ms`, `WORK_MS`; by role otherwise).
    var work: Duration
    /// The URLs every `/` request calls, in parallel (`--downstream`, `DOWNSTREAM`, comma-separated).
    var downstream: [String] = []
    /// How long a downstream call may take before it counts as failed (`DOWNSTREAM_TIMEOUT_MS`).
    var downstreamTimeout: Duration = .seconds(2)
    /// The switches at start (`--faults`, `FAULTS`).
    var faults = Faults.none
    /// When set, the `unhealthy` fault goes on this long after start (`--fail-health-after`, `FAIL_HEALTH_AFTER_S`).
    var failHealthAfter: Duration?
    /// When set, the `crash` fault goes on this long after start (`--crash-after`, `CRASH_AFTER_S`).
    var crashAfter: Duration?
    /// How long in-flight requests may take to finish after SIGTERM or SIGINT (`--drain-timeout`).
    var drainTimeout: Duration = .seconds(5)
}
