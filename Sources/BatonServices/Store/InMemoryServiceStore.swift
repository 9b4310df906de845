import Synchronization

/// The service store in memory: for tests, and for `baton` commands that keep nothing.
public final class InMemoryServiceStore: ServiceStore {
    private struct State {
        var services: [ServiceName: StoredService] = [:]
        var revisions: [ServiceName: [ServiceRevision]] = [:]
        var instances: [String: InstanceRecord] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    public func services() async throws(ServiceStoreError) -> [StoredService] {
        state.withLock { $0.services.values.sorted { $0.name < $1.name } }
    }

    public func revisions(of service: ServiceName) async throws(ServiceStoreError) -> [ServiceRevision] {
        state.withLock { $0.revisions[service] ?? [] }
    }

    public func commit(_ change: ServiceStoreChange) async throws(ServiceStoreError) {
        try state.withLock { (state: inout State) throws(ServiceStoreError) in
            // Built aside and kept only when the whole change applies, as a transaction would.
            var revisions = state.revisions
            for name in change.removals { revisions[name] = nil }
            for revision in change.newRevisions {
                if revisions[revision.service]?.contains(where: { $0.number == revision.number }) == true {
                    throw ServiceStoreError("revision \(revision.number) of \(revision.service) exists already")
                }
                var stored = revision
                stored.definition = revision.definition.template
                revisions[revision.service, default: []].append(stored)
            }
            for service in Set(change.newRevisions.map(\.service)) { revisions[service]?.sort { $0.number < $1.number } }
            for name in change.removals { state.services[name] = nil }
            state.revisions = revisions
            for service in change.upserts { state.services[service.name] = service }
        }
    }

    public func instanceRecords() async throws(ServiceStoreError) -> [InstanceRecord] {
        state.withLock { $0.instances.values.sorted { $0.instance < $1.instance } }
    }

    public func recordInstance(_ record: InstanceRecord) async throws(ServiceStoreError) {
        state.withLock { $0.instances[record.instance] = record }
    }

    public func forgetInstances(_ names: [String]) async throws(ServiceStoreError) {
        state.withLock { state in
            for name in names { state.instances[name] = nil }
        }
    }
}
