/// What to do after a task: go on, leave the enclosing list, end the workflow, or jump to a
/// named task of the same list (OWS dsl-reference.md §Flow Directive).
public enum FlowDirective: Sendable, Hashable, DocumentCodable, CustomStringConvertible {
    /// Go on with the next task of the list (the default).
    case `continue`
    /// Leave the current list of tasks and go on after the task that holds it.
    case exit
    /// End the workflow gracefully.
    case end
    /// Go to the task with this name in the same list.
    case task(String)

    public init(_ text: String) {
        switch text {
        case "continue": self = .continue
        case "exit": self = .exit
        case "end": self = .end
        default: self = .task(text)
        }
    }

    public init(from reader: DocumentReader) throws(Diagnostic) {
        guard case .string(let text) = reader.value else {
            throw reader.typeMismatch(expected: "a flow directive (`continue`, `exit`, `end` or the name of a task)")
        }
        self.init(text)
    }

    public var text: String {
        switch self {
        case .continue: "continue"
        case .exit: "exit"
        case .end: "end"
        case .task(let name): name
        }
    }

    public var description: String { text }
    public var documentValue: JSONValue { .string(text) }
}
