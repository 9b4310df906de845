import Foundation

/// Finds the mistakes in a workflow that its schema cannot see, each with a position:
/// `then` targets that name no task, duplicate task names in one list, runtime expressions that
/// do not compile (or use an argument not available where they sit), references to `use` entries
/// that are not declared (errors, retries, functions, authentications, timeouts, catalogs),
/// secrets used but not declared, and tasks that can never run.
public struct SemanticChecker: Sendable {
    public let expressions: ExpressionEvaluator

    public init(expressions: ExpressionEvaluator = ExpressionEvaluator()) {
        self.expressions = expressions
    }

    /// The problems of a workflow read from `document`, in document order.
    public func check(_ workflow: Workflow, in document: LoadedDocument) -> [Diagnostic] {
        var pass = Pass(workflow: workflow, document: document, expressions: expressions)
        pass.run()
        return pass.diagnostics.sorted { lhs, rhs in
            (lhs.location.line, lhs.location.column, lhs.message) < (rhs.location.line, rhs.location.column, rhs.message)
        }
    }
}

extension SemanticChecker {
    /// One run of the checks over one workflow.
    struct Pass {
        let workflow: Workflow
        let document: LoadedDocument
        let expressions: ExpressionEvaluator
        let tasks: [TaskVisit]
        /// The tasks by the path of their mapping, to find what encloses a value.
        let tasksByPath: [DocumentPath: TaskVisit]
        /// Every value of the definition with its path, parents first, leaving out the parts
        /// that are data (see `isInert`): what the reference, secret and expression checks look at.
        let definitionValues: [(path: DocumentPath, value: JSONValue)]
        var diagnostics: [Diagnostic] = []

        init(workflow: Workflow, document: LoadedDocument, expressions: ExpressionEvaluator) {
            self.workflow = workflow
            self.document = document
            self.expressions = expressions
            self.tasks = workflow.allTasks
            self.tasksByPath = Dictionary(tasks.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
            var values: [(path: DocumentPath, value: JSONValue)] = []
            Self.collect(document.value, at: .root, into: &values)
            self.definitionValues = values
        }

        private static func collect(_ value: JSONValue, at path: DocumentPath, into values: inout [(path: DocumentPath, value: JSONValue)]) {
            guard !isInert(path) else { return }
            values.append((path, value))
            switch value {
            case .object(let members):
                for (key, member) in members { collect(member, at: path.appending(key), into: &values) }
            case .array(let items):
                for (index, item) in items.enumerated() { collect(item, at: path.appending(index), into: &values) }
            default:
                break
            }
        }

        mutating func run() {
            checkTaskLists()
            checkReferences()
            checkExpressions()
            checkSecretReferences()
            checkSupport()
        }

        mutating func report(_ code: String, _ message: String, at path: DocumentPath, atKey: Bool = false, severity: Diagnostic.Severity = .error) {
            diagnostics.append(Diagnostic(code: code, severity: severity, message: message, path: path, in: document.sourceMap, atKey: atKey))
        }

        var declared: ReusableComponents { workflow.use ?? ReusableComponents() }
    }
}

// MARK: - Task lists: duplicate names, `then` targets, tasks that can never run

extension SemanticChecker.Pass {
    mutating func checkTaskLists() {
        var lists: [DocumentPath: TaskList] = [:]
        for visit in tasks {
            if case .list(let list, let listPath, _) = visit.placement { lists[listPath] = list }
            checkFlowTargets(of: visit)
        }
        for (listPath, list) in lists.sorted(by: { $0.key.description < $1.key.description }) {
            checkDuplicateNames(in: list, at: listPath)
            // Fork branches all start at once; `then` does not chain them.
            if listPath.last != .key("branches") {
                checkReachability(in: list, at: listPath)
            }
        }
    }

    private mutating func checkDuplicateNames(in list: TaskList, at listPath: DocumentPath) {
        var first: [String: Int] = [:]
        for (index, item) in list.items.enumerated() {
            guard let earlier = first[item.name] else {
                first[item.name] = index
                continue
            }
            let earlierLine = document.sourceMap.keyLocation(of: listPath.appending(earlier).appending(item.name)).line
            report(
                "lint.duplicate-task",
                "a task named `\(item.name)` is already in this list (line \(earlierLine)); give each task of a list its own name, since `then: \(item.name)` can only go to the first",
                at: listPath.appending(index).appending(item.name), atKey: true
            )
        }
    }

