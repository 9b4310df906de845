/// When the workflow runs by itself: at an interval, on a cron schedule, some time after each
/// run, or on events (OWS dsl-reference.md §Schedule).
public struct Schedule: Sendable, Hashable, DocumentCodable {
    public var every: WorkflowDuration?
    public var cron: String?
    public var after: WorkflowDuration?
    public var on: EventConsumptionStrategy?
    /// How triggering events are read; only with `on`. Defaults to `data`.
    public var read: ListenTask.ReadMode?

    public init(every: WorkflowDuration? = nil, cron: String? = nil, after: WorkflowDuration? = nil, on: EventConsumptionStrategy? = nil, read: ListenTask.ReadMode? = nil) {
        self.every = every
        self.cron = cron
        self.after = after
        self.on = on
        self.read = read
    }

    public init(from reader: DocumentReader) throws(Diagnostic) {
        self = try reader.object { (object) throws(Diagnostic) in
            let schedule = Schedule(
                every: try object.optional("every"), cron: try object.optional("cron"), after: try object.optional("after"),
                on: try object.optional("on"), read: try object.optional("read")
            )
            if schedule.read != nil, schedule.on == nil {
                throw object.error(atKey: "read", "`read` says how triggering events are read, so it needs `on`", code: "model.required")
            }
            return schedule
        }
    }

    public var documentValue: JSONValue {
        var writer = ObjectWriter()
        writer.set("every", every)
        writer.set("cron", cron)
        writer.set("after", after)
        writer.set("on", on)
        writer.set("read", read)
        return writer.value
    }
}
