import Foundation
import Logging
import ServiceLifecycle
import Subprocess
import Synchronization
import SystemPackage

#if canImport(Glibc)
import Glibc
#endif

/// The local process driver's supervisor: runs services as child processes of Baton and keeps
/// them as declared — each instance in its own process group with its own `PORT`, its output in
/// size-rotated log files, restarted with back-off, checked for health, stopped gracefully — and
/// listens on each service's stable ports, passing connections to the instances in traffic.
///
/// It is a ServiceLifecycle `Service`: every instance's life is a child task of ``run()``. At start
/// it kills what a supervisor before it left (it was killed with `-9`: the instances died with
/// it by `PR_SET_PDEATHSIG`, their own children are found by process group), so that the caller
/// can bring the declared state back. On graceful shutdown it stops every instance, dependents
/// first.
public final class LocalSupervisor: Service, Sendable {
    public struct Configuration: Sendable {
        /// Where instance logs go: `<directory>/logs/<service>/<instance>.log`.
        public var stateDirectory: String
        /// The ports instances get (`PORT`). Default 20000..<30000.
        public var instancePorts: Range<Int>
        /// Extra directories where bare command names are looked up after `PATH` — the folder of
        /// the `baton` executable by default, so that `baton-demo` is found beside it.
        public var extraSearchDirectories: [String]
        /// Variables of Baton's environment that instances inherit.
        public var inheritedEnvironment: [String]
        public var logRotation: LogRotation
        /// How long a removed instance's open connections may take to finish before it is stopped.
        public var drainTimeout: Duration

        public init(
            stateDirectory: String, instancePorts: Range<Int> = 20000..<30000,
            extraSearchDirectories: [String] = ProcessLaunchRequest.runningExecutableDirectory.map { [$0] } ?? [],
            inheritedEnvironment: [String] = ["PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR"],
            logRotation: LogRotation = LogRotation(), drainTimeout: Duration = .seconds(5)
        ) {
            self.stateDirectory = stateDirectory
            self.instancePorts = instancePorts
            self.extraSearchDirectories = extraSearchDirectories
            self.inheritedEnvironment = inheritedEnvironment
            self.logRotation = logRotation
            self.drainTimeout = drainTimeout
        }
    }

    public let configuration: Configuration
    public let store: any ServiceStore
    let logger: Logger
    let environment: SupervisorEnvironment
    let ports: InstancePortAllocator
    private let units = Mutex<[ServiceName: ServiceUnit]>([:])
    private let jobs: AsyncStream<@Sendable () async -> Void>
    private let jobContinuation: AsyncStream<@Sendable () async -> Void>.Continuation
    private let recordChanges: AsyncStream<InstanceRecordChange>
    private let recordContinuation: AsyncStream<InstanceRecordChange>.Continuation
    /// Set once leftovers are dealt with and instances may start.
    let started = AsyncSignal()
    /// False once the supervisor stops taking work (graceful shutdown): nothing new starts.
    private let accepting = Atomic(true)
    private let inherited: [String: String]

    public init(store: any ServiceStore, configuration: Configuration, logger: Logger = Logger(label: "baton.services")) {
        self.store = store
        self.configuration = configuration
        self.logger = logger
        (jobs, jobContinuation) = AsyncStream.makeStream()
        let (recordChanges, recordContinuation) = AsyncStream<InstanceRecordChange>.makeStream()
        self.recordChanges = recordChanges
        self.recordContinuation = recordContinuation
        ports = InstancePortAllocator(range: configuration.instancePorts)
        let processEnvironment = ProcessInfo.processInfo.environment
        inherited = processEnvironment.filter { configuration.inheritedEnvironment.contains($0.key) }
        environment = SupervisorEnvironment(
            launcher: ProcessLauncher(), prober: HealthProber(),
            logDirectory: URL(fileURLWithPath: configuration.stateDirectory).appendingPathComponent("logs").path,
            logRotation: configuration.logRotation,
            searchDirectories: ProcessLaunchRequest.searchDirectories(path: processEnvironment["PATH"], adding: configuration.extraSearchDirectories),
            logger: logger, record: { recordContinuation.yield($0) })
    }

    /// Returns once leftovers of an earlier supervisor are dealt with and instances can start.
    public func waitUntilStarted() async { await started.wait() }

