import BatonServices
import Foundation
import Testing

extension ServiceStoreConformance {
    /// A store under test and the helpers the checks share.
    struct Context {
        let store: any ServiceStore

        func name(_ text: String) throws -> ServiceName { try ServiceName(text) }

        func declared(
            _ name: String, project: String = "tests", revision: Int = 1, replicas: Int = 1, desired: StoredService.Desired = .running,
            at time: Date = ServiceStoreConformance.start
        ) throws -> StoredService {
            StoredService(name: try self.name(name), project: project, revision: revision, replicas: replicas, desired: desired, updatedAt: time)
        }

        func revision(
            _ definition: ServiceDefinition, _ number: Int, cause: String = "up /srv/tests/services.yaml", changes: [String] = ["created"],
            at time: Date = ServiceStoreConformance.start
        ) -> ServiceRevision {
            ServiceRevision(service: definition.name, number: number, definition: definition, createdAt: time, cause: cause, changes: changes)
        }

        /// A revision as a store gives it back: its definition is the template (no replica count).
        func stored(_ revision: ServiceRevision) -> ServiceRevision {
            var copy = revision
            copy.definition = revision.definition.template
            return copy
        }

        /// A minimal definition whose version label tells revisions apart.
        func definition(_ name: String, version: String) throws -> ServiceDefinition {
            var definition = try ServiceStoreConformance.minimalDefinition(name)
            definition.version = version
            return definition
        }

        /// Expects the revisions of `name` to be `expected` (as stored), saying which key differs.
        func expectRevisions(_ name: ServiceName, _ expected: [ServiceRevision], sourceLocation: Testing.SourceLocation = #_sourceLocation) async throws {
            let revisions = try await store.revisions(of: name)
            #expect(revisions.map(\.number) == expected.map(\.number), sourceLocation: sourceLocation)
            for (read, committed) in zip(revisions, expected.map(stored)) {
                #expect(
                    read == committed, "revision \(committed.number) of \(name): \(read.definition.changes(from: committed.definition))",
                    sourceLocation: sourceLocation)
            }
        }

        /// Everything the store holds about `names`.
        func snapshot(_ names: [ServiceName]) async throws -> Snapshot {
            var revisions: [ServiceName: [ServiceRevision]] = [:]
            for name in names { revisions[name] = try await store.revisions(of: name) }
            return Snapshot(services: try await store.services(), revisions: revisions, instances: try await store.instanceRecords())
        }

        struct Snapshot: Equatable {
            var services: [StoredService]
            var revisions: [ServiceName: [ServiceRevision]]
            var instances: [InstanceRecord]
        }

        /// Expects `change` to be refused with a ``ServiceStoreError``.
        func expectRefused(_ change: ServiceStoreChange, _ comment: Comment, sourceLocation: Testing.SourceLocation = #_sourceLocation) async {
            do {
                try await store.commit(change)
                Issue.record("expected the change to be refused: \(comment)", sourceLocation: sourceLocation)
            } catch {
                #expect(!error.message.isEmpty, "a refusal says why", sourceLocation: sourceLocation)
            }
        }

        // MARK: - Checks

        /// A new store holds nothing, and changes that do nothing are not failures.
        func emptyStore() async throws {
            let api = try name("api")
            #expect(try await store.services().isEmpty)
            #expect(try await store.revisions(of: api).isEmpty)
            #expect(try await store.instanceRecords().isEmpty)
            #expect(try await store.service(api) == nil)
            #expect(try await store.currentRevision(of: api) == nil)

            try await store.commit(ServiceStoreChange())
            try await store.commit(ServiceStoreChange(removals: [api]))
            try await store.forgetInstances([])
            try await store.forgetInstances(["api-1"])
            #expect(try await snapshot([api]) == Snapshot(services: [], revisions: [api: []], instances: []))
        }

