/// Tasks performed in order: the `do` of a workflow and of the tasks that hold others
/// (OWS schema `$defs/taskList`). Names need not be unique by the schema; the linter checks them.
public struct TaskList: Sendable, Hashable, DocumentCodable, RandomAccessCollection {
    public var items: [TaskItem]

    public init(_ items: [TaskItem] = []) {
        self.items = items
    }

    public init(from reader: DocumentReader) throws(Diagnostic) {
        guard reader.isArray else {
            // Writing tasks as a mapping (`do: { a: ..., b: ... }`) is the common slip: the order would be lost.
            throw reader.typeMismatch(expected: "a list of tasks, each item starting with `-`")
        }
        items = try reader.array(of: TaskItem.self)
    }

    public var documentValue: JSONValue { items.documentValue }

    public var startIndex: Int { items.startIndex }
    public var endIndex: Int { items.endIndex }
    public subscript(position: Int) -> TaskItem { items[position] }

    /// The first task with the given name and its index, as a `then` directive resolves it.
    public func item(named name: String) -> (index: Int, item: TaskItem)? {
        guard let index = items.firstIndex(where: { $0.name == name }) else { return nil }
        return (index, items[index])
    }
}