    /// Runs until graceful shutdown (or cancellation), then stops every instance.
    public func run() async throws {
        try await killLeftovers()
        await withDiscardingTaskGroup { group in
            group.addTask { await self.keepRecords() }
            started.set()
            for await job in jobs.cancelOnGracefulShutdown() {
                group.addTask { await job() }
            }
            accepting.store(false, ordering: .sequentiallyConsistent)
            // Jobs queued after the loop ended would never run: run them, they end with the units.
            jobContinuation.finish()
            for await job in jobs { group.addTask { await job() } }
            await withTaskCancellationHandler {
                await stopEverything()
            } onCancel: {
                // Cancelled rather than shut down: the runners see it through their group.
            }
            recordContinuation.finish()
        }
    }

    /// Kills the process groups a killed supervisor left, and forgets them.
    private func killLeftovers() async throws {
        let records = try await store.instanceRecords()
        guard !records.isEmpty else { return }
        let killed = LeftoverProcessGroups.killLeftoverGroups(
            records.map { ProcessIdentity(pid: $0.pid, processGroup: $0.processGroup, startTime: $0.startTime) })
        for kill in killed {
            logger.notice("killed what a previous supervisor left", metadata: ["process": "\(kill.record)", "members": "\(kill.members)"])
        }
        try await store.forgetInstances(records.map(\.instance))
    }

