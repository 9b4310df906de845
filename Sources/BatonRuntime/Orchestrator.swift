import BatonEngine
import BatonStore
import BatonWorkflow
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// The durable engine of one node: starts runs of stored definitions and drives them with the
/// executor, committing every transition to the store before it takes effect, so that a run
/// survives the process. At start-up it resumes every unfinished run from its stored events;
/// a task that completed is replayed from its record, one that was in flight runs again with
/// the same idempotency key.
///
/// Runs can be cancelled, suspended and resumed; they stop for approvals
/// (`approval:1.0.0@default`), wait on the stored event log (`listen`), and start by themselves
/// on their definition's `schedule`. It is a `Service`: `run()` works until graceful shutdown,
/// then takes no new work, lets running tasks finish for `drainTimeout`, stops what is left
/// (to be resumed by the next start) and returns.
///
/// One node per store for now (the embedded SQLite default): the node takes over every
/// unfinished run at start-up — at once the runs its own name leased, a run leased under another
/// name (a node that ran under another host name) once that lease lapses. Several nodes sharing
/// a PostgreSQL store will claim runs by lease only.
public final class Orchestrator: Service, Sendable {
    public struct Configuration: Sendable {
        /// The node's name in run leases.
        public var owner: String
        /// How long a lease on a run lasts unless renewed; the node renews its leases at a third of it.
        public var leaseDuration: Duration
        /// How long a graceful shutdown lets running tasks finish before it stops them.
        public var drainTimeout: Duration
        /// How often the node looks for due schedules and timers.
        public var tickInterval: Duration
        /// A run that waits at least this long for a timer, doing nothing else, is taken out of
        /// memory until the timer is due (as Temporal evicts idle workflows from its cache);
        /// nil keeps every run in memory.
        public var parkAfter: Duration?

        public init(
            owner: String = "\(ProcessInfo.processInfo.hostName)", leaseDuration: Duration = .seconds(60), drainTimeout: Duration = .seconds(10),
            tickInterval: Duration = .milliseconds(250), parkAfter: Duration? = .seconds(30)
        ) {
            self.owner = owner
            self.leaseDuration = leaseDuration
            self.drainTimeout = drainTimeout
            self.tickInterval = tickInterval
            self.parkAfter = parkAfter
        }
    }

    public let store: any RunStore
    public let monitor: RunMonitor
    /// The durable event bus: `emit`, `listen` and `POST /events` go through it.
    public let events: StoreEventBus
    public let configuration: Configuration
    let logger: Logger
    let validator: WorkflowValidator
    let executor: WorkflowExecutor
    let definitions: DefinitionCache
    let approvals: ApprovalDesk
    let clock: any WorkflowClock

    struct State {
        var live: [RunID: LiveRun] = [:]
        var accepting = true
        /// Runs whose driving failed for a reason of the node's (the store), to try again.
        var retries: [RunID: Date] = [:]
        /// Runs asked to be driven while a drive of theirs was still ending (a resume right
        /// after a suspend): driven again once it has.
        var relaunch: Set<RunID> = []
        /// Waiting until no run is live (shutdown), by key.
        var idleWaiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        var nextIdleWaiter: UInt64 = 0
    }
    let state = Mutex(State())
    /// The `schedule.on` of the latest definitions, by `namespace/name`.
    let eventSchedules = Mutex<[String: EventSchedule]>([:])
    let launches: AsyncStream<RunID>
    let launchContinuation: AsyncStream<RunID>.Continuation
    /// Finished when `run()` has resumed the runs it found at start-up.
    let recovered = Mutex<[CheckedContinuation<Void, Never>]?>([])

