/// A duration written as named parts, `{ hours: 2, minutes: 15 }` (OWS dsl-reference.md §Duration,
/// schema `DurationInline`: integers, at least one part).
public struct InlineDuration: Sendable, Hashable, DocumentCodable {
    public var days: Int?
    public var hours: Int?
    public var minutes: Int?
    public var seconds: Int?
    public var milliseconds: Int?

    public init(days: Int? = nil, hours: Int? = nil, minutes: Int? = nil, seconds: Int? = nil, milliseconds: Int? = nil) {
        self.days = days
        self.hours = hours
        self.minutes = minutes
        self.seconds = seconds
        self.milliseconds = milliseconds
    }

    public init(from reader: DocumentReader) throws(Diagnostic) {
        self = try reader.object { (object) throws(Diagnostic) in
            let duration = InlineDuration(
                days: try object.optional("days"),
                hours: try object.optional("hours"),
                minutes: try object.optional("minutes"),
                seconds: try object.optional("seconds"),
                milliseconds: try object.optional("milliseconds")
            )
            guard !object.members.isEmpty else {
                throw object.error("an inline duration needs at least one of days, hours, minutes, seconds, milliseconds", code: "model.required")
            }
            return duration
        }
    }

    public var documentValue: JSONValue {
        var writer = ObjectWriter()
        writer.set("days", days)
        writer.set("hours", hours)
        writer.set("minutes", minutes)
        writer.set("seconds", seconds)
        writer.set("milliseconds", milliseconds)
        return writer.value
    }

    /// The length in seconds.
    public var totalSeconds: Double {
        let whole = (((days ?? 0) * 24 + (hours ?? 0)) * 60 + (minutes ?? 0)) * 60 + (seconds ?? 0)
        return Double(whole) + Double(milliseconds ?? 0) / 1000
    }

    /// The length as a Swift `Duration`, exact to the millisecond.
    public var duration: Duration {
        .seconds((((days ?? 0) * 24 + (hours ?? 0)) * 60 + (minutes ?? 0)) * 60 + (seconds ?? 0)) + .milliseconds(milliseconds ?? 0)
    }
}
