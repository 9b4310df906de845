/// Which events to consume, and how to correlate them with the workflow's data (OWS
/// dsl-reference.md §Event Filter, §Correlation).
public struct EventFilter: Sendable, Hashable, DocumentCodable {
    /// Extracts a value from each event and compares it with an expectation.
    public struct Correlation: Sendable, Hashable, DocumentCodable {
        /// A runtime expression that extracts the value from the event.
        public var from: RuntimeExpression
        /// A constant or runtime expression to compare with; when absent, the first value seen.
        public var expect: String?

        public init(from: RuntimeExpression, expect: String? = nil) {
            self.from = from
            self.expect = expect
        }

        public init(from reader: DocumentReader) throws(Diagnostic) {
            self = try reader.object { (object) throws(Diagnostic) in Correlation(from: try object.required("from"), expect: try object.optional("expect")) }
        }

        public var documentValue: JSONValue {
            var writer = ObjectWriter()
            writer.set("from", from)
            writer.set("expect", expect)
            return writer.value
        }
    }

    /// The attributes events must have; values may be regular expressions or runtime expressions.
    public var with: EventProperties
    public var correlate: [String: Correlation]?

    public init(with: EventProperties, correlate: [String: Correlation]? = nil) {
        self.with = with
        self.correlate = correlate
    }

    public init(from reader: DocumentReader) throws(Diagnostic) {
        self = try reader.object { (object) throws(Diagnostic) in
            let with: EventProperties = try object.required("with") { (reader) throws(Diagnostic) in
                let properties = try EventProperties(from: reader)
                guard !properties.isEmpty else {
                    throw reader.error("an event filter needs at least one attribute to match, such as `type`", code: "model.required")
                }
                return properties
            }
            return EventFilter(with: with, correlate: try object.optional("correlate"))
        }
    }

    public var documentValue: JSONValue {
        var writer = ObjectWriter()
        writer.set("with", with)
        writer.set("correlate", correlate)
        return writer.value
    }
}
