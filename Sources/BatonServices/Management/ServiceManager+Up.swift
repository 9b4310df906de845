import Foundation

extension ServiceManager {
    /// What `up` did to each service of the project.
    public struct UpReport: Sendable, Hashable {
        public struct Entry: Sendable, Hashable {
            public enum Action: String, Sendable, Hashable {
                /// New: revision 1, started.
                case created
                /// The definition changed: a new revision, rolled out by its update strategy.
                case updated
                /// Only the replica count changed.
                case scaled
                /// Declared stopped before (or not running): started again.
                case started
                case unchanged
            }

            public var service: ServiceName
            public var action: Action
            public var revision: Int
            public var replicas: Int
            public var changes: [String]
            /// Ready (healthy, or running without a check) when `up` returned.
            public var ready: Bool
            /// Why it is not ready or not started, when it is not.
            public var problem: String?
        }

        public var project: String
        public var entries: [Entry]

        public var succeeded: Bool { entries.allSatisfy { $0.problem == nil } }
    }

    /// Applies a project: stores a revision for every new or changed service (one transaction,
    /// after every check passed: nothing is stored or started when one fails), then starts,
    /// updates or scales them, dependencies first; a service that depends on another with
    /// `service_healthy` starts once that one is ready.
    /// - Parameters:
    ///   - waitTimeout: how long to wait for every service to be ready before returning; nil
    ///     returns once processes are started (dependencies still waited for).
    /// - Throws: ``ServiceError`` (`invalid`) with every problem found before anything was
    ///   done — a cycle across projects, a port used by another service or program, a program
    ///   that does not exist, an image (the local driver runs commands). Failures while starting
    ///   are not thrown: the report says what started and what did not, and why.
    public func up(_ project: ServiceProject, cause: String, waitTimeout: Duration? = nil) async throws(ServiceError) -> UpReport {
        let existing = try await declared()
        let byName = Dictionary(uniqueKeysWithValues: existing.map { ($0.service.name, $0) })
        // The whole set after the change must have a start order.
        var combined = Dictionary(uniqueKeysWithValues: existing.map { ($0.service.name, $0.definition) })
        for definition in project.services { combined[definition.name] = definition }
        do throws(ServiceGraphError) {
            _ = try ServiceGraph(Array(combined.values))
        } catch {
            throw ServiceError(.invalid, error.description)
        }
        for definition in project.services {
            if let other = byName[definition.name], other.service.project != project.name {
                throw ServiceError(
                    .conflict, "service `\(definition.name)` belongs to project `\(other.service.project)`: rename it or take that project down first")
            }
        }
        // Plan.
        var change = ServiceStoreChange()
        var plan: [(definition: ServiceDefinition, action: UpReport.Entry.Action, revision: Int, changes: [String])] = []
        let now = Date()
        for definition in project.services {
            if let current = byName[definition.name] {
                let changes = definition.changes(from: current.revision.definition)
                let running = supervisor.runningServices.contains(definition.name)
                let revision = changes.isEmpty ? current.revision.number : try await nextRevisionNumber(definition.name)
                if !changes.isEmpty {
                    change.newRevisions.append(ServiceRevision(service: definition.name, number: revision, definition: definition, createdAt: now, cause: cause, changes: changes))
                }
                let action: UpReport.Entry.Action =
                    !changes.isEmpty ? (running ? .updated : .started)
                    : !running ? .started
                    : definition.replicas != current.service.replicas ? .scaled : .unchanged
                plan.append((definition, action, revision, changes))
                change.upserts.append(StoredService(name: definition.name, project: project.name, revision: revision, replicas: definition.replicas, desired: .running, updatedAt: now))
            } else {
                change.newRevisions.append(ServiceRevision(service: definition.name, number: 1, definition: definition, createdAt: now, cause: cause, changes: ["created"]))
                change.upserts.append(StoredService(name: definition.name, project: project.name, revision: 1, replicas: definition.replicas, desired: .running, updatedAt: now))
                plan.append((definition, .created, 1, ["created"]))
            }
        }
        let toStart = plan.filter { $0.action == .created || $0.action == .started }.map(\.definition)
        try await preflight(toStart + plan.filter { $0.action == .updated }.map(\.definition), replacing: plan.filter { $0.action == .updated }.map(\.definition.name))
        for name in plan.map(\.definition.name) where busyNames.contains(name) {
            throw ServiceError(.conflict, "another operation on `\(name)` is in progress: wait for it to finish")
        }
        try await commit(change)

        // Start what is new or stopped, dependencies first.
        let revisions = Dictionary(uniqueKeysWithValues: plan.map { ($0.definition.name, $0.revision) })
        let started = await startInOrder(toStart, revisions: revisions, all: Array(combined.values), waitForAll: waitTimeout != nil, waitTimeout: waitTimeout)
        var entries: [UpReport.Entry] = []
        for item in plan {
            var entry = UpReport.Entry(
                service: item.definition.name, action: item.action, revision: item.revision, replicas: item.definition.replicas, changes: item.changes,
                ready: false)
            switch item.action {
            case .created, .started:
                entry.problem = started.failures[item.definition.name]
            case .updated:
                do {
                    let current = byName[item.definition.name]!
                    _ = try await exclusively(item.definition.name) { () async throws(ServiceError) in
                        let report = try await self.rollOut(item.definition, revision: item.revision, from: current.revision.number, policy: item.definition.update)
                        if item.definition.replicas != current.service.replicas {
                            try await self.supervisor.scale(item.definition.name, replicas: item.definition.replicas)
                        }
                        return report
                    }
                } catch {
                    entry.problem = error.description
                    // The update was rolled back: the declared revision is the old one again.
                    if var service = byName[item.definition.name]?.service {
                        service.updatedAt = Date()
                        try? await commit(ServiceStoreChange(upserts: [service]))
                        entry.revision = service.revision
                    }
                }
            case .scaled:
                do {
                    try await supervisor.scale(item.definition.name, replicas: item.definition.replicas)
                } catch {
                    entry.problem = error.description
                }
            case .unchanged:
                break
            }
            entries.append(entry)
        }
        if let waitTimeout {
            for index in entries.indices where entries[index].problem == nil {
                let name = entries[index].service
                let ready = (try? await supervisor.waitUntilReady(name, timeout: waitTimeout)) ?? false
                entries[index].ready = ready
                if !ready { entries[index].problem = "not healthy after \(DurationText.format(waitTimeout))\(instanceProblems(name))" }
            }
        } else {
            for index in entries.indices {
                entries[index].ready = (try? supervisor.snapshot(entries[index].service).instances.allSatisfy { $0.status == .healthy || $0.status == .running }) ?? false
            }
        }
        return UpReport(project: project.name, entries: entries)
    }

