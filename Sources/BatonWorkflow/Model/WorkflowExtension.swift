/// Tasks run before and after every task of a kind (OWS dsl-reference.md §Extension).
public struct WorkflowExtension: Sendable, Hashable, DocumentCodable {
    /// The kind of task extended.
    public enum Target: String, DocumentStringEnum {
        case call, composite, emit, `for`, listen, raise, run, set, `switch`, `try`, wait, all
    }

    public var extend: Target
    /// A runtime expression deciding whether the extension applies.
    public var when: RuntimeExpression?
    public var before: TaskList?
    public var after: TaskList?

    public init(extend: Target, when: RuntimeExpression? = nil, before: TaskList? = nil, after: TaskList? = nil) {
        self.extend = extend
        self.when = when
        self.before = before
        self.after = after
    }

    public init(from reader: DocumentReader) throws(Diagnostic) {
        self = try reader.object { (object) throws(Diagnostic) in
            WorkflowExtension(extend: try object.required("extend"), when: try object.optional("when"), before: try object.optional("before"), after: try object.optional("after"))
        }
    }

    public var documentValue: JSONValue {
        var writer = ObjectWriter()
        writer.set("extend", extend)
        writer.set("when", when)
        writer.set("before", before)
        writer.set("after", after)
        return writer.value
    }
}

/// One item of `use.extensions`: an extension and its name.
public struct NamedExtension: Sendable, Hashable, DocumentCodable {
    public var name: String
    public var `extension`: WorkflowExtension

    public init(name: String, extension: WorkflowExtension) {
        self.name = name
        self.extension = `extension`
    }

    public init(from reader: DocumentReader) throws(Diagnostic) {
        let entry = try reader.singleEntry(of: "`extensions`", holding: "extension")
        name = entry.key
        self.extension = try WorkflowExtension(from: entry.reader)
    }

    public var documentValue: JSONValue { .object([name: self.extension.documentValue]) }
}