    /// The `then` of the task itself, of its switch cases and of its catch must name a task of
    /// the list the task is in.
    private mutating func checkFlowTargets(of visit: TaskVisit) {
        var directives: [(FlowDirective, DocumentPath)] = []
        if let then = visit.task.base.then { directives.append((then, visit.path.appending("then"))) }
        switch visit.task.kind {
        case .switch(let task):
            for (index, named) in task.cases.enumerated() {
                directives.append((named.case.then, visit.path.appending("switch").appending(index).appending(named.name).appending("then")))
            }
        case .try(let task):
            if let then = task.catch.then { directives.append((then, visit.path.appending("catch").appending("then"))) }
        default:
            break
        }
        for (directive, path) in directives {
            guard case .task(let target) = directive else { continue }
            switch visit.placement {
            case .function:
                report(
                    "lint.unknown-then-target",
                    "`then: \(target)` in a reusable function names a task, but a function has no neighbouring tasks; use `continue`, `exit` or `end`",
                    at: path
                )
            case .list(let list, _, _):
                guard list.item(named: target) == nil else { continue }
                var names: [String] = []
                for name in list.items.map(\.name) where !names.contains(name) { names.append(name) }
                var message = "`then` names `\(target)`, which is not a task of this list"
                if let suggestion = ObjectReader.closest(to: target, in: names) {
                    message += "; did you mean `\(suggestion)`?"
                } else {
                    message += "; the tasks here are \(names.map { "`\($0)`" }.joined(separator: ", ")), or use `continue`, `exit` or `end`"
                }
                report("lint.unknown-then-target", message, at: path)
            }
        }
    }

    /// Follows the flow of one list from its first task: a task goes on to the next unless its
    /// `then` says otherwise, a task with `if` may be skipped (so it also goes on), a `raise`
    /// never goes on, and a `switch` goes where its cases say (and on, when no case is a default).
    private mutating func checkReachability(in list: TaskList, at listPath: DocumentPath) {
        // A `then` that names no task is reported already; following the flow without it would
        // call every task after it unreachable.
        guard !list.items.isEmpty, !list.items.contains(where: { Self.hasUnknownTarget($0.task, in: list) }) else { return }
        var reached = Set<Int>()
        var pending = [0]
        while let index = pending.popLast() {
            guard reached.insert(index).inserted else { continue }
            pending.append(contentsOf: successors(of: index, in: list))
        }
        for (index, item) in list.items.enumerated() where !reached.contains(index) {
            report(
                "lint.unreachable-task",
                "task `\(item.name)` can never run: no task before it goes on to it and no `then` names it",
                at: listPath.appending(index).appending(item.name), atKey: true, severity: .warning
            )
        }
    }

    private static func hasUnknownTarget(_ task: WorkflowTask, in list: TaskList) -> Bool {
        var directives = [task.base.then]
        switch task.kind {
        case .switch(let switchTask): directives += switchTask.cases.map(\.case.then)
        case .try(let tryTask): directives.append(tryTask.catch.then)
        default: break
        }
        return directives.contains { directive in
            if case .task(let name)? = directive { return list.item(named: name) == nil }
            return false
        }
    }

    private func successors(of index: Int, in list: TaskList) -> [Int] {
        let task = list.items[index].task
        func target(_ directive: FlowDirective?) -> Int? {
            switch directive ?? .continue {
            case .continue: index + 1 < list.items.count ? index + 1 : nil
            case .exit, .end: nil
            case .task(let name): list.item(named: name)?.index
            }
        }
        var next: [Int?] = []
        // A task whose `if` is false is skipped, and the flow goes on to the next task.
        if task.base.if != nil { next.append(target(.continue)) }
        switch task.kind {
        case .raise:
            break
        case .switch(let switchTask):
            next += switchTask.cases.map { target($0.case.then) }
            if !switchTask.cases.contains(where: { $0.case.when == nil }) { next.append(target(task.base.then)) }
        case .try(let tryTask):
            next.append(target(task.base.then))
            if let then = tryTask.catch.then { next.append(target(then)) }
        default:
            next.append(target(task.base.then))
        }
        return next.compactMap { $0 }
    }
}

// MARK: - References to `use` entries

extension SemanticChecker.Pass {
    mutating func checkReferences() {
        if let name = workflow.timeout?.referenceName {
            checkDeclared(name, in: declared.timeouts, kind: "timeout", section: "timeouts", at: ["timeout"])
        }
        for visit in tasks {
            if let name = visit.task.base.timeout?.referenceName {
                checkDeclared(name, in: declared.timeouts, kind: "timeout", section: "timeouts", at: visit.path.appending("timeout"))
            }
            switch visit.task.kind {
            case .raise(let task):
                if let name = task.error.referenceName {
                    checkDeclared(name, in: declared.errors, kind: "error", section: "errors", at: visit.path.appending("raise").appending("error"))
                }
            case .try(let task):
                if let name = task.catch.retry?.referenceName {
                    checkDeclared(name, in: declared.retries, kind: "retry policy", section: "retries", at: visit.path.appending("catch").appending("retry"))
                }
            case .call(.function(let call)):
                checkFunction(call.function, at: visit.path.appending("call"))
            default:
                break
            }
        }
        checkAuthenticationReferences()
    }

