import BatonWorkflow
import Foundation
import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Runs one instance for its whole life: performs what its ``InstanceLifecycle`` asks — starts
/// the process, checks its health every interval, watches its memory, restarts it after a
/// back-off, stops it — until the instance is stopped for good or crashed beyond its policy.
///
/// Everything that happens arrives as an event on one stream and is handled in order by
/// ``run()``, so the state machine sees one thing at a time; the checks, the exit watch and the
/// back-off wait are child tasks of `run()`.
public final class InstanceRunner: Sendable {
    /// What `ps` shows of an instance.
    public struct Snapshot: Sendable, Hashable {
        public var name: String
        public var service: ServiceName
        public var revision: Int
        public var status: InstanceLifecycle.Status
        public var pid: Int32?
        public var port: Int
        public var restarts: Int
        public var startedAt: Date?
        public var lastEvent: String?
        public var lastCheck: String?
        public var cpuPercent: Double?
        public var residentBytes: UInt64?
        public var inTraffic: Bool
    }

    enum Event: Sendable {
        case launched(LocalProcess)
        case exited(InstanceLifecycle.Exit, generation: Int)
        case checked(HealthCheckResult, generation: Int)
        case overLimit(String, generation: Int)
        case backoffElapsed
        case stop
    }

    public let spec: InstanceSpec
    private let environment: SupervisorEnvironment
    private let events: AsyncStream<Event>
    private let continuation: AsyncStream<Event>.Continuation
    private let snapshotState: Mutex<Snapshot>
    private let lifecycleState: Mutex<InstanceLifecycle>
    private let finished = AsyncSignal()
    /// The generation of the process running now (0: none): a check loop of an earlier process
    /// ends when it sees another.
    private let currentGeneration = Atomic(0)
    private let readiness = AsyncSignal()
    /// Called when the instance enters or leaves traffic.
    private let onTrafficChange: @Sendable () -> Void

    init(spec: InstanceSpec, environment: SupervisorEnvironment, onTrafficChange: @escaping @Sendable () -> Void) {
        self.spec = spec
        self.environment = environment
        self.onTrafficChange = onTrafficChange
        (events, continuation) = AsyncStream.makeStream()
        let lifecycle = InstanceLifecycle(healthCheck: spec.definition.healthCheck, restart: spec.definition.restart)
        lifecycleState = Mutex(lifecycle)
        snapshotState = Mutex(
            Snapshot(
                name: spec.name, service: spec.service, revision: spec.revision, status: .starting, port: spec.port, restarts: 0,
                inTraffic: false))
    }

    public var snapshot: Snapshot { snapshotState.withLock { $0 } }
    public var isReady: Bool { lifecycleState.withLock { $0.isReady } }
    public var isFinished: Bool { finished.isSet }
    var inTraffic: Bool { lifecycleState.withLock { $0.inTraffic } }

    /// Asks the instance to stop for good and waits until it has.
    public func stop() async {
        continuation.yield(.stop)
        await finished.wait()
    }

