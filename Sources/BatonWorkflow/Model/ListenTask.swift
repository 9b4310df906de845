/// Waits for events (OWS dsl-reference.md §Listen).
public struct ListenTask: Sendable, Hashable, TaskConfiguration {
    /// How consumed events are read (schema `read`): their data, their whole envelope, or raw.
    public enum ReadMode: String, DocumentStringEnum {
        case data, envelope, raw
    }

    public var to: EventConsumptionStrategy
    /// Defaults to `data`.
    public var read: ReadMode?
    public var foreach: SubscriptionIterator?

    public init(to: EventConsumptionStrategy, read: ReadMode? = nil, foreach: SubscriptionIterator? = nil) {
        self.to = to
        self.read = read
        self.foreach = foreach
    }

    init(reading object: inout ObjectReader) throws(Diagnostic) {
        let listen = try object.required("listen") { (reader) throws(Diagnostic) in
            try reader.object { (listen) throws(Diagnostic) in
                (to: try listen.required("to", EventConsumptionStrategy.self), read: try listen.optional("read", ReadMode.self))
            }
        }
        self.init(to: listen.to, read: listen.read, foreach: try object.optional("foreach"))
    }

    func write(to writer: inout ObjectWriter) {
        var listen = ObjectWriter()
        listen.set("to", to)
        listen.set("read", read)
        writer.set("listen", json: listen.value)
        writer.set("foreach", foreach)
    }
}