    private mutating func checkDeclared<T>(
        _ name: String, in entries: [String: T]?, kind: String, section: String, at path: DocumentPath, canBeInline: Bool = true
    ) {
        guard entries?[name] == nil else { return }
        let known = (entries ?? [:]).keys.sorted()
        var message = "no \(kind) named `\(name)` is declared under `use.\(section)`"
        if let suggestion = ObjectReader.closest(to: name, in: known) {
            message += "; did you mean `\(suggestion)`?"
        } else if known.isEmpty {
            message += canBeInline ? "; declare it there, or write the \(kind) inline" : "; declare it there with its endpoint"
        } else {
            message += "; declared: \(known.map { "`\($0)`" }.joined(separator: ", "))"
        }
        report("lint.undefined-reference", message, at: path)
    }

    private mutating func checkFunction(_ function: FunctionReference, at path: DocumentPath) {
        switch function {
        case .named(let name):
            guard declared.functions?[name] == nil else { return }
            let known = (declared.functions ?? [:]).keys.sorted()
            var message = "`call: \(name)` is neither a built-in call (http, grpc, openapi, asyncapi, a2a, mcp) nor a function declared under `use.functions`"
            if let suggestion = ObjectReader.closest(to: name, in: known + ["http", "grpc", "openapi", "asyncapi", "a2a", "mcp"]) {
                message += "; did you mean `\(suggestion)`?"
            } else {
                message += "; declare it, or call a catalog function as `name:version@catalog`"
            }
            report("lint.undefined-reference", message, at: path)
        case .cataloged(_, _, let catalog):
            // The `default` catalog is the runtime's own and needs no declaration (dsl.md §Default Catalog).
            guard catalog != "default" else { return }
            checkDeclared(catalog, in: declared.catalogs, kind: "catalog", section: "catalogs", at: path, canBeInline: false)
        case .uri:
            break
        }
    }

    /// `authentication: { use: name }` anywhere in the document names a policy of
    /// `use.authentications`.
    private mutating func checkAuthenticationReferences() {
        for (path, value) in definitionValues where path.last == .key("authentication") {
            guard case .object(let policy) = value, policy.count == 1, case .string(let name)? = policy["use"] else { continue }
            checkDeclared(name, in: declared.authentications, kind: "authentication policy", section: "authentications", at: path.appending("use"))
        }
    }

    /// Parts of the document that are data, not definitions: metadata, tags, and the JSON
    /// Schemas of inputs and outputs. Nothing in them is an expression or a reference.
    static func isInert(_ path: DocumentPath) -> Bool {
        guard let last = path.last else { return false }
        switch last {
        case .key("metadata"), .key("tags"):
            return true
        case .key("document"):
            // The workflow's own `document` header, and the `document` of a schema definition.
            return path.components.count == 1 || path.parent?.last == .key("schema")
        default:
            return false
        }
    }
}

// MARK: - What Baton cannot run yet

extension SemanticChecker.Pass {
    /// Warnings for valid workflows that Baton's engine would refuse when it reaches them: call
    /// kinds and authentication schemes not supported yet, sub-workflows that are not awaited,
    /// expression languages other than jq. Better said at `validate` than halfway through a run.
    mutating func checkSupport() {
        if let language = workflow.evaluate?.language, language != "jq" {
            report("lint.unsupported", "Baton evaluates jq only; a run of this workflow will fail", at: ["evaluate", "language"], severity: .warning)
        }
        for visit in tasks {
            switch visit.task.kind {
            case .call(let call) where ["grpc", "asyncapi", "a2a", "mcp"].contains(call.callName):
                report("lint.unsupported", "`call: \(call.callName)` is not supported by Baton yet; this task will fail when it runs", at: visit.path.appending("call"), severity: .warning)
            case .run(let run) where !run.awaitsCompletion:
                if case .workflow = run.process {
                    report("lint.unsupported", "a sub-workflow with `await: false` is not supported by Baton yet; this task will fail when it runs", at: visit.path.appending("run"), severity: .warning)
                }
            default:
                break
            }
        }
        checkAuthenticationSchemes()
    }