        /// Services read back as committed, listed by name; revisions with their cause, changes and
        /// time, and a definition equal to the committed one's template, whatever it holds.
        func roundTrip() async throws {
            let api = try ServiceStoreConformance.fullDefinition("api")
            let db = try ServiceStoreConformance.minimalDefinition("db")
            let apiService = try declared("api", project: "shop", replicas: 3)
            let dbService = try declared("db", project: "shop", desired: .stopped, at: ServiceStoreConformance.start.addingTimeInterval(0.25))
            let apiRevision = revision(api, 1)
            let dbRevision = revision(db, 1, cause: "up — “quoted” and 'single'", changes: [])
            try await store.commit(ServiceStoreChange(upserts: [dbService, apiService], newRevisions: [dbRevision, apiRevision]))

            #expect(try await store.services() == [apiService, dbService])
            #expect(try await store.service(db.name) == dbService)
            try await expectRevisions(api.name, [apiRevision])
            try await expectRevisions(db.name, [dbRevision])
            #expect(try await store.currentRevision(of: api.name)?.definition == api.template)

            // The other kinds of health check, and an image in place of a command.
            let others = try ServiceStoreConformance.otherProbes("worker")
            let workerRevisions = others.enumerated().map { revision($0.element, $0.offset + 1, changes: ["healthcheck: changed", "command: changed"]) }
            try await store.commit(ServiceStoreChange(upserts: [try declared("worker", revision: others.count)], newRevisions: workerRevisions))
            try await expectRevisions(others[0].name, workerRevisions)

            // A time as `Date()` gives it is kept to the millisecond at least.
            let now = Date(timeIntervalSinceReferenceDate: 821_692_800.123_456_7)
            let later = revision(others[0], others.count + 1, at: now)
            try await store.commit(ServiceStoreChange(upserts: [try declared("worker", revision: later.number, at: now)], newRevisions: [later]))
            let readService = try #require(try await store.service(later.service))
            let readRevision = try #require(try await store.currentRevision(of: later.service))
            #expect(abs(readService.updatedAt.timeIntervalSince(now)) < 0.001, "updatedAt \(readService.updatedAt) for \(now)")
            #expect(abs(readRevision.createdAt.timeIntervalSince(now)) < 0.001, "createdAt \(readRevision.createdAt) for \(now)")
        }

        /// Revisions are listed by number, whatever order they were committed in, each under its
        /// own service; the current revision is the one the service names.
        func revisionOrder() async throws {
            let api = try name("api")
            let db = try name("db")
            let one = revision(try definition("api", version: "1"), 1)
            let two = revision(try definition("api", version: "2"), 2)
            let three = revision(try definition("api", version: "3"), 3)
            let ten = revision(try definition("api", version: "10"), 10)
            let dbOne = revision(try definition("db", version: "1"), 1)
            try await store.commit(ServiceStoreChange(upserts: [try declared("api")], newRevisions: [one]))
            try await store.commit(ServiceStoreChange(upserts: [try declared("db")], newRevisions: [three, dbOne, two]))
            try await store.commit(ServiceStoreChange(newRevisions: [ten]))

            try await expectRevisions(api, [one, two, three, ten])
            try await expectRevisions(db, [dbOne])
            #expect(try await store.currentRevision(of: api)?.definition.version == "1")
            try await store.commit(ServiceStoreChange(upserts: [try declared("api", revision: 3)]))
            #expect(try await store.currentRevision(of: api)?.definition.version == "3")
        }

        /// A revision number that is stored already, or that comes twice in one change, is refused,
        /// and the whole change leaves nothing: no upsert, no other revision.
        func duplicateRevision() async throws {
            let api = try name("api")
            let db = try name("db")
            let first = revision(try definition("api", version: "1"), 1)
            try await store.commit(ServiceStoreChange(upserts: [try declared("api")], newRevisions: [first]))
            try await store.recordInstance(InstanceRecord(instance: "api-1", service: api, pid: 4242, processGroup: 4242, startTime: 99))
            let before = try await snapshot([api, db])

            await expectRefused(
                ServiceStoreChange(
                    upserts: [try declared("api", revision: 2, replicas: 5), try declared("db")],
                    newRevisions: [revision(try definition("db", version: "1"), 1), revision(try definition("api", version: "2"), 2), revision(try definition("api", version: "again"), 1)]),
                "revision 1 of api is stored already")
            #expect(try await snapshot([api, db]) == before)

            await expectRefused(
                ServiceStoreChange(
                    upserts: [try declared("api", revision: 2)],
                    newRevisions: [revision(try definition("api", version: "2"), 2), revision(try definition("api", version: "2b"), 2)]),
                "revision 2 of api comes twice")
            #expect(try await snapshot([api, db]) == before)

            // The same number for another service is no duplicate.
            let dbFirst = revision(try definition("db", version: "1"), 1)
            try await store.commit(ServiceStoreChange(upserts: [try declared("db")], newRevisions: [dbFirst]))
            try await expectRevisions(db, [dbFirst])
            try await expectRevisions(api, [first])
        }

