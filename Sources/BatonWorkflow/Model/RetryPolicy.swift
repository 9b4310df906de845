/// When and how to retry a failed task (OWS dsl-reference.md §Retry, schema `$defs/retryPolicy`).
public struct RetryPolicy: Sendable, Hashable, DocumentCodable {
    /// The growth of the delay between attempts: exactly one of `constant`, `exponential`,
    /// `linear`, each with an open definition object.
    public enum Backoff: Sendable, Hashable, DocumentCodable {
        case constant([String: JSONValue])
        case exponential([String: JSONValue])
        case linear([String: JSONValue])

        static let kinds = ["constant", "exponential", "linear"]

        public init(from reader: DocumentReader) throws(Diagnostic) {
            self = try reader.object { (object) throws(Diagnostic) in
                let present = object.presentKeys(among: Self.kinds)
                guard present.count == 1, let kind = present.first else {
                    for key in Self.kinds { _ = object.reader(key) }
                    if present.count > 1 {
                        throw object.error(atKey: present[1], "a backoff has exactly one of constant, exponential, linear; found `\(present[0])` and `\(present[1])`", code: "model.one-of")
                    }
                    try object.checkUnknownKeys()
                    throw object.error("a backoff needs one of constant, exponential, linear", code: "model.one-of")
                }
                let definition: [String: JSONValue] = try object.required(kind)
                switch kind {
                case "constant": return .constant(definition)
                case "exponential": return .exponential(definition)
                default: return .linear(definition)
                }
            }
        }

        public var documentValue: JSONValue {
            switch self {
            case .constant(let definition): ["constant": .object(definition)]
            case .exponential(let definition): ["exponential": .object(definition)]
            case .linear(let definition): ["linear": .object(definition)]
            }
        }
    }

    /// How many attempts, and for how long, a task may be retried.
    public struct Limit: Sendable, Hashable, DocumentCodable {
        public struct Attempt: Sendable, Hashable, DocumentCodable {
            /// The most attempts.
            public var count: Int?
            /// The longest each attempt may take.
            public var duration: WorkflowDuration?

            public init(count: Int? = nil, duration: WorkflowDuration? = nil) {
                self.count = count
                self.duration = duration
            }

            public init(from reader: DocumentReader) throws(Diagnostic) {
                self = try reader.object { (object) throws(Diagnostic) in Attempt(count: try object.optional("count"), duration: try object.optional("duration")) }
            }

            public var documentValue: JSONValue {
                var writer = ObjectWriter()
                writer.set("count", count)
                writer.set("duration", duration)
                return writer.value
            }
        }

        public var attempt: Attempt?
        /// The longest time to keep retrying, all attempts together.
        public var duration: WorkflowDuration?

        public init(attempt: Attempt? = nil, duration: WorkflowDuration? = nil) {
            self.attempt = attempt
            self.duration = duration
        }

        public init(from reader: DocumentReader) throws(Diagnostic) {
            self = try reader.object { (object) throws(Diagnostic) in Limit(attempt: try object.optional("attempt"), duration: try object.optional("duration")) }
        }

        public var documentValue: JSONValue {
            var writer = ObjectWriter()
            writer.set("attempt", attempt)
            writer.set("duration", duration)
            return writer.value
        }
    }

    /// The range of random variation added to each delay.
    public struct Jitter: Sendable, Hashable, DocumentCodable {
        public var from: WorkflowDuration
        public var to: WorkflowDuration

        public init(from: WorkflowDuration, to: WorkflowDuration) {
            self.from = from
            self.to = to
        }

        public init(from reader: DocumentReader) throws(Diagnostic) {
            self = try reader.object { (object) throws(Diagnostic) in Jitter(from: try object.required("from"), to: try object.required("to")) }
        }

        public var documentValue: JSONValue { ["from": from.documentValue, "to": to.documentValue] }
    }

    public var when: RuntimeExpression?
    public var exceptWhen: RuntimeExpression?
    public var delay: WorkflowDuration?
    public var backoff: Backoff?
    public var limit: Limit?
    public var jitter: Jitter?

    public init(when: RuntimeExpression? = nil, exceptWhen: RuntimeExpression? = nil, delay: WorkflowDuration? = nil, backoff: Backoff? = nil, limit: Limit? = nil, jitter: Jitter? = nil) {
        self.when = when
        self.exceptWhen = exceptWhen
        self.delay = delay
        self.backoff = backoff
        self.limit = limit
        self.jitter = jitter
    }

    public init(from reader: DocumentReader) throws(Diagnostic) {
        self = try reader.object { (object) throws(Diagnostic) in
            RetryPolicy(
                when: try object.optional("when"), exceptWhen: try object.optional("exceptWhen"), delay: try object.optional("delay"),
                backoff: try object.optional("backoff"), limit: try object.optional("limit"), jitter: try object.optional("jitter")
            )
        }
    }

    public var documentValue: JSONValue {
        var writer = ObjectWriter()
        writer.set("when", when)
        writer.set("exceptWhen", exceptWhen)
        writer.set("delay", delay)
        writer.set("backoff", backoff)
        writer.set("limit", limit)
        writer.set("jitter", jitter)
        return writer.value
    }
}