    private mutating func checkAuthenticationSchemes() {
        for (path, _) in definitionValues {
            guard case .key(let key)? = path.last, ["digest", "oauth2", "oidc"].contains(key), let parent = path.parent,
                parent.last == .key("authentication") || parent.parent?.last == .key("authentications")
            else { continue }
            report("lint.unsupported", "`\(key)` authentication is not supported by Baton yet (basic and bearer are); calls that use it will fail", at: path, atKey: true, severity: .warning)
        }
    }
}

// MARK: - Secrets

extension SemanticChecker.Pass {
    private static let authenticationSchemes: Set<String> = ["basic", "bearer", "digest", "oauth2", "oidc", "certificate"]

    /// Secrets are used by `$secrets.name` in expressions and by `{ use: name }` in an
    /// authentication scheme; each must be listed in `use.secrets`.
    mutating func checkSecretReferences() {
        for (path, value) in definitionValues {
            switch value {
            case .object(let scheme):
                guard case .key(let key)? = path.last, Self.authenticationSchemes.contains(key), scheme.count == 1,
                    case .string(let name)? = scheme["use"]
                else { continue }
                checkSecretDeclared(name, at: path.appending("use"))
            case .string(let text):
                guard RuntimeExpression.isStrictExpression(text) else { continue }
                for name in Self.secretNames(in: RuntimeExpression.program(of: text)) {
                    checkSecretDeclared(name, at: path)
                }
            default:
                continue
            }
        }
    }

    private mutating func checkSecretDeclared(_ name: String, at path: DocumentPath) {
        let secrets = declared.secrets ?? []
        guard !secrets.contains(name) else { return }
        var message = "the secret `\(name)` is used but not declared; add it to `use.secrets`"
        if let suggestion = ObjectReader.closest(to: name, in: secrets) { message += " (or did you mean `\(suggestion)`?)" }
        report("lint.undeclared-secret", message, at: path)
    }

    /// The names in `$secrets.name`, `$secrets["name"]` and `$secrets."name"` of a jq program.
    static func secretNames(in program: String) -> [String] {
        var names: [String] = []
        var rest = Substring(program)
        while let range = rest.range(of: "$secrets") {
            rest = rest[range.upperBound...].drop(while: { $0 == " " })
            if rest.first == "." {
                rest = rest.dropFirst().drop(while: { $0 == " " })
                if rest.first == "\"" {
                    let quoted = rest.dropFirst().prefix(while: { $0 != "\"" })
                    names.append(String(quoted))
                } else {
                    let name = rest.prefix(while: { $0.isLetter || $0.isNumber || $0 == "_" })
                    if !name.isEmpty { names.append(String(name)) }
                }
            } else if rest.hasPrefix("[\"") {
                names.append(String(rest.dropFirst(2).prefix(while: { $0 != "\"" })))
            }
        }
        return names
    }
}

// MARK: - Runtime expressions

extension SemanticChecker.Pass {
    /// Checks that every `${ }` of the definition compiles with the arguments and variables
    /// available where it sits. In `loose` mode an expression that fails is its own text
    /// (dsl-reference.md §Evaluate), so there is nothing to report.
    mutating func checkExpressions() {
        guard workflow.evaluate?.mode != .loose else { return }
        for (path, value) in definitionValues {
            guard case .string(let text) = value, RuntimeExpression.isStrictExpression(text) || isExpressionField(path) else { continue }
            let scope = expressionScope(at: path)
            if let error = expressions.check(text, availableArguments: scope.arguments, variables: scope.variables) {
                report("lint.expression", "the expression \(Self.quoted(text)) is not valid: \(error.message)", at: path)
            }
        }
    }

