/// What appending a CloudEvent to the event log did.
public struct CloudEventAppend: Sendable, Hashable {
    /// The event's place in the log: the new one, or the one it already had.
    public var sequence: Int64
    /// False when an event with the same `source` and `id` was already in the log (CloudEvents
    /// 1.0: such events are duplicates); the log kept the first.
    public var inserted: Bool

    public init(sequence: Int64, inserted: Bool) {
        self.sequence = sequence
        self.inserted = inserted
    }
}