    /// - Parameters:
    ///   - environment: what tasks use (calls, processes, secrets, the clock, limits). Its event
    ///     bus, workflow registry are replaced by the store's, and its function catalog gains the
    ///     runtime's own functions.
    public init(
        store: any RunStore, environment: ExecutionEnvironment, validator: WorkflowValidator = WorkflowValidator(), monitor: RunMonitor = RunMonitor(),
        configuration: Configuration = Configuration(), logger: Logger = Logger(label: "baton.orchestrator")
    ) {
        self.store = store
        self.monitor = monitor
        self.configuration = configuration
        self.logger = logger
        self.validator = validator
        self.clock = environment.clock
        let definitions = DefinitionCache(store: store, validator: validator)
        self.definitions = definitions
        let events = StoreEventBus(store: store)
        self.events = events
        let approvals = ApprovalDesk(store: store)
        self.approvals = approvals
        var environment = environment
        environment.events = events
        environment.workflows = StoreWorkflowRegistry(definitions: definitions)
        let reference = OrchestratorReference()
        environment.functions = RuntimeFunctionCatalog(
            own: ["approval:1.0.0": ApprovalFunction(desk: approvals), "schedule-create:1.0.0": ScheduleFunction(orchestrator: reference)], base: environment.functions)
        self.executor = WorkflowExecutor(environment: environment)
        (launches, launchContinuation) = AsyncStream<RunID>.makeStream()
        reference.set(self)
    }

    // MARK: - Definitions

    /// What storing a definition did.
    public struct AppliedDefinition: Sendable {
        public var definition: WorkflowDefinition
        /// False when the same version was stored already with the same content.
        public var created: Bool
        /// The validator's warnings (unreachable tasks, what Baton cannot run yet).
        public var warnings: [Diagnostic]
    }

    /// Validates a workflow document and stores it under its namespace, name and version; its
    /// `schedule`, if any, replaces the schedules of the name's other versions.
    /// - Parameters:
    ///   - source: the document, YAML or JSON.
    ///   - file: the name positions in errors refer to.
    /// - Throws: `invalidDefinition` with every problem and its position; `conflict` when the
    ///   version is stored with other content (definitions are immutable: bump the version).
    public func apply(source: String, file: String) async throws(OrchestratorError) -> AppliedDefinition {
        let report = validator.validate(text: source, file: file)
        guard report.isValid, let workflow = report.workflow else {
            let errors = report.diagnostics.filter { $0.severity == .error }
            throw OrchestratorError(.invalidDefinition, "\(file) is not a valid workflow: \(errors.count) problem(s)", diagnostics: report.diagnostics)
        }
        let document = workflow.document
        let key = WorkflowDefinitionKey(namespace: document.namespace, name: document.name, version: document.version)
        let existing = try await storeCall { try await self.store.definition(key) }
        let stored = try await storeCall {
            try await self.store.storeDefinition(WorkflowDefinition(key: key, source: source, document: workflow.documentValue))
        }
        definitions.remember(workflow, as: key)
        try await scheduleDefinition(key, workflow: workflow)
        return AppliedDefinition(definition: stored, created: existing == nil, warnings: report.diagnostics.filter { $0.severity != .error })
    }

    /// The stored definition of `namespace/name` at `version`, or its latest version when
    /// `version` is nil.
    /// - Throws: `notFound` naming what was looked for.
    public func definition(namespace: String, name: String, version: String?) async throws(OrchestratorError) -> WorkflowDefinition {
        if let version {
            let key = WorkflowDefinitionKey(namespace: namespace, name: name, version: version)
            guard let definition = try await storeCall({ try await self.store.definition(key) }) else {
                throw OrchestratorError(.notFound, "no workflow \(key) is stored; `baton apply` it first")
            }
            return definition
        }
        let latest = try await storeCall { try await self.store.definitions(namespace: namespace, allVersions: false) }
        guard let definition = latest.first(where: { $0.key.name == name }) else {
            throw OrchestratorError(.notFound, "no workflow \(namespace)/\(name) is stored; `baton apply` it first")
        }
        return definition
    }

    // MARK: - Runs

