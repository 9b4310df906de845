import BatonEngine

/// A run's event as stored, with its sequence number: 1, 2, 3... per run, without gaps.
public struct StoredRunEvent: Sendable, Hashable {
    public var runID: RunID
    public var sequence: Int64
    public var event: RunEvent

    public init(runID: RunID, sequence: Int64, event: RunEvent) {
        self.runID = runID
        self.sequence = sequence
        self.event = event
    }
}
