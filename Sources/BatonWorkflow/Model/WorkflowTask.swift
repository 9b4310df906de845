/// A unit of work of a workflow: the properties all tasks share and the kind of task it is
/// (OWS dsl-reference.md §Task, schema `$defs/task`). Named so as not to clash with Swift's `Task`.
public struct WorkflowTask: Sendable, Hashable, DocumentCodable {
    /// The twelve kinds of task the DSL defines.
    public enum Kind: Sendable, Hashable {
        case call(CallTask)
        case `do`(DoTask)
        case emit(EmitTask)
        case `for`(ForTask)
        case fork(ForkTask)
        case listen(ListenTask)
        case raise(RaiseTask)
        case run(RunTask)
        case set(SetTask)
        case `switch`(SwitchTask)
        case `try`(TryTask)
        case wait(WaitTask)

        /// The key that names the kind in the document: `call`, `do`, `emit`...
        public var key: String {
            switch self {
            case .call: "call"
            case .do: "do"
            case .emit: "emit"
            case .for: "for"
            case .fork: "fork"
            case .listen: "listen"
            case .raise: "raise"
            case .run: "run"
            case .set: "set"
            case .switch: "switch"
            case .try: "try"
            case .wait: "wait"
            }
        }

        var configuration: any TaskConfiguration {
            switch self {
            case .call(let task): task
            case .do(let task): task
            case .emit(let task): task
            case .for(let task): task
            case .fork(let task): task
            case .listen(let task): task
            case .raise(let task): task
            case .run(let task): task
            case .set(let task): task
            case .switch(let task): task
            case .try(let task): task
            case .wait(let task): task
            }
        }
    }

    /// The keys that name a kind of task, alphabetically as messages list them.
    public static let kindKeys = ["call", "do", "emit", "for", "fork", "listen", "raise", "run", "set", "switch", "try", "wait"]

    public var base: TaskBase
    public var kind: Kind

    public init(base: TaskBase = TaskBase(), kind: Kind) {
        self.base = base
        self.kind = kind
    }

    public init(from reader: DocumentReader) throws(Diagnostic) {
        self = try reader.object { (object) throws(Diagnostic) in
            var present = object.presentKeys(among: Self.kindKeys)
            // A `for` task's body is its `do`, which is not a second kind.
            if present.contains("for") { present.removeAll { $0 == "do" } }
            guard present.count == 1, let key = present.first else {
                if present.count > 1 {
                    throw object.error(
                        atKey: present[1],
                        "a task has exactly one of \(Self.kindKeys.joined(separator: ", ")); found `\(present[0])` and `\(present[1])`",
                        code: "model.task-kind"
                    )
                }
                // A misspelt kind (`cal: http`) is best reported as the unknown key it is.
                for known in Self.kindKeys + TaskBase.keys + ["with", "catch", "while", "foreach"] { _ = object.reader(known) }
                try object.checkUnknownKeys()
                var message = "a task needs exactly one of \(Self.kindKeys.joined(separator: ", "))"
                if object.has("with") {
                    message += "; `with` holds the arguments of a `call`, which is missing"
                } else if object.has("catch") {
                    message += "; `catch` handles the errors of a `try`, which is missing"
                }
                throw object.error(message, code: "model.task-kind")
            }
            let base = try TaskBase(reading: &object)
            let kind: Kind
            switch key {
            case "call": kind = .call(try CallTask(reading: &object))
            case "do": kind = .do(try DoTask(reading: &object))
            case "emit": kind = .emit(try EmitTask(reading: &object))
            case "for": kind = .for(try ForTask(reading: &object))
            case "fork": kind = .fork(try ForkTask(reading: &object))
            case "listen": kind = .listen(try ListenTask(reading: &object))
            case "raise": kind = .raise(try RaiseTask(reading: &object))
            case "run": kind = .run(try RunTask(reading: &object))
            case "set": kind = .set(try SetTask(reading: &object))
            case "switch": kind = .switch(try SwitchTask(reading: &object))
            case "try": kind = .try(try TryTask(reading: &object))
            default: kind = .wait(try WaitTask(reading: &object))
            }
            return WorkflowTask(base: base, kind: kind)
        }
    }

    public var documentValue: JSONValue {
        var writer = ObjectWriter()
        base.write(to: &writer)
        kind.configuration.write(to: &writer)
        return writer.value
    }

    /// The task lists this task holds directly, with their paths relative to the task: a `do`
    /// task's `do`, a `fork`'s branches, `try` and `catch.do`, a `for`'s `do`, a `foreach.do`.
    public var childLists: [(path: DocumentPath, list: TaskList)] {
        var lists: [(path: DocumentPath, list: TaskList)] = []
        switch kind {
        case .do(let task):
            lists.append((["do"], task.do))
        case .for(let task):
            lists.append((["do"], task.do))
        case .fork(let task):
            lists.append((["fork", "branches"], task.branches))
        case .try(let task):
            lists.append((["try"], task.try))
            if let handler = task.catch.do { lists.append((["catch", "do"], handler)) }
        case .listen(let task):
            if let body = task.foreach?.do { lists.append((["foreach", "do"], body)) }
        case .call(.asyncapi(let arguments)):
            if let body = arguments.subscription?.foreach?.do { lists.append((["with", "subscription", "foreach", "do"], body)) }
        default:
            break
        }
        return lists
    }
}
