import ServiceLifecycle

/// Switches a fault on some time after start — how `--crash-after` and `--fail-health-after`
/// express a revision that breaks after a while. Ends after switching, or at graceful shutdown.
struct ScheduledFault<C: Clock>: Service where C.Duration == Duration {
    let faults: FaultSwitches
    let delay: Duration
    let clock: C
    /// Where the change comes from, for the log line (`--crash-after 10`).
    let reason: String
    let change: @Sendable (inout Faults) -> Void

    func run() async {
        do {
            try await cancelWhenGracefulShutdown { [clock, delay] in try await clock.sleep(for: delay) }
        } catch {
            return
        }
        faults.update(reason: reason) { faults in
            var faults = faults
            change(&faults)
            return faults
        }
    }
}
