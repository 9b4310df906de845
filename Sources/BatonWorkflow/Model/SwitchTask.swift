/// Chooses where to go by the first case whose condition holds (OWS dsl-reference.md §Switch).
public struct SwitchTask: Sendable, Hashable, TaskConfiguration {
    /// One case: a condition (none for the default case) and where to go.
    public struct Case: Sendable, Hashable, DocumentCodable {
        public var when: RuntimeExpression?
        public var then: FlowDirective

        public init(when: RuntimeExpression? = nil, then: FlowDirective) {
            self.when = when
            self.then = then
        }

        public init(from reader: DocumentReader) throws(Diagnostic) {
            self = try reader.object { (object) throws(Diagnostic) in Case(when: try object.optional("when"), then: try object.required("then")) }
        }

        public var documentValue: JSONValue {
            var writer = ObjectWriter()
            writer.set("when", when)
            writer.set("then", then)
            return writer.value
        }
    }

    /// A case and its name.
    public struct NamedCase: Sendable, Hashable, DocumentCodable {
        public var name: String
        public var `case`: Case

        public init(name: String, case switchCase: Case) {
            self.name = name
            self.case = switchCase
        }

        public init(from reader: DocumentReader) throws(Diagnostic) {
            let entry = try reader.singleEntry(of: "a switch", holding: "case")
            name = entry.key
            self.case = try Case(from: entry.reader)
        }

        public var documentValue: JSONValue { .object([name: self.case.documentValue]) }
    }

    public var cases: [NamedCase]

    public init(cases: [NamedCase]) {
        self.cases = cases
    }

    init(reading object: inout ObjectReader) throws(Diagnostic) {
        cases = try object.required("switch") { (reader) throws(Diagnostic) in
            let cases = try reader.array(of: NamedCase.self)
            guard !cases.isEmpty else { throw reader.error("a switch needs at least one case", code: "model.empty") }
            return cases
        }
    }

    func write(to writer: inout ObjectWriter) {
        writer.set("switch", cases)
    }
}
