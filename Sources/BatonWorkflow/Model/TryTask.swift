/// Runs tasks and handles the errors they raise (OWS dsl-reference.md §Try, §Catch).
public struct TryTask: Sendable, Hashable, TaskConfiguration {
    /// Which errors to catch, what to retry, and what to do once caught.
    public struct Catch: Sendable, Hashable, DocumentCodable {
        /// The static filter, `errors.with`.
        public var errors: ErrorFilter?
        /// Whether the `errors` key was written without a filter (`errors: {}`), kept to round-trip.
        public var hasEmptyErrors: Bool
        /// The variable the error is bound to; defaults to `error`.
        public var `as`: String?
        public var when: RuntimeExpression?
        public var exceptWhen: RuntimeExpression?
        public var retry: Referenceable<RetryPolicy>?
        public var `do`: TaskList?
        /// Where to go after the error was caught (and `do` ran), instead of the task's own `then`.
        public var then: FlowDirective?

        public init(
            errors: ErrorFilter? = nil, as variable: String? = nil, when: RuntimeExpression? = nil, exceptWhen: RuntimeExpression? = nil,
            retry: Referenceable<RetryPolicy>? = nil, do tasks: TaskList? = nil, then: FlowDirective? = nil
        ) {
            self.errors = errors
            self.hasEmptyErrors = false
            self.as = variable
            self.when = when
            self.exceptWhen = exceptWhen
            self.retry = retry
            self.do = tasks
            self.then = then
        }

        public init(from reader: DocumentReader) throws(Diagnostic) {
            self = try reader.object { (object) throws(Diagnostic) in
                var emptyErrors = false
                let errors: ErrorFilter? = try object.optional("errors") { (reader) throws(Diagnostic) in
                    try reader.object { (errors) throws(Diagnostic) in
                        let filter: ErrorFilter? = try errors.optional("with")
                        emptyErrors = filter == nil
                        return filter
                    }
                } ?? nil
                var result = Catch(
                    errors: errors, as: try object.optional("as"), when: try object.optional("when"),
                    exceptWhen: try object.optional("exceptWhen"), retry: try object.optional("retry"),
                    do: try object.optional("do"), then: try object.optional("then")
                )
                result.hasEmptyErrors = emptyErrors
                return result
            }
        }

        public var documentValue: JSONValue {
            var writer = ObjectWriter()
            if let errors {
                writer.set("errors", json: ["with": errors.documentValue])
            } else if hasEmptyErrors {
                writer.set("errors", json: .object([:]))
            }
            writer.set("as", self.as)
            writer.set("when", when)
            writer.set("exceptWhen", exceptWhen)
            writer.set("retry", retry)
            writer.set("do", self.do)
            writer.set("then", then)
            return writer.value
        }
    }

    public var `try`: TaskList
    public var `catch`: Catch

    public init(try tasks: TaskList, catch handler: Catch) {
        self.try = tasks
        self.catch = handler
    }

    init(reading object: inout ObjectReader) throws(Diagnostic) {
        self.init(try: try object.required("try"), catch: try object.required("catch"))
    }

    func write(to writer: inout ObjectWriter) {
        writer.set("try", self.try)
        writer.set("catch", self.catch)
    }
}
