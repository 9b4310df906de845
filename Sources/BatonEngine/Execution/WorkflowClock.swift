import Foundation

/// The time a run sees: what time it is (for descriptors and events) and sleeping (for `wait`,
/// retry back-off and timeouts). Injected, so that tests drive time by hand instead of sleeping.
public protocol WorkflowClock: Sendable {
    /// The current wall-clock time.
    func now() -> Date
    /// Suspends for `duration`; throws `CancellationError` when the task is cancelled.
    func sleep(for duration: Duration) async throws
}

/// The machine's clock: `Date()` and `ContinuousClock`.
public struct SystemClock: WorkflowClock {
    public init() {}

    public func now() -> Date { Date() }

    public func sleep(for duration: Duration) async throws {
        try await ContinuousClock().sleep(for: duration)
    }
}
