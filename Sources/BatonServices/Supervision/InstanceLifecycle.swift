/// The life of one service instance as a state machine without I/O: it takes what happened (the
/// process started, a health check passed or failed, the process exited, a stop was asked for, a
/// back-off ran out) and returns what to do. ``InstanceRunner`` performs the actions; tests drive
/// the machine directly.
///
/// - An instance without a health check is `running` once its process started, and takes traffic.
/// - With a check it is `starting` until the first check passes (`healthy`: it takes traffic).
///   `retries` failed checks in a row make it `unhealthy`: out of traffic and restarted, as a
///   Kubernetes liveness probe would; failures during `startPeriod` after a start do not count.
/// - A process that exits is restarted per the restart policy after a back-off that doubles with
///   each restart in a row (reset once it ran for the policy's `resetAfter`); when the policy says
///   no (or the attempts are used up) it ends `crashed` (a failure) or `stopped` (exit 0).
/// - A stop sends the stop signal (then `SIGKILL` after the grace period) and ends `stopped`.
public struct InstanceLifecycle: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable, CaseIterable {
        case starting, running, healthy, unhealthy, restarting, crashed, stopping, stopped
    }

    public enum Action: Sendable, Hashable {
        /// Start the process.
        case launch
        /// Send it traffic / stop sending it new traffic.
        case addToTraffic
        case removeFromTraffic
        /// Stop the process: the stop signal, then `SIGKILL` after the grace period.
        case stopProcess(reason: String)
        /// Call ``backoffElapsed()`` after this long.
        case restartAfter(Duration)
        /// Nothing more will happen: the instance is stopped or crashed for good.
        case finish
    }

    /// How a process ended.
    public enum Exit: Sendable, Hashable, CustomStringConvertible {
        case exited(Int32)
        case signaled(Int32)
        /// It could not start at all (missing program, bad working directory).
        case notStarted(String)

        public var isFailure: Bool { self != .exited(0) }

        public var description: String {
            switch self {
            case .exited(let code): "exited with code \(code)"
            case .signaled(let signal): "killed by signal \(signal)"
            case .notStarted(let reason): "could not start: \(reason)"
            }
        }
    }

    public let healthCheck: HealthCheck?
    public let restart: RestartPolicy
    public private(set) var status: Status = .starting
    /// Restarts since the instance was created.
    public private(set) var restarts = 0
    /// Restarts in a row: what the back-off grows with.
    public private(set) var restartsInARow = 0
    public private(set) var failedChecksInARow = 0
    /// When the last failed check that counted toward `retries` came, while starting.
    private var lastCountedFailure: ContinuousClock.Instant?
    /// When the current process started; nil while none runs.
    public private(set) var startedAt: ContinuousClock.Instant?
    /// Why it last stopped or was restarted, for `ps` and the logs.
    public private(set) var lastEvent: String?
    public private(set) var inTraffic = false
    private var stopAsked = false
    /// Why the supervisor itself stopped the process (unhealthy, over its memory limit): then the
    /// exit is a failure whatever its code.
    private var stoppedBecause: String?

    public init(healthCheck: HealthCheck?, restart: RestartPolicy) {
        self.healthCheck = healthCheck
        self.restart = restart
    }

    /// The first action of a new instance.
    public mutating func begin() -> [Action] {
        status = .starting
        return [.launch]
    }

    /// The process started.
    public mutating func launched(at now: ContinuousClock.Instant) -> [Action] {
        guard !stopAsked else { return [.stopProcess(reason: "stop requested")] }
        startedAt = now
        failedChecksInARow = 0
        lastCountedFailure = nil
        stoppedBecause = nil
        if healthCheck == nil {
            status = .running
            return enterTraffic()
        }
        status = .starting
        return []
    }

    /// A health check of the current process finished. Once the supervisor is stopping the
    /// process (unhealthy, over its memory limit), its checks no longer count: a pass would put a
    /// dying process back in traffic.
    public mutating func checked(passed: Bool, detail: String, at now: ContinuousClock.Instant) -> [Action] {
        guard let healthCheck, let startedAt, [.starting, .healthy, .unhealthy].contains(status), !stopAsked, stoppedBecause == nil else { return [] }
        if passed {
            failedChecksInARow = 0
            status = .healthy
            return enterTraffic()
        }
        if status == .starting && now - startedAt < healthCheck.startPeriod { return [] }
        // Until the first pass the runner checks sooner than the interval (from 25 ms, doubling),
        // to find a quick start early; those failures count one per interval, so that `retries`
        // failures still take `retries - 1` intervals and a slow start is not taken for a dead one.
        if status == .starting, let last = lastCountedFailure, now - last < healthCheck.interval { return [] }
        lastCountedFailure = now
        failedChecksInARow += 1
        guard failedChecksInARow >= healthCheck.retries else { return [] }
        status = .unhealthy
        let reason = "unhealthy after \(failedChecksInARow) failed checks: \(detail)"
        lastEvent = reason
        stoppedBecause = reason
        return leaveTraffic() + [.stopProcess(reason: reason)]
    }

    /// The supervisor stops the process for a reason of its own (over its memory limit); it is
    /// then restarted as after a failure.
    public mutating func violated(_ reason: String) -> [Action] {
        guard startedAt != nil, !stopAsked, stoppedBecause == nil else { return [] }
        lastEvent = reason
        stoppedBecause = reason
        return leaveTraffic() + [.stopProcess(reason: reason)]
    }

    /// The process ended (or could not start).
    public mutating func exited(_ exit: Exit, at now: ContinuousClock.Instant) -> [Action] {
        var actions = leaveTraffic()
        let ranFor = startedAt.map { now - $0 }
        startedAt = nil
        if stopAsked {
            status = .stopped
            lastEvent = lastEvent ?? "stopped"
            return actions + [.finish]
        }
        let failed = exit.isFailure || stoppedBecause != nil
        if stoppedBecause == nil { lastEvent = exit.description }
        stoppedBecause = nil
        if let ranFor, ranFor >= restart.resetAfter { restartsInARow = 0 }
        let attemptsLeft = restart.maximumAttempts.map { restartsInARow < $0 } ?? true
        guard restart.restarts(afterFailure: failed), attemptsLeft else {
            status = failed ? .crashed : .stopped
            if failed, restart.maximumAttempts != nil, restart.restarts(afterFailure: true) {
                lastEvent = "\(lastEvent ?? exit.description); gave up after \(restartsInARow) restarts in a row"
            }
            actions.append(.finish)
            return actions
        }
        restartsInARow += 1
        restarts += 1
        status = .restarting
        actions.append(.restartAfter(restart.backoff(forAttempt: restartsInARow)))
        return actions
    }

    /// The back-off before a restart ran out.
    public mutating func backoffElapsed() -> [Action] {
        guard status == .restarting, !stopAsked else { return [] }
        status = .starting
        return [.launch]
    }

    /// Someone asked the instance to stop for good.
    /// - Parameter processRunning: whether a process is up (false while waiting to restart).
    public mutating func stopRequested(processRunning: Bool) -> [Action] {
        guard !stopAsked else { return [] }
        stopAsked = true
        lastEvent = "stopped"
        guard processRunning else {
            status = .stopped
            return [.finish]
        }
        status = .stopping
        return leaveTraffic() + [.stopProcess(reason: "stop requested")]
    }

    /// Whether the instance can take traffic: started and, with a check, healthy.
    public var isReady: Bool { status == .running || status == .healthy }

    private mutating func enterTraffic() -> [Action] {
        guard !inTraffic else { return [] }
        inTraffic = true
        return [.addToTraffic]
    }

    private mutating func leaveTraffic() -> [Action] {
        guard inTraffic else { return [] }
        inTraffic = false
        return [.removeFromTraffic]
    }
}
