import Foundation

extension ServiceManager {
    /// How an update went.
    public struct UpdateReport: Sendable, Hashable {
        public var service: ServiceName
        public var strategy: UpdatePolicy.Strategy
        public var fromRevision: Int
        public var toRevision: Int
        public var changes: [String]
        /// One line per step, for the operator: `web-3 healthy after 1.2s`, `switched traffic`.
        public var steps: [String]
        /// The canary's error rate when one was measured.
        public var canaryErrorRate: Double?
    }

    /// Makes a new revision of a service from `definition` and rolls it out with the update
    /// policy's strategy (or `strategy`). On failure the old revision keeps (or gets back) all
    /// the instances and traffic, the new revision is not stored, and the error says what failed.
    /// - Throws: ``ServiceError``: `notFound`, `conflict` (another operation runs), `invalid`
    ///   (the new definition cannot start here), `failed` (rolled back: why).
    public func update(_ name: ServiceName, to definition: ServiceDefinition, cause: String, strategy: UpdatePolicy.Strategy? = nil) async throws(ServiceError) -> UpdateReport {
        try await exclusively(name) { () async throws(ServiceError) in
            let current = try await self.declared(name)
            var definition = definition
            definition.replicas = current.service.replicas
            let changes = definition.changes(from: current.revision.definition)
            guard !changes.isEmpty else {
                return UpdateReport(
                    service: name, strategy: strategy ?? definition.update.strategy, fromRevision: current.revision.number,
                    toRevision: current.revision.number, changes: [], steps: ["no change: revision \(current.revision.number) stays"])
            }
            let all = try await self.declared().map { $0.service.name == name ? definition : $0.definition }
            do throws(ServiceGraphError) {
                _ = try ServiceGraph(all)
            } catch {
                throw ServiceError(.invalid, error.description)
            }
            try await self.preflight([definition], replacing: [name])
            let number = try await self.nextRevisionNumber(name)
            var policy = definition.update
            if let strategy { policy.strategy = strategy }
            var report = try await self.rollOutIfRunning(definition, revision: number, current: current, policy: policy)
            report.changes = changes
            var service = current.service
            service.revision = number
            service.updatedAt = Date()
            try await self.commit(ServiceStoreChange(
                upserts: [service],
                newRevisions: [ServiceRevision(service: name, number: number, definition: definition, createdAt: Date(), cause: cause, changes: changes)]))
            return report
        }
    }

    /// Returns a service to an earlier revision (the one before the current, or `revision`): a
    /// new revision with that definition, rolled out like an update — so history stays a line,
    /// and rolling back twice returns to where it started, as `kubectl rollout undo` does.
    public func rollback(_ name: ServiceName, to revision: Int? = nil) async throws(ServiceError) -> UpdateReport {
        let current = try await declared(name)
        let revisions = try await history(name)
        let target: ServiceRevision
        if let revision {
            guard let found = revisions.first(where: { $0.number == revision }) else {
                throw ServiceError(.notFound, "`\(name)` has no revision \(revision); it has \(revisions.map { String($0.number) }.joined(separator: ", "))")
            }
            target = found
        } else {
            guard let previous = revisions.filter({ $0.number < current.revision.number }).last else {
                throw ServiceError(.conflict, "`\(name)` has no revision before \(current.revision.number) to roll back to")
            }
            target = previous
        }
        guard target.number != current.revision.number else {
            throw ServiceError(.conflict, "`\(name)` runs revision \(target.number) already")
        }
        return try await update(name, to: target.definition, cause: "rollback to \(target.number)")
    }

    private func rollOutIfRunning(_ definition: ServiceDefinition, revision: Int, current: Declared, policy: UpdatePolicy) async throws(ServiceError) -> UpdateReport {
        guard current.service.desired == .running, supervisor.runningServices.contains(definition.name) else {
            return UpdateReport(
                service: definition.name, strategy: policy.strategy, fromRevision: current.revision.number, toRevision: revision, changes: [],
                steps: ["the service is stopped: revision \(revision) runs when it starts"])
        }
        return try await rollOut(definition, revision: revision, from: current.revision.number, policy: policy)
    }

    /// Replaces the running instances with instances of `revision` by `policy`'s strategy.
    func rollOut(_ definition: ServiceDefinition, revision: Int, from old: Int, policy: UpdatePolicy) async throws(ServiceError) -> UpdateReport {
        let updater = ServiceUpdater(supervisor: supervisor, unit: try supervisor.unit(definition.name), policy: policy, logger: logger)
        var report = UpdateReport(service: definition.name, strategy: policy.strategy, fromRevision: old, toRevision: revision, changes: [], steps: [])
        switch policy.strategy {
        case .rolling: try await updater.rolling(to: definition, revision: revision, report: &report)
        case .blueGreen: try await updater.blueGreen(to: definition, revision: revision, report: &report)
        case .canary: try await updater.canary(to: definition, revision: revision, report: &report)
        }
        return report
    }
}
