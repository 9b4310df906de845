/// Which events to wait for: all of a set, any of a set (until a condition or other events), or
/// exactly one (OWS dsl-reference.md §Event Consumption Strategy).
public indirect enum EventConsumptionStrategy: Sendable, Hashable, DocumentCodable {
    /// When an `any` strategy stops listening.
    public indirect enum Until: Sendable, Hashable, DocumentCodable {
        /// A runtime expression evaluated after each event.
        case condition(RuntimeExpression)
        /// Events whose arrival stops the listening; they may not have an `until` of their own.
        case events(EventConsumptionStrategy)

        public init(from reader: DocumentReader) throws(Diagnostic) {
            switch reader.value {
            case .string(let condition):
                self = .condition(RuntimeExpression(condition))
            case .object(let members):
                // The schema's `until: false` inside `AnyEventUntilConsumed`.
                if members["until"] != nil {
                    throw Diagnostic(
                        code: "model.invalid",
                        message: "the events that end an `any` listener cannot have an `until` of their own; move the condition up to the outer `until`",
                        path: reader.path.appending("until"), in: reader.sourceMap, atKey: true
                    )
                }
                self = .events(try EventConsumptionStrategy(from: reader))
            default:
                throw reader.typeMismatch(expected: "a runtime expression (a string) or an event consumption strategy (a mapping)")
            }
        }

        public var documentValue: JSONValue {
            switch self {
            case .condition(let condition): condition.documentValue
            case .events(let strategy): strategy.documentValue
            }
        }
    }

    case all([EventFilter])
    /// An empty list listens to every event.
    case any([EventFilter], until: Until?)
    case one(EventFilter)

    static let kinds = ["all", "any", "one"]

    public init(from reader: DocumentReader) throws(Diagnostic) {
        self = try reader.object { (object) throws(Diagnostic) in
            let present = object.presentKeys(among: Self.kinds)
            guard present.count == 1, let kind = present.first else {
                for key in Self.kinds { _ = object.reader(key) }
                if present.count > 1 {
                    throw object.error(atKey: present[1], "an event consumption strategy has exactly one of all, any, one; found `\(present[0])` and `\(present[1])`", code: "model.one-of")
                }
                try object.checkUnknownKeys()
                throw object.error("an event consumption strategy needs one of all, any, one", code: "model.one-of")
            }
            if kind != "any", object.has("until") {
                throw object.error(atKey: "until", "`until` applies only to an `any` strategy", code: "model.invalid")
            }
            switch kind {
            case "all":
                return .all(try object.required("all"))
            case "any":
                return .any(try object.required("any"), until: try object.optional("until"))
            default:
                return .one(try object.required("one"))
            }
        }
    }

    public var documentValue: JSONValue {
        switch self {
        case .all(let filters):
            return ["all": filters.documentValue]
        case .any(let filters, let until):
            var writer = ObjectWriter()
            writer.set("any", filters)
            writer.set("until", until)
            return writer.value
        case .one(let filter):
            return ["one": filter.documentValue]
        }
    }
}
