/// How the supervisor tells whether an instance works (docker-compose's `healthcheck`, Kubernetes'
/// readiness probe): an HTTP GET, a TCP connect, or a command, run every `interval`. An instance
/// is healthy after one passing check, unhealthy after `retries` failing ones in a row; failures
/// in the first `startPeriod` do not count (a slow start is not a failure).
public struct HealthCheck: Sendable, Hashable {
    public enum Probe: Sendable, Hashable {
        /// `GET http://127.0.0.1:<port><path>`: 2xx and 3xx pass. `port` nil is the instance's `PORT`.
        case http(path: String, port: Int?)
        /// A TCP connection to the port succeeds. `port` nil is the instance's `PORT`.
        case tcp(port: Int?)
        /// The command exits 0. It runs with the instance's environment and working directory.
        case command([String])
    }

    public var probe: Probe
    public var interval: Duration
    public var timeout: Duration
    public var retries: Int
    public var startPeriod: Duration

    /// Kubernetes' defaults for a readiness probe, with compose's start period.
    public init(probe: Probe, interval: Duration = .seconds(10), timeout: Duration = .seconds(2), retries: Int = 3, startPeriod: Duration = .zero) {
        self.probe = probe
        self.interval = interval
        self.timeout = timeout
        self.retries = retries
        self.startPeriod = startPeriod
    }
}

/// When a stopped instance is started again (compose's `restart`, with the back-off Kubernetes
/// applies to a crash loop): `always`, `on-failure` (a non-zero exit or a signal) or `never`.
/// The wait doubles from `initialBackoff` up to `maximumBackoff` for each restart, and starts
/// again from `initialBackoff` once an instance has run for `resetAfter`.
public struct RestartPolicy: Sendable, Hashable {
    public enum Condition: String, Sendable, Hashable, CaseIterable {
        case always
        case onFailure = "on-failure"
        case never
    }

    public var condition: Condition
    public var initialBackoff: Duration
    public var maximumBackoff: Duration
    /// Restarts allowed in a row before the instance is left crashed; nil for no limit.
    public var maximumAttempts: Int?
    public var resetAfter: Duration

    public init(
        condition: Condition = .always, initialBackoff: Duration = .seconds(1), maximumBackoff: Duration = .seconds(60),
        maximumAttempts: Int? = nil, resetAfter: Duration = .seconds(60)
    ) {
        self.condition = condition
        self.initialBackoff = initialBackoff
        self.maximumBackoff = maximumBackoff
        self.maximumAttempts = maximumAttempts
        self.resetAfter = resetAfter
    }

    /// The wait before restart number `attempt` (1 for the first restart in a row).
    public func backoff(forAttempt attempt: Int) -> Duration {
        var wait = initialBackoff
        for _ in 1..<max(attempt, 1) {
            wait *= 2
            if wait >= maximumBackoff { return maximumBackoff }
        }
        return min(wait, maximumBackoff)
    }

    /// Whether an exit with this status calls for a restart.
    public func restarts(afterFailure failed: Bool) -> Bool {
        switch condition {
        case .always: true
        case .onFailure: failed
        case .never: false
        }
    }
}

/// How a new revision replaces the running one (`service-update`, `baton up` of a changed file).
public struct UpdatePolicy: Sendable, Hashable {
    public enum Strategy: String, Sendable, Hashable, CaseIterable {
        /// Instance by instance (`batchSize` at a time): a new one starts beside an old one, must be
        /// healthy within `healthTimeout`, takes over its traffic, and the old one stops.
        case rolling
        /// A whole new set beside the old one; traffic switches once all are healthy; the old set stops.
        case blueGreen = "blue-green"
        /// `canaryPercent` of the instances (at least one) on the new revision for
        /// `canaryDuration`, with their share of the traffic; promoted when their error rate stays
        /// at or below `maximumErrorRate`, rolled back otherwise.
        case canary
    }

    public var strategy: Strategy
    public var batchSize: Int
    public var healthTimeout: Duration
    public var autoRollback: Bool
    public var canaryPercent: Double
    public var canaryDuration: Duration
    public var maximumErrorRate: Double
    public var autoPromote: Bool

    public init(
        strategy: Strategy = .rolling, batchSize: Int = 1, healthTimeout: Duration = .seconds(60), autoRollback: Bool = true,
        canaryPercent: Double = 10, canaryDuration: Duration = .seconds(600), maximumErrorRate: Double = 0.01, autoPromote: Bool = true
    ) {
        self.strategy = strategy
        self.batchSize = batchSize
        self.healthTimeout = healthTimeout
        self.autoRollback = autoRollback
        self.canaryPercent = canaryPercent
        self.canaryDuration = canaryDuration
        self.maximumErrorRate = maximumErrorRate
        self.autoPromote = autoPromote
    }
}

/// Resource limits (compose's `deploy.resources.limits`). The local driver enforces `memory` by
/// watching each instance's resident memory and restarting an instance that goes over it (as pm2's
/// `max_memory_restart` does); it cannot cap CPU without cgroups, so `cpus` is kept and shown for the
/// container drivers.
public struct ResourceLimits: Sendable, Hashable {
    public var memoryBytes: Int64?
    public var cpus: Double?

    public init(memoryBytes: Int64? = nil, cpus: Double? = nil) {
        self.memoryBytes = memoryBytes
        self.cpus = cpus
    }
}
