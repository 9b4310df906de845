/// One entry of a task list: a task and the name it is known by (OWS schema `$defs/taskList`,
/// an item being a mapping with exactly one key).
public struct TaskItem: Sendable, Hashable, DocumentCodable {
    public var name: String
    public var task: WorkflowTask

    public init(name: String, task: WorkflowTask) {
        self.name = name
        self.task = task
    }

    public init(from reader: DocumentReader) throws(Diagnostic) {
        let entry = try reader.singleEntry(of: "a task list", holding: "task")
        name = entry.key
        task = try WorkflowTask(from: entry.reader)
    }

    public var documentValue: JSONValue { .object([name: task.documentValue]) }
}

extension DocumentReader {
    /// The only member of a mapping that names one thing (a task list item, a switch case, an
    /// extension), with messages that say what the list expects.
    func singleEntry(of list: String, holding noun: String) throws(Diagnostic) -> (key: String, reader: DocumentReader) {
        guard case .object(let members) = value else {
            throw typeMismatch(expected: "a mapping with one \(noun) name as its key")
        }
        let keys = members.keys.sorted { lhs, rhs in
            let (a, b) = (sourceOrder(lhs), sourceOrder(rhs))
            return (a.line, a.column, lhs) < (b.line, b.column, rhs)
        }
        guard let key = keys.first, let member = members[key] else {
            throw error("each item of \(list) holds exactly one \(noun); this one is empty", code: "model.item")
        }
        guard keys.count == 1 else {
            let found = keys.map { "`\($0)`" }
            let listed = found.count == 2 ? "\(found[0]) and \(found[1])" : found.dropLast().joined(separator: ", ") + " and \(found[found.count - 1])"
            throw Diagnostic(
                code: "model.item",
                message: "each item of \(list) holds exactly one \(noun); found \(listed). Start each \(noun) with its own `-`",
                path: path.appending(keys[1]), in: sourceMap, atKey: true
            )
        }
        return (key, child(key, member))
    }

    /// The line and column of a member's key, to list keys in the order they were written.
    private func sourceOrder(_ key: String) -> (line: Int, column: Int) {
        guard let position = sourceMap.keyPosition(of: path.appending(key)) else { return (Int.max, Int.max) }
        return (position.line, position.column)
    }
}
