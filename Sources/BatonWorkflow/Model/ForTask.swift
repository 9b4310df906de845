/// Runs tasks for each item of a collection (OWS dsl-reference.md §For).
public struct ForTask: Sendable, Hashable, TaskConfiguration {
    /// The collection: a runtime expression, or an inline list of objects.
    public enum Collection: Sendable, Hashable, DocumentCodable {
        case expression(RuntimeExpression)
        case items([[String: JSONValue]])

        public init(from reader: DocumentReader) throws(Diagnostic) {
            switch reader.value {
            case .string(let text): self = .expression(RuntimeExpression(text))
            case .array: self = .items(try reader.array(of: [String: JSONValue].self))
            default: throw reader.typeMismatch(expected: "a runtime expression (a string) or a list of mappings")
            }
        }

        public var documentValue: JSONValue {
            switch self {
            case .expression(let expression): expression.documentValue
            case .items(let items): .array(items.map { .object($0) })
            }
        }
    }

    /// The variable holding the current item; defaults to `item`.
    public var each: String?
    public var `in`: Collection
    /// The variable holding the current index; defaults to `index`.
    public var at: String?
    /// A runtime expression that must hold for the loop to go on.
    public var `while`: RuntimeExpression?
    public var `do`: TaskList

    public init(each: String? = nil, in collection: Collection, at: String? = nil, while condition: RuntimeExpression? = nil, do tasks: TaskList) {
        self.each = each
        self.in = collection
        self.at = at
        self.while = condition
        self.do = tasks
    }

    init(reading object: inout ObjectReader) throws(Diagnostic) {
        let loop = try object.required("for") { (reader) throws(Diagnostic) in
            try reader.object { (loop) throws(Diagnostic) in
                (each: try loop.optional("each", String.self), in: try loop.required("in", Collection.self), at: try loop.optional("at", String.self))
            }
        }
        self.init(each: loop.each, in: loop.in, at: loop.at, while: try object.optional("while"), do: try object.required("do"))
    }

    func write(to writer: inout ObjectWriter) {
        var loop = ObjectWriter()
        loop.set("each", each)
        loop.set("in", self.in)
        loop.set("at", at)
        writer.set("for", json: loop.value)
        writer.set("while", self.while)
        writer.set("do", self.do)
    }
}