    /// Writes instance records in the order they happened.
    private func keepRecords() async {
        for await change in recordChanges {
            do {
                switch change {
                case .started(let record): try await store.recordInstance(record)
                case .stopped(let name): try await store.forgetInstances([name])
                }
            } catch {
                logger.error("cannot record an instance", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Runs `job` as a child task of ``run()``.
    func spawn(_ job: @escaping @Sendable () async -> Void) {
        jobContinuation.yield(job)
    }

    // MARK: - Units

    func unit(_ name: ServiceName) throws(ServiceError) -> ServiceUnit {
        guard let unit = units.withLock({ $0[name] }) else {
            throw ServiceError(.notFound, "service `\(name)` is not running here")
        }
        return unit
    }

    public var runningServices: [ServiceName] { units.withLock { $0.keys.sorted() } }

    /// Starts a service: listens on its stable ports, then starts its instances. Returns once the
    /// processes are started, not once they are healthy (see ``waitUntilReady(_:timeout:)``).
    /// - Throws: ``ServiceError``: the service runs already (`conflict`), a stable port is in use
    ///   (`invalid`; nothing is left started).
    public func start(_ definition: ServiceDefinition, revision: Int, replicas: Int) async throws(ServiceError) {
        await started.wait()
        let unit = ServiceUnit(definition: definition, revision: revision, logger: logger)
        let inserted = units.withLock { units -> Bool in
            guard units[definition.name] == nil else { return false }
            units[definition.name] = unit
            return true
        }
        guard inserted else { throw ServiceError(.conflict, "service `\(definition.name)` runs already") }
        do {
            try await listen(unit)
        } catch {
            _ = units.withLock { $0.removeValue(forKey: definition.name) }
            throw error
        }
        for _ in 0..<replicas { _ = try addInstance(to: unit, definition: definition, revision: revision) }
    }

    /// Binds the unit's stable ports; the proxies live in a child task until the unit closes.
    private func listen(_ unit: ServiceUnit) async throws(ServiceError) {
        let bindings = unit.definition.ports
        guard !bindings.isEmpty else { return }
        let outcome: Result<Void, ServiceError> = await withCheckedContinuation { (continuation: CheckedContinuation<Result<Void, ServiceError>, Never>) in
            let reported = Mutex(false)
            let report: @Sendable (Result<Void, ServiceError>) -> Void = { result in
                let first = reported.withLock { reported -> Bool in
                    defer { reported = true }
                    return !reported
                }
                if first { continuation.resume(returning: result) }
            }
            let logger = self.logger
            spawn {
                do {
                    try await Self.withProxies(bindings[...], logger: logger, collected: []) { proxies in
                        unit.state.withLock { $0.proxies = proxies }
                        report(.success(()))
                        await unit.closed.wait()
                    }
                } catch {
                    report(.failure(ServiceError(.invalid, "service `\(unit.name)`: \(error)")))
                }
            }
        }
        try outcome.get()
    }

    private static func withProxies(
        _ bindings: ArraySlice<PortBinding>, logger: Logger, collected: [ServiceProxy], _ body: ([ServiceProxy]) async -> Void
    ) async throws {
        guard let binding = bindings.first else {
            await body(collected)
            return
        }
        try await ServiceProxy.withProxy(.init(host: binding.address, port: binding.port), logger: logger) { proxy in
            try await withProxies(bindings.dropFirst(), logger: logger, collected: collected + [proxy], body)
        }
    }

    /// Starts one more instance of the unit, of the given revision.
    @discardableResult
    func addInstance(to unit: ServiceUnit, definition: ServiceDefinition, revision: Int, weight: Int? = nil) throws(ServiceError) -> InstanceRunner {
        guard accepting.load(ordering: .sequentiallyConsistent) else {
            throw ServiceError(.resources, "the supervisor is shutting down: no instance starts now")
        }
        let name = unit.nextInstanceName()
        var instancePorts: [Int] = []
        for _ in 0..<max(1, definition.ports.count) {
            do {
                instancePorts.append(try ports.allocate())
            } catch {
                ports.release(instancePorts)
                throw error
            }
        }
        let spec = InstanceSpec(
            name: name, service: unit.name, revision: revision, definition: definition, ports: instancePorts,
            environment: InstanceSpec.environment(for: definition, instance: name, revision: revision, ports: instancePorts, inherited: inherited))
        let runner = InstanceRunner(spec: spec, environment: environment, onTrafficChange: { [weak unit] in unit?.updateTraffic() })
        unit.state.withLock { state in
            state.runners.append(runner)
            if let weight { state.weights[name] = weight }
        }
        let allocator = ports
        let held = instancePorts
        spawn {
            await runner.run()
            allocator.release(held)
        }
        return runner
    }

    /// Takes an instance out of traffic, lets its connections finish, stops it and forgets it.
    func removeInstance(_ runner: InstanceRunner, from unit: ServiceUnit) async {
        unit.state.withLock { state in
            state.weights[runner.spec.name] = 0
        }
        unit.updateTraffic()
        await unit.drain(runner.spec.name, timeout: configuration.drainTimeout)
        await runner.stop()
        unit.state.withLock { state in
            state.runners.removeAll { $0 === runner }
            state.weights[runner.spec.name] = nil
        }
        unit.updateTraffic()
    }

    /// Waits until every instance of the service is ready (healthy, or running when it has no
    /// check). - Returns: whether they all are within `timeout`.
    public func waitUntilReady(_ name: ServiceName, timeout: Duration) async throws(ServiceError) -> Bool {
        let runners = try unit(name).runners
        let deadline = ContinuousClock.now + timeout
        for runner in runners {
            let left = deadline - ContinuousClock.now
            guard left > .zero, await runner.waitUntilReady(timeout: left) else { return false }
        }
        return true
    }

    /// Sets the number of instances: starts more of the current revision, or stops the newest.
    public func scale(_ name: ServiceName, replicas: Int) async throws(ServiceError) {
        let unit = try unit(name)
        let runners = unit.runners
        if replicas > runners.count {
            for _ in runners.count..<replicas { try addInstance(to: unit, definition: unit.definition, revision: unit.revision) }
        } else if replicas < runners.count {
            await withTaskGroup(of: Void.self) { group in
                for runner in runners.suffix(runners.count - replicas) {
                    group.addTask { await self.removeInstance(runner, from: unit) }
                }
            }
        }
    }

    /// Stops every instance of the service (drained first), then its proxies.
    public func stop(_ name: ServiceName) async throws(ServiceError) {
        let unit = try unit(name)
        await withTaskGroup(of: Void.self) { group in
            for runner in unit.runners {
                group.addTask { await self.removeInstance(runner, from: unit) }
            }
        }
        unit.closed.set()
        _ = units.withLock { $0.removeValue(forKey: name) }
    }

    /// Restarts the service's instances: one at a time (a new instance of the same revision
    /// starts, must be ready within the update policy's health timeout, takes over, the old one
    /// stops), or all at once when `rolling` is false.
    public func restart(_ name: ServiceName, rolling: Bool) async throws(ServiceError) {
        let unit = try unit(name)
        let old = unit.runners
        if !rolling {
            await withTaskGroup(of: Void.self) { group in
                for runner in old { group.addTask { await self.removeInstance(runner, from: unit) } }
            }
            for _ in old { try addInstance(to: unit, definition: unit.definition, revision: unit.revision) }
            return
        }
        for runner in old {
            let replacement = try addInstance(to: unit, definition: unit.definition, revision: unit.revision)
            guard await replacement.waitUntilReady(timeout: unit.definition.update.healthTimeout) else {
                await removeInstance(replacement, from: unit)
                throw ServiceError(
                    .failed, "the restart of `\(name)` stopped: \(replacement.spec.name) was not ready within \(DurationText.format(unit.definition.update.healthTimeout)) (\(replacement.snapshot.lastEvent ?? replacement.snapshot.lastCheck ?? "no check passed")); \(runner.spec.name) keeps running")
            }
            await removeInstance(runner, from: unit)
        }
    }

    /// Stops every service, dependents before what they depend on.
    private func stopEverything() async {
        let all = units.withLock { Array($0.values) }
        let order = (try? ServiceGraph(all.map(\.definition)).levels.reversed().map { $0 }) ?? [all.map(\.name)]
        for level in order {
            await withTaskGroup(of: Void.self) { group in
                for name in level { group.addTask { try? await self.stop(name) } }
            }
        }
    }

    // MARK: - Status

    /// What runs of a service: its revision, its instances, its proxies' counters.
    public struct ServiceSnapshot: Sendable, Hashable {
        public var name: ServiceName
        public var revision: Int
        public var definition: ServiceDefinition
        public var instances: [InstanceRunner.Snapshot]
        public var connections: [BackendStatistics]
    }

    public func snapshot(_ name: ServiceName) throws(ServiceError) -> ServiceSnapshot {
        let unit = try unit(name)
        return unit.state.withLock { state in
            ServiceSnapshot(
                name: name, revision: state.revision, definition: state.definition, instances: state.runners.map(\.snapshot),
                connections: state.proxies.first?.statistics() ?? [])
        }
    }

    public func snapshots() -> [ServiceSnapshot] {
        runningServices.compactMap { try? snapshot($0) }
    }

    // MARK: - Logs and exec

    /// The log lines of a service's instances (all of them, also replaced ones still on disk),
    /// merged by time.
    public func logs(_ name: ServiceName, query: LogQuery) throws(ServiceError) -> [(instance: String, line: LogLine)] {
        var lines: [(instance: String, line: LogLine)] = []
        for instance in instanceLogNames(name) {
            do {
                let log = try InstanceLog(directory: environment.logDirectory(of: name), instance: instance)
                lines += try log.lines(LogQuery(since: query.since, grep: query.grep)).map { (instance, $0) }
            } catch {
                throw ServiceError(.resources, "cannot read the log of \(instance): \(error)")
            }
        }
        lines.sort { $0.line.time < $1.line.time }
        if let tail = query.tail { lines = Array(lines.suffix(tail)) }
        return lines
    }

    /// The instance names that have a log file for the service.
    public func instanceLogNames(_ name: ServiceName) -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: environment.logDirectory(of: name))) ?? []
        return Set(files.compactMap { file -> String? in
            guard let range = file.range(of: ".log") else { return nil }
            return String(file[..<range.lowerBound])
        }).sorted()
    }

    public func logDirectory(of name: ServiceName) -> String { environment.logDirectory(of: name) }

    /// Runs a command in the context of a running instance of the service (its environment and
    /// working directory), like `docker exec`. - Returns: exit code, standard output and error.
    public func exec(_ name: ServiceName, command: [String], timeout: Duration) async throws(ServiceError) -> (code: Int32, stdout: String, stderr: String) {
        let unit = try unit(name)
        guard let runner = unit.runners.first(where: { $0.snapshot.pid != nil }) else {
            throw ServiceError(.conflict, "service `\(name)` has no running instance to run the command in")
        }
        guard let program = command.first else { throw ServiceError(.invalid, "the command is empty") }
        let spec = runner.spec
        do {
            return try await withThrowingTaskGroup(of: (code: Int32, stdout: String, stderr: String)?.self) { group in
                group.addTask {
                    let result = try await Subprocess.run(
                        .name(program), arguments: Arguments(Array(command.dropFirst())),
                        environment: .custom(Dictionary(uniqueKeysWithValues: spec.environment.map { (Environment.Key(rawValue: $0.key)!, $0.value) })),
                        workingDirectory: FilePath(spec.definition.workingDirectory), output: .string(limit: 1 << 20), error: .string(limit: 1 << 20))
                    let code: Int32
                    switch result.terminationStatus {
                    case .exited(let value): code = Int32(value)
                    case .signaled(let value): code = 128 + Int32(value)
                    }
                    return (code, result.standardOutput, result.standardError)
                }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    return nil
                }
                let first = try await group.next() ?? nil
                group.cancelAll()
                guard let first else { throw ServiceError(.timeout, "`\(command.joined(separator: " "))` did not finish within \(DurationText.format(timeout))") }
                return first
            }
        } catch let error as ServiceError {
            throw error
        } catch {
            throw ServiceError(.invalid, "cannot run `\(program)` in \(spec.name): \(error)")
        }
    }
}
