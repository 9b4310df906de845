/// One task met while walking a workflow: what it is, what it is called and where it sits.
public struct TaskVisit: Sendable {
    /// Where the task is declared.
    public enum Placement: Sendable {
        /// Item `index` of the task list at `listPath`: a `then` in this task resolves among `list`.
        case list(TaskList, listPath: DocumentPath, index: Int)
        /// A reusable function under `use.functions`.
        case function
    }

    public var name: String
    public var task: WorkflowTask
    /// The path of the task's mapping, e.g. `do[2].getPet`.
    public var path: DocumentPath
    public var placement: Placement
    /// How many tasks enclose this one (0 for the workflow's own `do`, extensions and functions).
    public var depth: Int
}

extension Workflow {
    /// Calls `body` for every task of the workflow, parents before their children, in document
    /// order: the workflow's `do` and every task list nested in it (`do`, `for`, `fork`
    /// branches, `try` and `catch.do`, `foreach.do`), the functions of `use.functions` and
    /// their nested tasks, and the `before` and `after` lists of `use.extensions`.
    public func forEachTask<E: Error>(_ body: (TaskVisit) throws(E) -> Void) throws(E) {
        try Self.walk(self.do, at: ["do"], depth: 0, body)
        for (index, item) in (use?.extensions ?? []).enumerated() {
            let path: DocumentPath = ["use", "extensions", .index(index), .key(item.name)]
            if let before = item.extension.before { try Self.walk(before, at: path.appending("before"), depth: 0, body) }
            if let after = item.extension.after { try Self.walk(after, at: path.appending("after"), depth: 0, body) }
        }
        for name in (use?.functions ?? [:]).keys.sorted() {
            guard let task = use?.functions?[name] else { continue }
            let path: DocumentPath = ["use", "functions", .key(name)]
            try body(TaskVisit(name: name, task: task, path: path, placement: .function, depth: 0))
            try Self.walkChildren(of: task, at: path, depth: 1, body)
        }
    }

    /// Every task of the workflow, in the order `forEachTask` visits them.
    public var allTasks: [TaskVisit] {
        var visits: [TaskVisit] = []
        forEachTask { visits.append($0) }
        return visits
    }

    private static func walk<E: Error>(_ list: TaskList, at listPath: DocumentPath, depth: Int, _ body: (TaskVisit) throws(E) -> Void) throws(E) {
        for (index, item) in list.items.enumerated() {
            let path = listPath.appending(index).appending(item.name)
            try body(TaskVisit(name: item.name, task: item.task, path: path, placement: .list(list, listPath: listPath, index: index), depth: depth))
            try walkChildren(of: item.task, at: path, depth: depth + 1, body)
        }
    }

    private static func walkChildren<E: Error>(of task: WorkflowTask, at path: DocumentPath, depth: Int, _ body: (TaskVisit) throws(E) -> Void) throws(E) {
        for child in task.childLists {
            try walk(child.list, at: path.appending(child.path), depth: depth, body)
        }
    }
}