    /// Creates a run of a stored definition and starts it.
    /// - Parameters:
    ///   - id: the run's id; a new one when nil. Starting with the id of a stored run is a conflict.
    /// - Returns: the run as created (pending); it starts at once.
    /// - Throws: `notFound` for an unknown definition; `conflict` for a taken id; `unavailable`
    ///   while shutting down.
    public func start(_ key: WorkflowDefinitionKey, input: JSONValue = .object([:]), id: RunID? = nil) async throws(OrchestratorError) -> StoredRun {
        guard state.withLock({ $0.accepting }) else {
            throw OrchestratorError(.unavailable, "the node is shutting down and starts no new runs; start it on the next start-up")
        }
        if let id, id.rawValue.contains("/") {
            throw OrchestratorError(.invalidInput, "a run id may not contain `/` (it is `\(id)`)")
        }
        let run = try await storeCall { try await self.store.createRun(NewRun(id: id ?? .random(), definition: key, input: input)) }
        launch(run.id)
        return run
    }

    /// Cancels an unfinished run: it ends `cancelled` at once (the store says so first), and its
    /// running tasks are stopped — processes killed, requests abandoned.
    /// - Returns: the cancelled run.
    /// - Throws: `notFound`; `conflict` when it has finished.
    @discardableResult
    public func cancel(_ id: RunID) async throws(OrchestratorError) -> StoredRun {
        let run = try await unfinishedRun(id, to: "cancel")
        let cancelled = RunEvent(kind: .runCancelled, at: clock.now())
        let sequence = try await storeCall { try await self.store.append(cancelled, to: id) }
        // Followers (waitForFinish, server-sent events) hear of it here: a live run's executor
        // has its own runCancelled refused, and a run no node drives has no executor at all.
        monitor.recorded(cancelled, sequence: sequence, of: id, taskDuration: nil)
        if let live = liveRun(id) {
            live.request(.cancel)
            await waitUntilStopped(id, atMost: .seconds(10))
        }
        if let workflow = try? await definitions.workflow(for: run.definition) { await scheduleAfterCompletion(of: run, workflow: workflow) }
        return try await storeCall { try await self.store.run(id) } ?? run
    }

    /// Suspends an unfinished run: it stops where it is (a task in flight is stopped and runs
    /// again on resume) and stays `suspended` until resumed.
    /// - Throws: `notFound`; `conflict` when it has finished or is suspended already.
    @discardableResult
    public func suspend(_ id: RunID) async throws(OrchestratorError) -> StoredRun {
        let run = try await unfinishedRun(id, to: "suspend")
        if run.status == .suspended { throw OrchestratorError(.conflict, "run \(id) is suspended already") }
        if let live = liveRun(id) {
            live.request(.suspend)
            await waitUntilStopped(id, atMost: .seconds(10))
        } else {
            try await storeCall { try await self.store.setStatus(.suspended, of: id) }
            // Its timers would bring it back when due; resuming it makes them again.
            try? await store.deleteTimers(of: id)
            // A drive that began meanwhile stops too.
            if let live = liveRun(id) {
                live.request(.suspend)
                await waitUntilStopped(id, atMost: .seconds(10))
            }
        }
        return try await storeCall { try await self.store.run(id) } ?? run
    }

    /// Resumes a suspended run from its stored events.
    /// - Throws: `notFound`; `conflict` when it is not suspended.
    @discardableResult
    public func resume(_ id: RunID) async throws(OrchestratorError) -> StoredRun {
        let run = try await unfinishedRun(id, to: "resume")
        guard run.status == .suspended else { throw OrchestratorError(.conflict, "run \(id) is \(run.status.rawValue), not suspended; only a suspended run resumes") }
        let resumed = try await storeCall { try await self.store.setStatus(run.startedAt == nil ? .pending : .running, of: id) }
        launch(id)
        return resumed
    }