        /// A removal drops the service and its revisions, leaves other services and the instance
        /// records alone (the driver forgets instances as it stops them), and applies before the
        /// rest of its change: a change may remove a service and declare it again from revision 1.
        func removals() async throws {
            let api = try name("api")
            let db = try name("db")
            let apiRevisions = [revision(try definition("api", version: "1"), 1), revision(try definition("api", version: "2"), 2)]
            let dbRevision = revision(try definition("db", version: "1"), 1)
            try await store.commit(ServiceStoreChange(upserts: [try declared("api", revision: 2), try declared("db")], newRevisions: apiRevisions + [dbRevision]))
            let record = InstanceRecord(instance: "api-1", service: api, pid: 4242, processGroup: 4242, startTime: 99)
            try await store.recordInstance(record)

            try await store.commit(ServiceStoreChange(removals: [api, try name("unknown")]))
            #expect(try await store.services() == [try declared("db")])
            #expect(try await store.revisions(of: api).isEmpty)
            #expect(try await store.currentRevision(of: api) == nil)
            try await expectRevisions(db, [dbRevision])
            #expect(try await store.instanceRecords() == [record])

            // Declared again: its history starts over.
            try await store.commit(ServiceStoreChange(upserts: [try declared("api", revision: 2)], newRevisions: apiRevisions))
            let again = revision(try ServiceStoreConformance.fullDefinition("api"), 1, cause: "up again")
            try await store.commit(ServiceStoreChange(upserts: [try declared("api", project: "other")], newRevisions: [again], removals: [api]))
            try await expectRevisions(api, [again])
            #expect(try await store.service(api) == (try declared("api", project: "other")))
        }

        /// An upsert replaces every field of the service's declared state and keeps its revisions.
        func upserts() async throws {
            let api = try name("api")
            let first = revision(try definition("api", version: "1"), 1)
            let second = revision(try definition("api", version: "2"), 2)
            try await store.commit(ServiceStoreChange(upserts: [try declared("api", project: "shop")], newRevisions: [first, second]))

            let replaced = try declared(
                "api", project: "shop-2", revision: 2, replicas: 4, desired: .stopped, at: ServiceStoreConformance.start.addingTimeInterval(60))
            try await store.commit(ServiceStoreChange(upserts: [replaced]))
            #expect(try await store.services() == [replaced])
            try await expectRevisions(api, [first, second])

            // Upserts of several services at once; a service named twice ends as the last says.
            let last = try declared("api", replicas: 0)
            try await store.commit(ServiceStoreChange(upserts: [try declared("web"), try declared("api", replicas: 9), last]))
            #expect(try await store.services() == [last, try declared("web")])
        }

        /// Instance records are listed, replaced by instance name, and forgotten; pids and start
        /// times keep their full range.
        func instanceRecords() async throws {
            let api = try name("api")
            let db = try name("db")
            let records = [
                InstanceRecord(instance: "api-2", service: api, pid: 200, processGroup: 200, startTime: 1_000),
                InstanceRecord(instance: "api-1", service: api, pid: 100, processGroup: 99, startTime: 2_000),
                InstanceRecord(instance: "db-1", service: db, pid: .max, processGroup: .max, startTime: 1 << 40),
            ]
            for record in records { try await store.recordInstance(record) }
            func listed() async throws -> [InstanceRecord] { try await store.instanceRecords().sorted { $0.instance < $1.instance } }
            #expect(try await listed() == records.sorted { $0.instance < $1.instance })

            let restarted = InstanceRecord(instance: "api-1", service: api, pid: 300, processGroup: 300, startTime: 3_000)
            try await store.recordInstance(restarted)
            #expect(try await listed() == [restarted, records[0], records[2]])

            try await store.forgetInstances(["api-1", "never-recorded"])
            #expect(try await listed() == [records[0], records[2]])
            try await store.forgetInstances([])
            #expect(try await listed().count == 2)
            try await store.forgetInstances(["api-2", "db-1"])
            #expect(try await store.instanceRecords().isEmpty)
        }

        /// Changes and records made at the same time are all kept.
        func concurrentCommits() async throws {
            let count = 20
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<count {
                    group.addTask {
                        let name = String(format: "s%02d", index)
                        let definition = try ServiceStoreConformance.minimalDefinition(name)
                        try await store.commit(ServiceStoreChange(upserts: [try declared(name)], newRevisions: [revision(definition, 1)]))
                        try await store.recordInstance(
                            InstanceRecord(instance: "\(name)-1", service: definition.name, pid: Int32(1000 + index), processGroup: Int32(1000 + index), startTime: 1))
                    }
                }
                try await group.waitForAll()
            }
            let services = try await store.services()
            #expect(services.map(\.name.rawValue) == (0..<count).map { String(format: "s%02d", $0) })
            for service in services { #expect(try await store.revisions(of: service.name).map(\.number) == [1]) }
            #expect(try await store.instanceRecords().count == count)
        }
    }
}
