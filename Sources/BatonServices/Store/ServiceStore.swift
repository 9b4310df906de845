import Foundation

/// Where the declared state of services is kept: each service's current revision, replica count
/// and whether it should run; every revision ever made; and the processes the local driver
/// started, so that a supervisor that was killed can find what its predecessor left.
///
/// Every change is one ``ServiceStoreChange`` committed whole: a failed `up` or update never
/// leaves half a change stored.
public protocol ServiceStore: Sendable {
    /// Every declared service, by name.
    func services() async throws(ServiceStoreError) -> [StoredService]
    /// The revisions of a service, by number (oldest first).
    func revisions(of service: ServiceName) async throws(ServiceStoreError) -> [ServiceRevision]
    /// Applies a change in one transaction.
    func commit(_ change: ServiceStoreChange) async throws(ServiceStoreError)
    /// The instances the local driver recorded as started and not yet stopped.
    func instanceRecords() async throws(ServiceStoreError) -> [InstanceRecord]
    /// Records a started instance (replacing an earlier record of the same instance name).
    func recordInstance(_ record: InstanceRecord) async throws(ServiceStoreError)
    /// Forgets instances once they are stopped.
    func forgetInstances(_ names: [String]) async throws(ServiceStoreError)
}

extension ServiceStore {
    public func service(_ name: ServiceName) async throws(ServiceStoreError) -> StoredService? {
        try await services().first { $0.name == name }
    }

    /// The revision a service runs now.
    public func currentRevision(of name: ServiceName) async throws(ServiceStoreError) -> ServiceRevision? {
        guard let service = try await service(name) else { return nil }
        return try await revisions(of: name).first { $0.number == service.revision }
    }
}

/// A service's declared state.
public struct StoredService: Sendable, Hashable {
    public enum Desired: String, Sendable, Hashable {
        case running
        case stopped
    }

    public var name: ServiceName
    /// The project (services file) it was declared in.
    public var project: String
    /// The number of the revision it runs.
    public var revision: Int
    public var replicas: Int
    public var desired: Desired
    public var updatedAt: Date

    public init(name: ServiceName, project: String, revision: Int, replicas: Int, desired: Desired, updatedAt: Date) {
        self.name = name
        self.project = project
        self.revision = revision
        self.replicas = replicas
        self.desired = desired
        self.updatedAt = updatedAt
    }
}

/// An immutable revision of a service: the definition (its ``ServiceDefinition/template``: the
/// replica count is state, not revision), when and why it was made, and what changed from the
/// revision before it.
public struct ServiceRevision: Sendable, Hashable {
    public var service: ServiceName
    public var number: Int
    public var definition: ServiceDefinition
    public var createdAt: Date
    /// What made it: `up examples/shop/services.yaml`, `update: WORK_MS=9`, `rollback to 2`.
    public var cause: String
    /// What changed, one line each (`environment.WORK_MS: "5" → "9"`); `created` for the first.
    public var changes: [String]

    public init(service: ServiceName, number: Int, definition: ServiceDefinition, createdAt: Date, cause: String, changes: [String]) {
        self.service = service
        self.number = number
        self.definition = definition
        self.createdAt = createdAt
        self.cause = cause
        self.changes = changes
    }
}

/// One atomic change of the declared state: all of it is stored, or — when a new revision's
/// number is taken, or comes twice — none of it.
public struct ServiceStoreChange: Sendable {
    public var upserts: [StoredService] = []
    public var newRevisions: [ServiceRevision] = []
    /// Services removed with their revisions. Removals apply first: a change may remove a
    /// service and declare it again, its revisions starting over.
    public var removals: [ServiceName] = []

    public init(upserts: [StoredService] = [], newRevisions: [ServiceRevision] = [], removals: [ServiceName] = []) {
        self.upserts = upserts
        self.newRevisions = newRevisions
        self.removals = removals
    }
}

/// A process the local driver started: enough to find it again — and to tell it from another
/// process that got the same pid later (the start time, in clock ticks since boot).
public struct InstanceRecord: Sendable, Hashable {
    public var instance: String
    public var service: ServiceName
    public var pid: Int32
    public var processGroup: Int32
    public var startTime: UInt64

    public init(instance: String, service: ServiceName, pid: Int32, processGroup: Int32, startTime: UInt64) {
        self.instance = instance
        self.service = service
        self.pid = pid
        self.processGroup = processGroup
        self.startTime = startTime
    }
}

/// The service store failed: the database could not be read or written, or a stored definition
/// no longer reads.
public struct ServiceStoreError: Error, Sendable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
