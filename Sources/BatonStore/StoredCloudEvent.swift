import BatonWorkflow
import Foundation

/// A CloudEvent in the event log, with its place in the log.
public struct StoredCloudEvent: Sendable, Hashable {
    /// The event's place in the log: increasing across all events, starting at 1.
    public var sequence: Int64
    /// The event's `type`, `source` and `id` attributes.
    public var type: String
    public var source: String
    public var id: String
    /// The whole event in its JSON form.
    public var event: JSONValue
    /// When the log took it (the store's clock).
    public var receivedAt: Date

    public init(sequence: Int64, type: String, source: String, id: String, event: JSONValue, receivedAt: Date) {
        self.sequence = sequence
        self.type = type
        self.source = source
        self.id = id
        self.event = event
        self.receivedAt = receivedAt
    }

    /// The `type`, `source` and `id` of an event in JSON form.
    /// - Throws: `invalidInput` when one is missing, not a string or empty.
    package static func attributes(of event: JSONValue) throws(RunStoreError) -> (type: String, source: String, id: String) {
        var values: [String] = []
        for name in ["type", "source", "id"] {
            guard let value = event[name]?.stringValue, !value.isEmpty else {
                throw RunStoreError(.invalidInput, "a CloudEvent needs a non-empty string `\(name)` to enter the event log")
            }
            values.append(value)
        }
        return (values[0], values[1], values[2])
    }
}
