/// Publishes an event (OWS dsl-reference.md §Emit).
public struct EmitTask: Sendable, Hashable, TaskConfiguration {
    /// The event to emit: its attributes under `with`. The schema leaves the event mapping open
    /// beside `with`, so other keys are kept in `additional`.
    public struct Event: Sendable, Hashable, DocumentCodable {
        public var with: EventProperties?
        public var additional: [String: JSONValue]

        public init(with: EventProperties?, additional: [String: JSONValue] = [:]) {
            self.with = with
            self.additional = additional
        }

        public init(from reader: DocumentReader) throws(Diagnostic) {
            self = try reader.object { (object) throws(Diagnostic) in
                let with: EventProperties? = try object.optional("with") { (reader) throws(Diagnostic) in
                    let properties = try EventProperties(from: reader)
                    guard properties.type != nil else {
                        throw reader.error("missing required key `type`; an emitted event needs a type such as `com.example.order.placed.v1`", code: "model.required")
                    }
                    return properties
                }
                var additional: [String: JSONValue] = [:]
                for key in object.unreadKeys { additional[key] = object.members[key] }
                object.allowOtherKeys()
                return Event(with: with, additional: additional)
            }
        }

        public var documentValue: JSONValue {
            var writer = ObjectWriter()
            for (key, value) in additional { writer.set(key, json: value) }
            writer.set("with", with)
            return writer.value
        }
    }

    public var event: Event

    public init(event: Event) {
        self.event = event
    }

    init(reading object: inout ObjectReader) throws(Diagnostic) {
        event = try object.required("emit") { (reader) throws(Diagnostic) in
            try reader.object { (emit) throws(Diagnostic) in try emit.required("event", Event.self) }
        }
    }

    func write(to writer: inout ObjectWriter) {
        writer.set("emit", json: ["event": event.documentValue])
    }
}