    /// Whether the value at `path` is a runtime expression by definition, `${ }` or not: `if`,
    /// `input.from`, `output.as`, `export.as`, a `set` written as a string, a switch case's
    /// `when`, `for.in`, `while`, a catch's and a retry policy's `when` and `exceptWhen`, and a
    /// listener's `until`. The conformance kit writes these bare (`as: .id`, `when: '.color == "red"'`).
    func isExpressionField(_ path: DocumentPath) -> Bool {
        var taskPath = DocumentPath.root
        var prefix = DocumentPath.root
        for component in path.components {
            prefix = prefix.appending(component)
            if tasksByPath[prefix] != nil { taskPath = prefix }
        }
        let relative = path.components.dropFirst(taskPath.components.count).compactMap { component -> String? in
            if case .key(let key) = component { return key }
            return "[]"
        }
        if taskPath.isRoot {
            // The workflow's own `input.from` and `output.as`, and reusable retry policies.
            return relative == ["input", "from"] || relative == ["output", "as"]
                || (relative.count == 4 && relative.prefix(2) == ["use", "retries"] && ["when", "exceptWhen"].contains(relative[3]))
        }
        switch relative {
        case ["if"], ["input", "from"], ["output", "as"], ["export", "as"], ["set"], ["for", "in"], ["while"],
            ["catch", "when"], ["catch", "exceptWhen"], ["catch", "retry", "when"], ["catch", "retry", "exceptWhen"],
            ["listen", "to", "until"]:
            return true
        default:
            // `switch[i].<case>.when`
            return relative.count == 4 && relative[0] == "switch" && relative[3] == "when"
        }
    }

    private static func quoted(_ text: String) -> String {
        let oneLine = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return "`" + (oneLine.count > 60 ? oneLine.prefix(57) + "..." : oneLine) + "`"
    }

    /// What an expression at `path` may use: the arguments of dsl.md's table for the place it
    /// sits (workflow `input.from`, a task's `if`, `input.from`, definition, `output.as`,
    /// `export.as`, workflow `output.as`), and the variables of the loops and catches around it.
    func expressionScope(at path: DocumentPath) -> (arguments: ExpressionArguments.Names, variables: [String]) {
        var variables: [String] = []
        var innermost: TaskVisit?
        var prefix = DocumentPath.root
        for component in path.components {
            prefix = prefix.appending(component)
            guard let visit = tasksByPath[prefix] else { continue }
            innermost = visit
            variables += Self.variables(declaredBy: visit.task, for: DocumentPath(Array(path.components.dropFirst(prefix.components.count))))
        }
        guard let task = innermost else {
            // Outside any task: the workflow's own input and output, schedules and the `use` section.
            switch path.components.first {
            case .key("input"): return ([.secrets, .workflow, .runtime], variables)
            case .key("output"): return ([.context, .secrets, .workflow, .runtime], variables)
            default: return (.all, variables)
            }
        }
        let relative = Array(path.components.dropFirst(task.path.components.count))
        switch relative.first {
        case .key("if"):
            return ([.context, .secrets, .task, .workflow, .runtime], variables)
        case .key("input"):
            return ([.context, .secrets, .task, .workflow, .runtime], variables)
        case .key("output"):
            return ([.context, .input, .secrets, .task, .workflow, .runtime, .authorization], variables)
        case .key("export"):
            return (.all, variables)
        default:
            return ([.context, .input, .secrets, .task, .workflow, .runtime, .authorization], variables)
        }
    }

    /// The variables a task brings into scope for the part of it at `relative`: a `for` loop's
    /// item and index in its `while` and `do`, a catch's error in the catch, a `foreach`'s item
    /// and index in its body.
    private static func variables(declaredBy task: WorkflowTask, for relative: DocumentPath) -> [String] {
        let components = relative.components
        switch task.kind {
        case .for(let loop):
            guard components.first == .key("do") || components.starts(with: [.key("for"), .key("while")]) || components.first == .key("while") else { return [] }
            return [loop.each ?? "item", loop.at ?? "index"]
        case .try(let tryTask):
            guard components.first == .key("catch") else { return [] }
            return [tryTask.catch.as ?? "error"]
        case .listen(let listen):
            guard components.starts(with: [.key("foreach")]), let iterator = listen.foreach else { return [] }
            return [iterator.item ?? "item", iterator.at ?? "index"]
        case .call(.asyncapi(let arguments)):
            guard components.starts(with: [.key("with"), .key("subscription"), .key("foreach")]), let iterator = arguments.subscription?.foreach else { return [] }
            return [iterator.item ?? "item", iterator.at ?? "index"]
        default:
            return []
        }
    }
}