    /// Starts services in dependency order. A service waits for each dependency it needs
    /// `healthy` (up to that dependency's health timeout); when one does not get there, the
    /// service is not started and the failure says why.
    /// - Returns: why each service that failed did.
    func startInOrder(
        _ definitions: [ServiceDefinition], revisions: [ServiceName: Int], all: [ServiceDefinition], waitForAll: Bool, waitTimeout: Duration? = nil
    ) async -> (failures: [ServiceName: String], Void) {
        var failures: [ServiceName: String] = [:]
        let graph: ServiceGraph
        do throws(ServiceGraphError) {
            graph = try ServiceGraph(all)
        } catch {
            return (Dictionary(uniqueKeysWithValues: definitions.map { ($0.name, error.description) }), ())
        }
        let byName = Dictionary(uniqueKeysWithValues: definitions.map { ($0.name, $0) })
        let allByName = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })
        for level in graph.levels {
            let starting = level.compactMap { byName[$0] }
            let failedSoFar = failures
            let supervisor = self.supervisor
            let results = await withTaskGroup(of: (ServiceName, String?).self) { group in
                for definition in starting {
                    group.addTask {
                        for (dependency, condition) in definition.dependsOn.sorted(by: { $0.key < $1.key }) {
                            if let failure = failedSoFar[dependency] {
                                return (definition.name, "not started: `\(dependency)` failed (\(failure))")
                            }
                            guard supervisor.runningServices.contains(dependency) else {
                                return (definition.name, "not started: `\(dependency)` is not running")
                            }
                            if condition == .healthy {
                                let timeout = allByName[dependency]?.update.healthTimeout ?? .seconds(60)
                                let ready = (try? await supervisor.waitUntilReady(dependency, timeout: timeout)) ?? false
                                if !ready {
                                    return (definition.name, "not started: `\(dependency)` is not healthy after \(DurationText.format(timeout))\(self.instanceProblems(dependency))")
                                }
                            }
                        }
                        do throws(ServiceError) {
                            try await supervisor.start(definition, revision: revisions[definition.name] ?? 1, replicas: definition.replicas)
                            return (definition.name, nil)
                        } catch {
                            return (definition.name, error.description)
                        }
                    }
                }
                var results: [(ServiceName, String?)] = []
                for await result in group { results.append(result) }
                return results
            }
            for (name, problem) in results {
                if let problem { failures[name] = problem }
            }
        }
        return (failures, ())
    }

    /// Checks, before anything is stored or started, that the services can start here: a
    /// command (the local driver has no images), a program that exists, stable ports nothing
    /// else listens on, a health check command that exists.
    /// - Parameter replacing: services being updated, whose own ports are in use by themselves.
    func preflight(_ definitions: [ServiceDefinition], replacing: [ServiceName]) async throws(ServiceError) {
        var problems: [String] = []
        let others = (try? await declared()) ?? []
        let searchDirectories = supervisor.environment.searchDirectories
        for definition in definitions {
            if definition.command.isEmpty {
                problems.append("service `\(definition.name)` runs the image \(definition.image ?? "?"): the local driver runs commands; give it a `command` (container drivers come later)")
                continue
            }
            if let problem = ProgramLookup.problem(definition.command[0], workingDirectory: definition.workingDirectory, searchDirectories: searchDirectories) {
                problems.append("service `\(definition.name)`: \(problem)")
            }
            if case .command(let words)? = definition.healthCheck?.probe, let program = words.first,
                let problem = ProgramLookup.problem(program, workingDirectory: definition.workingDirectory, searchDirectories: searchDirectories)
            {
                problems.append("service `\(definition.name)`, health check: \(problem)")
            }
            var isDirectory: ObjCBool = false
            if !FileManager.default.fileExists(atPath: definition.workingDirectory, isDirectory: &isDirectory) || !isDirectory.boolValue {
                problems.append("service `\(definition.name)`: the working directory \(definition.workingDirectory) does not exist")
            }
            let ownPorts = replacing.contains(definition.name) || supervisor.runningServices.contains(definition.name)
            for binding in definition.ports {
                if let owner = others.first(where: { $0.service.name != definition.name && $0.definition.ports.contains { $0.port == binding.port } }) {
                    problems.append("service `\(definition.name)`: port \(binding.port) belongs to service `\(owner.service.name)`")
                } else if !ownPorts && !InstancePortAllocator.isFree(binding.port) {
                    problems.append("service `\(definition.name)`: port \(binding.port) on \(binding.address) is in use by another program: stop it or choose another port")
                }
            }
        }
        guard problems.isEmpty else {
            throw ServiceError(.invalid, problems.count == 1 ? problems[0] + "; nothing was changed" : "nothing was changed:\n  " + problems.joined(separator: "\n  "))
        }
    }

    func nextRevisionNumber(_ name: ServiceName) async throws(ServiceError) -> Int {
        let revisions = try await storeCall { () async throws(ServiceStoreError) in try await self.store.revisions(of: name) }
        return (revisions.map(\.number).max() ?? 0) + 1
    }
}

/// Where a program of a definition would be found, checked before anything starts.
enum ProgramLookup {
    /// Nil when `program` resolves to an executable file; otherwise what is wrong.
    static func problem(_ program: String, workingDirectory: String, searchDirectories: [String]) -> String? {
        if program.contains("/") {
            let path = program.hasPrefix("/") ? program : URL(fileURLWithPath: workingDirectory).appendingPathComponent(program).standardizedFileURL.path
            return FileManager.default.isExecutableFile(atPath: path) ? nil : "the program \(path) does not exist or is not executable"
        }
        for directory in searchDirectories where FileManager.default.isExecutableFile(atPath: URL(fileURLWithPath: directory).appendingPathComponent(program).path) {
            return nil
        }
        return "the program `\(program)` is not installed: not found in \(searchDirectories.joined(separator: ":")); install it or give its path"
    }
}
