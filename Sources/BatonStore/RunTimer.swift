import Foundation

/// A time a run waits for — a `wait`, a retry's back-off, a timeout — kept so that it survives
/// restarts. One per run and position.
public struct RunTimer: Sendable, Hashable {
    public var runID: RunID
    /// The position of the task that waits (see `RunEvent.position`).
    public var position: String
    public var fireAt: Date

    public init(runID: RunID, position: String, fireAt: Date) {
        self.runID = runID
        self.position = position
        self.fireAt = fireAt
    }
}
