import Foundation
import Logging

/// The services as declared and as they run: the one place every service operation goes
/// through — `baton up`/`down`, the HTTP API, the service functions of workflows.
///
/// The declared state (the store: revisions, replica counts, running or stopped) is changed in one
/// transaction per operation, before the supervisor is asked to make it real; what runs is read
/// from the supervisor. One operation at a time per service: another one meanwhile is refused
/// (`conflict`), so that two updates never interleave.
public actor ServiceManager {
    public nonisolated let store: any ServiceStore
    public nonisolated let supervisor: LocalSupervisor
    nonisolated let logger: Logger
    private var busy: Set<ServiceName> = []
    var busyNames: Set<ServiceName> { busy }

    public init(store: any ServiceStore, supervisor: LocalSupervisor, logger: Logger = Logger(label: "baton.services")) {
        self.store = store
        self.supervisor = supervisor
        self.logger = logger
    }

    // MARK: - Declared state

    /// A service's declared state and current revision.
    public struct Declared: Sendable, Hashable {
        public var service: StoredService
        public var revision: ServiceRevision

        /// The current definition with the declared replica count.
        public var definition: ServiceDefinition {
            var definition = revision.definition
            definition.replicas = service.replicas
            return definition
        }
    }

    public func declared() async throws(ServiceError) -> [Declared] {
        var result: [Declared] = []
        for service in try await storeCall({ () async throws(ServiceStoreError) in try await self.store.services() }) {
            guard let revision = try await storeCall({ () async throws(ServiceStoreError) in try await self.store.revisions(of: service.name) }).first(where: { $0.number == service.revision }) else {
                throw ServiceError(.storage, "service `\(service.name)` names revision \(service.revision), which is not stored")
            }
            result.append(Declared(service: service, revision: revision))
        }
        return result
    }

    public func declared(_ name: ServiceName) async throws(ServiceError) -> Declared {
        guard let found = try await declared().first(where: { $0.service.name == name }) else {
            let known = (try? await declared().map(\.service.name.rawValue)) ?? []
            throw ServiceError(.notFound, "no service `\(name)`" + (known.isEmpty ? "; none is defined (baton up FILE defines some)" : "; known: \(known.joined(separator: ", "))"))
        }
        return found
    }

    public func history(_ name: ServiceName) async throws(ServiceError) -> [ServiceRevision] {
        _ = try await declared(name)
        return try await storeCall { () async throws(ServiceStoreError) in try await self.store.revisions(of: name) }
    }

    // MARK: - Restore

    /// Brings back the declared state after a start of Baton: every service declared running is
    /// started, dependencies first (waiting, for `service_healthy`, until they are ready or their
    /// health timeout passes). Failures are logged and the rest goes on.
    public func restoreDeclaredState() async {
        let all: [Declared]
        do {
            all = try await declared()
        } catch {
            logger.error("cannot read the declared services", metadata: ["error": "\(error)"])
            return
        }
        let running = all.filter { $0.service.desired == .running }
        guard !running.isEmpty else { return }
        logger.info("restoring declared services", metadata: ["services": "\(running.map(\.service.name.rawValue))"])
        let outcome = await startInOrder(running.map(\.definition), revisions: Dictionary(uniqueKeysWithValues: running.map { ($0.service.name, $0.revision.number) }), all: all.map(\.definition), waitForAll: false)
        for (name, problem) in outcome.failures {
            logger.error("cannot restore service", metadata: ["service": "\(name)", "error": "\(problem)"])
        }
    }

    // MARK: - Operations on one service

    public func stop(_ name: ServiceName) async throws(ServiceError) {
        try await exclusively(name) { () async throws(ServiceError) in
            var declared = try await self.declared(name).service
            declared.desired = .stopped
            declared.updatedAt = Date()
            try await self.commit(ServiceStoreChange(upserts: [declared]))
            if self.supervisor.runningServices.contains(name) { try await self.supervisor.stop(name) }
        }
    }

    /// Starts a stopped service (dependencies must run).
    public func start(_ name: ServiceName, waitTimeout: Duration? = nil) async throws(ServiceError) {
        try await exclusively(name) { () async throws(ServiceError) in
            let declared = try await self.declared(name)
            try await self.preflight([declared.definition], replacing: [])
            var service = declared.service
            service.desired = .running
            service.updatedAt = Date()
            try await self.commit(ServiceStoreChange(upserts: [service]))
            if !self.supervisor.runningServices.contains(name) {
                try await self.supervisor.start(declared.definition, revision: declared.revision.number, replicas: service.replicas)
            }
            if let waitTimeout, !(try await self.supervisor.waitUntilReady(name, timeout: waitTimeout)) {
                throw ServiceError(.timeout, "service `\(name)` started but is not healthy after \(DurationText.format(waitTimeout))\(self.instanceProblems(name))")
            }
        }
    }

    public func restart(_ name: ServiceName, rolling: Bool) async throws(ServiceError) {
        try await exclusively(name) { () async throws(ServiceError) in
            _ = try await self.declared(name)
            try self.requireRunning(name)
            try await self.supervisor.restart(name, rolling: rolling)
        }
    }

    public func scale(_ name: ServiceName, replicas: Int) async throws(ServiceError) {
        guard replicas >= 0 else { throw ServiceError(.invalid, "replicas cannot be negative (\(replicas))") }
        try await exclusively(name) { () async throws(ServiceError) in
            var service = try await self.declared(name).service
            service.replicas = replicas
            service.updatedAt = Date()
            try await self.commit(ServiceStoreChange(upserts: [service]))
            if self.supervisor.runningServices.contains(name) { try await self.supervisor.scale(name, replicas: replicas) }
        }
    }

    /// Stops a service and forgets it with its revisions. Refused while other services depend on it.
    public func remove(_ name: ServiceName) async throws(ServiceError) {
        try await exclusively(name) { () async throws(ServiceError) in
            _ = try await self.declared(name)
            let dependents = try await self.declared().filter { $0.revision.definition.dependsOn[name] != nil }.map(\.service.name.rawValue)
            guard dependents.isEmpty else {
                throw ServiceError(.conflict, "service `\(name)` is needed by \(dependents.joined(separator: ", ")): remove them first (or `baton down` the project)")
            }
            if self.supervisor.runningServices.contains(name) { try await self.supervisor.stop(name) }
            try await self.commit(ServiceStoreChange(removals: [name]))
        }
    }

    /// Stops and removes the services of a project (or the given ones), dependents first.
    /// - Returns: the services removed, in the order they were stopped.
    public func down(project: String?, services names: [ServiceName] = []) async throws(ServiceError) -> [ServiceName] {
        let all = try await declared()
        let chosen = all.filter { declared in
            (project.map { declared.service.project == $0 } ?? false) || names.contains(declared.service.name)
        }
        guard !chosen.isEmpty else {
            throw ServiceError(.notFound, "nothing to take down: " + (project.map { "no service of project `\($0)`" } ?? "no such service"))
        }
        let chosenNames = Set(chosen.map(\.service.name))
        let outside = all.filter { !chosenNames.contains($0.service.name) && !$0.revision.definition.dependsOn.keys.filter(chosenNames.contains).isEmpty }
        guard outside.isEmpty else {
            throw ServiceError(.conflict, "\(outside.map(\.service.name.rawValue).joined(separator: ", ")) depend on services being taken down: take them down too")
        }
        let order: [ServiceName]
        do throws(ServiceGraphError) {
            order = try ServiceGraph(chosen.map(\.definition)).stopOrder
        } catch {
            throw ServiceError(.invalid, error.description)
        }
        for name in order {
            if supervisor.runningServices.contains(name) { try await supervisor.stop(name) }
        }
        try await commit(ServiceStoreChange(removals: order))
        return order
    }

    public func waitUntilHealthy(_ name: ServiceName, timeout: Duration) async throws(ServiceError) -> Bool {
        _ = try await declared(name)
        try requireRunning(name)
        return try await supervisor.waitUntilReady(name, timeout: timeout)
    }

    /// Runs a command beside a running instance of a service (see ``LocalSupervisor/exec(_:command:timeout:)``).
    /// - Throws: ``ServiceError``: `notFound` for an unknown service, `conflict` for a stopped one.
    public func exec(_ name: ServiceName, command: [String], timeout: Duration) async throws(ServiceError) -> (code: Int32, stdout: String, stderr: String) {
        _ = try await declared(name)
        try requireRunning(name)
        return try await supervisor.exec(name, command: command, timeout: timeout)
    }

    /// A defined service that does not run is a conflict, not an unknown service.
    nonisolated func requireRunning(_ name: ServiceName) throws(ServiceError) {
        guard supervisor.runningServices.contains(name) else { throw ServiceError(.conflict, "service `\(name)` is stopped: start it first") }
    }

    // MARK: - Helpers

    /// Runs `body` as the only operation on `name` for now.
    func exclusively<T: Sendable>(_ name: ServiceName, _ body: () async throws(ServiceError) -> T) async throws(ServiceError) -> T {
        guard !busy.contains(name) else {
            throw ServiceError(.conflict, "another operation on `\(name)` is in progress: wait for it to finish")
        }
        busy.insert(name)
        defer { busy.remove(name) }
        return try await body()
    }

    func commit(_ change: ServiceStoreChange) async throws(ServiceError) {
        try await storeCall { () async throws(ServiceStoreError) in try await self.store.commit(change) }
    }

    func storeCall<T: Sendable>(_ body: () async throws(ServiceStoreError) -> T) async throws(ServiceError) -> T {
        do {
            return try await body()
        } catch {
            throw ServiceError(.storage, "the service store failed: \(error)")
        }
    }

    /// `: web-3 unhealthy after 3 failed checks: HTTP 503` — why instances of a service are not ready.
    nonisolated func instanceProblems(_ name: ServiceName) -> String {
        guard let snapshot = try? supervisor.snapshot(name) else { return "" }
        let problems = snapshot.instances.filter { $0.status != .healthy && $0.status != .running }.map { instance in
            "\(instance.name) \(instance.status.rawValue)" + ((instance.lastEvent ?? instance.lastCheck).map { ": \($0)" } ?? "")
        }
        return problems.isEmpty ? "" : " (\(problems.joined(separator: "; ")))"
    }
}