    /// Waits until the instance is ready (healthy, or running without a check), has finished, or
    /// `timeout` passed. - Returns: whether it is ready.
    public func waitUntilReady(timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        // The first readiness is signalled; an instance that was ready once and is restarting
        // now (the signal stays set) is watched until it is ready again.
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.readiness.wait() }
            group.addTask { await self.finished.wait() }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
        while !isReady, !isFinished, ContinuousClock.now < deadline, !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(50))
        }
        return isReady
    }

    /// Waits until the instance has finished (stopped or crashed for good).
    public func waitUntilFinished() async { await finished.wait() }

    /// The instance's life; returns when it is stopped or crashed for good.
    func run() async {
        var process: LocalProcess?
        var generation = 0
        var logger = environment.logger
        logger[metadataKey: "service.instance"] = "\(spec.name)"
        await withDiscardingTaskGroup { group in
            var iterator = events.makeAsyncIterator()
            var pending = lifecycleState.withLock { $0.begin() }
            var done = false
            while !done {
                for action in pending {
                    switch action {
                    case .launch:
                        generation += 1
                        let thisGeneration = generation
                        currentGeneration.store(thisGeneration, ordering: .sequentiallyConsistent)
                        do throws(ServiceError) {
                            let started = try environment.launch(spec)
                            process = started
                            continuation.yield(.launched(started))
                            group.addTask { [continuation] in
                                let exit = await started.waitForExitIgnoringCancellation()
                                continuation.yield(.exited(Self.lifecycleExit(exit), generation: thisGeneration))
                            }
                            if let check = spec.definition.healthCheck {
                                group.addTask { [self] in await self.checkHealth(check, generation: thisGeneration) }
                            }
                            group.addTask { [self] in await self.watchResources(started, generation: thisGeneration) }
                        } catch {
                            logger.warning("cannot start", metadata: ["error": "\(error)"])
                            continuation.yield(.exited(.notStarted(error.description), generation: thisGeneration))
                        }
                    case .addToTraffic, .removeFromTraffic:
                        onTrafficChange()
                    case .stopProcess(let reason):
                        guard let running = process else { break }
                        logger.info("stopping", metadata: ["reason": "\(reason)"])
                        let signal = SignalName.numbers[spec.definition.stopSignal] ?? SIGTERM
                        let grace = spec.definition.stopGracePeriod
                        group.addTask { _ = await running.stop(signal: signal, gracePeriod: grace) }
                    case .restartAfter(let wait):
                        logger.info("restarting", metadata: ["after": "\(DurationText.format(wait))"])
                        group.addTask { [continuation] in
                            try? await Task.sleep(for: wait)
                            continuation.yield(.backoffElapsed)
                        }
                    case .finish:
                        done = true
                    }
                }
                publish(process: process)
                if done { break }
                guard let event = await iterator.next() else { break }
                let now = ContinuousClock.now
                pending = lifecycleState.withLock { (lifecycle: inout InstanceLifecycle) -> [InstanceLifecycle.Action] in
                    switch event {
                    case .launched(let started):
                        environment.recordStarted(spec, started)
                        return lifecycle.launched(at: now)
                    case .exited(let exit, let exitedGeneration):
                        guard exitedGeneration == generation else { return [] }
                        currentGeneration.store(0, ordering: .sequentiallyConsistent)
                        if let ended = process { environment.recordStopped(spec, ended) }
                        process = nil
                        return lifecycle.exited(exit, at: now)
                    case .checked(let result, let checkedGeneration):
                        guard checkedGeneration == generation else { return [] }
                        snapshotState.withLock { $0.lastCheck = result.detail }
                        return lifecycle.checked(passed: result.healthy, detail: result.detail, at: now)
                    case .overLimit(let reason, let limitGeneration):
                        guard limitGeneration == generation else { return [] }
                        return lifecycle.violated(reason)
                    case .backoffElapsed:
                        return lifecycle.backoffElapsed()
                    case .stop:
                        return lifecycle.stopRequested(processRunning: process != nil)
                    }
                }
            }
            continuation.finish()
            group.cancelAll()
        }
        publish(process: nil)
        finished.set()
    }

    /// Copies the lifecycle into the snapshot `ps` reads, and wakes those waiting for readiness.
    private func publish(process: LocalProcess?) {
        let lifecycle = lifecycleState.withLock { $0 }
        snapshotState.withLock { snapshot in
            snapshot.status = lifecycle.status
            snapshot.restarts = lifecycle.restarts
            snapshot.lastEvent = lifecycle.lastEvent
            snapshot.inTraffic = lifecycle.inTraffic
            if let process {
                if snapshot.pid != process.pid { snapshot.startedAt = Date() }
                snapshot.pid = process.pid
            } else {
                snapshot.pid = nil
                snapshot.startedAt = nil
                snapshot.cpuPercent = nil
                snapshot.residentBytes = nil
            }
        }
        if lifecycle.isReady { readiness.set() }
    }

    /// Checks every interval while this generation of the process lives.
    private func checkHealth(_ check: HealthCheck, generation: Int) async {
        let probe = HealthProbe.from(check)
        let target = HealthProbe.Target(port: spec.port, environment: spec.environment, workingDirectory: spec.definition.workingDirectory)
        // Until the first check passes, check sooner — 25 ms, doubling up to the interval — so that
        // a service that starts in 300 ms is healthy (and its dependents start) in about that,
        // not a whole interval later (compose's `start_interval` idea, without a setting).
        var startingWait = Duration.milliseconds(25)
        while !Task.isCancelled {
            let result = await environment.prober.check(probe, target: target)
            continuation.yield(.checked(result, generation: generation))
            let starting = !result.healthy && lifecycleState.withLock { $0.status == .starting }
            let wait = starting ? min(startingWait, check.interval) : check.interval
            startingWait = min(startingWait * 2, check.interval)  // bounded: doubling on and on overflows Duration after ~73 checks
            do {
                try await Task.sleep(for: wait)
            } catch {
                return
            }
            if currentGeneration.load(ordering: .sequentiallyConsistent) != generation || lifecycleState.withLock({ $0.startedAt == nil }) { return }
        }
    }

    /// Samples CPU and memory every few seconds for `ps`, and enforces the memory limit.
    private func watchResources(_ process: LocalProcess, generation: Int) async {
        var previous: (cpu: Double, at: ContinuousClock.Instant)?
        let limit = spec.definition.resources.memoryBytes
        // The first sample once the program had a moment to exec and load.
        do {
            try await Task.sleep(for: .seconds(1))
        } catch {
            return
        }
        while !Task.isCancelled, process.exitStatus == nil {
            if let stats = ProcessStats.of(process.pid) {
                let now = ContinuousClock.now
                let percent = previous.map { previous in
                    let elapsed = (now - previous.at).timeInterval
                    return elapsed > 0 ? (stats.cpuSeconds - previous.cpu) / elapsed * 100 : 0
                }
                previous = (stats.cpuSeconds, now)
                snapshotState.withLock { snapshot in
                    snapshot.residentBytes = stats.residentBytes
                    if let percent { snapshot.cpuPercent = percent }
                }
                if let limit, stats.residentBytes > UInt64(limit) {
                    continuation.yield(
                        .overLimit(
                            "resident memory \(ByteSizeText.format(Int64(stats.residentBytes) / (1 << 20) * (1 << 20))) above the limit \(ByteSizeText.format(limit))",
                            generation: generation))
                }
            }
            do {
                try await Task.sleep(for: limit == nil ? .seconds(5) : .seconds(1))
            } catch {
                return
            }
        }
    }

    static func lifecycleExit(_ exit: ProcessExit) -> InstanceLifecycle.Exit {
        switch exit {
        case .exited(let code): .exited(code)
        case .signaled(let signal): .signaled(signal)
        case .unknown: .exited(-1)
        }
    }
}

extension LocalProcess {
    /// The exit status, waited for whatever happens to the waiting task: a runner that is being
    /// torn down still learns how its process ended.
    func waitForExitIgnoringCancellation() async -> ProcessExit {
        while true {
            if let status = exitStatus { return status }
            if let status = try? await waitForExit() { return status }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }
}

extension HealthProbe {
    /// The prober's form of a definition's check.
    static func from(_ check: HealthCheck) -> HealthProbe {
        switch check.probe {
        case .http(let path, let port): .http(path, port: port, timeout: check.timeout)
        case .tcp(let port): .tcp(port: port, timeout: check.timeout)
        case .command(let words): .command(words, timeout: check.timeout)
        }
    }
}