    /// Decides a run's pending approval.
    /// - Parameters:
    ///   - approvalID: which one; may be nil when the run waits for exactly one.
    /// - Throws: `notFound` for an unknown run or approval; `invalidInput` when the run waits for
    ///   no approval, or for several and none was named; `conflict` when it was decided already.
    @discardableResult
    public func decide(
        run id: RunID, approval approvalID: String? = nil, _ verdict: ApprovalDecision.Verdict, by person: String, reason: String? = nil
    ) async throws(OrchestratorError) -> Approval {
        _ = try await unfinishedRun(id, to: verdict == .approved ? "approve" : "reject")
        let chosen: String
        if let approvalID {
            guard let approval = try await storeCall({ try await self.store.approval(approvalID) }), approval.runID == id else {
                throw OrchestratorError(.notFound, "run \(id) has no approval \(approvalID)")
            }
            chosen = approval.id
        } else {
            let pending = try await storeCall { try await self.store.pendingApprovals(runID: id) }
            guard let only = pending.first else { throw OrchestratorError(.invalidInput, "run \(id) is not waiting for an approval") }
            guard pending.count == 1 else {
                throw OrchestratorError(.invalidInput, "run \(id) waits for \(pending.count) approvals (\(pending.map(\.id).joined(separator: ", "))); name one")
            }
            chosen = only.id
        }
        guard !person.isEmpty else { throw OrchestratorError(.invalidInput, "a decision needs the name of who decides") }
        let decision = ApprovalDecision(verdict: verdict, decidedBy: person, decidedAt: clock.now(), reason: reason)
        do {
            return try await approvals.decide(chosen, decision)
        } catch {
            throw OrchestratorError(error)
        }
    }

    /// Appends an event from outside (`POST /events`, `baton emit`) to the event log, where
    /// `listen` tasks and `schedule.on` see it.
    /// - Throws: `invalidInput` when it is not a CloudEvents 1.0 event.
    @discardableResult
    public func publish(_ event: JSONValue) async throws(OrchestratorError) -> CloudEventAppend {
        do {
            return try await events.append(event)
        } catch {
            throw OrchestratorError(error.status == 400 ? .invalidInput : .storage, error.detail ?? error.title ?? "the event was refused")
        }
    }

    /// Waits until the run has finished and returns it.
    public func waitForFinish(of id: RunID) async throws(OrchestratorError) -> StoredRun {
        try await storeCall {
            try await monitor.withEvents(of: id, kinds: [.runCompleted, .runFaulted, .runCancelled]) { events in
                guard let run = try await self.store.run(id) else {
                    throw OrchestratorError(.notFound, "no run \(id) is stored")
                }
                if run.status.isFinished { return run }
                for await stored in events where [.runCompleted, .runFaulted, .runCancelled].contains(stored.event.kind) { break }
                if Task.isCancelled { throw OrchestratorError(.unavailable, "stopped waiting for run \(id)") }
                return try await self.store.run(id) ?? run
            }
        }
    }

    /// How many runs this node is driving now.
    public var liveRunCount: Int { state.withLock { $0.live.count } }

    // MARK: - Helpers

    func unfinishedRun(_ id: RunID, to action: String) async throws(OrchestratorError) -> StoredRun {
        guard let run = try await storeCall({ try await self.store.run(id) }) else {
            throw OrchestratorError(.notFound, "no run \(id) is stored")
        }
        if run.status.isFinished { throw OrchestratorError(.conflict, "cannot \(action) run \(id): it has \(run.status.rawValue)") }
        return run
    }

    func liveRun(_ id: RunID) -> LiveRun? { state.withLock { $0.live[id] } }

    /// Hands a run to `run()` to drive; nothing when the node is shutting down (the next
    /// start-up resumes it).
    func launch(_ id: RunID) {
        guard state.withLock({ $0.accepting }) else { return }
        launchContinuation.yield(id)
    }

    /// Runs store calls, their errors as the orchestrator's.
    @discardableResult
    func storeCall<T>(_ body: () async throws -> T) async throws(OrchestratorError) -> T {
        do {
            return try await body()
        } catch let error as RunStoreError {
            throw OrchestratorError(error)
        } catch let error as OrchestratorError {
            throw error
        } catch {
            throw OrchestratorError(.storage, "\(error)")
        }
    }

    /// Waits, at most `limit`, until this node no longer drives the run.
    func waitUntilStopped(_ id: RunID, atMost limit: Duration) async {
        let deadline = ContinuousClock.now + limit
        while liveRun(id) != nil, ContinuousClock.now < deadline, !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(5))
        }
    }
}
