import BatonEngine
import BatonStore
import BatonTesting
import BatonWorkflow
import Foundation
import Testing

/// The one suite of behaviour every ``RunStore`` passes: the in-memory store, the SQLite store,
/// and any store to come (PostgreSQL). Each check starts from an empty store made by `makeStore`
/// with a ``ManualClock`` the check moves by hand, so lease expiry and due times need no sleeps.
///
/// ```swift
/// @Test(arguments: RunStoreConformance.Check.allCases)
/// func conforms(_ check: RunStoreConformance.Check) async throws {
///     try await RunStoreConformance { clock in InMemoryRunStore(clock: clock) }.run(check)
/// }
/// ```
///
/// Failures are recorded with Swift Testing's `#expect` and `#require`, at the line of the check.
public struct RunStoreConformance: Sendable {
    /// One area of behaviour.
    public enum Check: String, Sendable, CaseIterable, CustomTestStringConvertible {
        case definitions
        case definitionConflicts
        case runs
        case runListing
        case runCounts
        case leases
        case events
        case eventIdempotency
        case statusTransitions
        case failedAppend
        case concurrentAppends
        case timers
        case eventLog
        case approvals
        case schedules

        public var testDescription: String { rawValue }
    }

    /// Makes an empty store that reads time from the given clock.
    public typealias MakeStore = @Sendable (ManualClock) async throws -> any RunStore

    private let makeStore: MakeStore

    public init(makeStore: @escaping MakeStore) {
        self.makeStore = makeStore
    }

    /// Runs one check against a new store.
    public func run(_ check: Check) async throws {
        let clock = ManualClock(now: Self.start)
        let store = try await makeStore(clock)
        let context = Context(store: store, clock: clock)
        switch check {
        case .definitions: try await context.definitions()
        case .definitionConflicts: try await context.definitionConflicts()
        case .runs: try await context.runs()
        case .runListing: try await context.runListing()
        case .runCounts: try await context.runCounts()
        case .leases: try await context.leases()
        case .events: try await context.events()
        case .eventIdempotency: try await context.eventIdempotency()
        case .statusTransitions: try await context.statusTransitions()
        case .failedAppend: try await context.failedAppend()
        case .concurrentAppends: try await context.concurrentAppends()
        case .timers: try await context.timers()
        case .eventLog: try await context.eventLog()
        case .approvals: try await context.approvals()
        case .schedules: try await context.schedules()
        }
    }

    /// Runs every check, each against a new store.
    public func runAll() async throws {
        for check in Check.allCases { try await run(check) }
    }

    /// Where the manual clock starts: 2027-01-15T08:00:00Z.
    public static let start = Date(timeIntervalSince1970: 1_800_000_000)

    /// A definition for tests: `tests/<name>@<version>` that sets `{ done: true }`.
    public static func definition(_ name: String = "greet", version: String = "1.0.0", namespace: String = "tests") -> WorkflowDefinition {
        let source = """
            document: { dsl: '1.0.3', namespace: \(namespace), name: \(name), version: '\(version)' }
            do:
              - finish: { set: { done: true } }
            """
        let document: JSONValue = [
            "document": ["dsl": "1.0.3", "namespace": .string(namespace), "name": .string(name), "version": .string(version)],
            "do": [["finish": ["set": ["done": true]]]],
        ]
        return WorkflowDefinition(key: WorkflowDefinitionKey(namespace: namespace, name: name, version: version), source: source, document: document)
    }
}
