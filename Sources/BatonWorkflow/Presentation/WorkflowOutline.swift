import Foundation

/// A plain-text outline of a workflow for a person to review before it runs: its identity, and
/// each task on one line with what it does and where the flow goes next, nested lists indented.
public struct WorkflowOutline: Sendable, CustomStringConvertible {
    public let workflow: Workflow

    public init(_ workflow: Workflow) {
        self.workflow = workflow
    }

    public var description: String {
        let document = workflow.document
        var lines = ["\(document.namespace)/\(document.name)@\(document.version)  (OWS \(document.dsl))"]
        if let title = document.title { lines.append(title) }
        if let summary = document.summary { lines.append(summary) }
        if let schedule = workflow.schedule { lines.append("schedule: \(schedule.documentValue.jsonText())") }
        if let timeout = workflow.timeout { lines.append("timeout: \(timeout.documentValue.jsonText())") }
        lines.append("do:")
        appendTasks(workflow.do, indent: 1, to: &lines)
        if let functions = workflow.use?.functions, !functions.isEmpty {
            lines.append("functions:")
            for name in functions.keys.sorted() {
                lines.append("  \(name)  \(Self.summary(of: functions[name]!))")
            }
        }
        return lines.joined(separator: "\n")
    }

    private func appendTasks(_ list: TaskList, indent: Int, to lines: inout [String]) {
        let width = min(28, (list.items.map(\.name.count).max() ?? 0) + 2)
        for (index, item) in list.items.enumerated() {
            let padding = String(repeating: "  ", count: indent)
            let number = "\(index + 1).".padding(toLength: 4, withPad: " ", startingAt: 0)
            let name = item.name.count >= width ? item.name + " " : item.name.padding(toLength: width, withPad: " ", startingAt: 0)
            var line = padding + number + name + Self.summary(of: item.task)
            if let condition = item.task.base.if { line += "  if \(condition)" }
            if let then = item.task.base.then, then != .continue { line += "  → \(then)" }
            lines.append(line)
            for child in item.task.childLists {
                lines.append(padding + "    " + child.path.description + ":")
                appendTasks(child.list, indent: indent + 3, to: &lines)
            }
        }
    }

    /// What a task does, in a few words.
    public static func summary(of task: WorkflowTask) -> String {
        switch task.kind {
        case .call(let call):
            switch call {
            case .http(let arguments): return "call http \(arguments.method.uppercased()) \(arguments.endpoint.uri.documentValue.stringValue ?? "")"
            case .openapi(let arguments): return "call openapi operation \(arguments.operationId)"
            case .function(let function): return "call \(function.function.text)"
            default: return "call \(call.callName)"
            }
        case .do(let task): return "do \(task.do.items.count) task\(task.do.items.count == 1 ? "" : "s")"
        case .emit(let task): return "emit \(task.event.with?.documentValue["type"]?.stringValue ?? "an event")"
        case .for(let task): return "for each \(task.each ?? "item") in \(task.in.documentValue.stringValue ?? "a list")"
        case .fork(let task): return "fork \(task.branches.items.count) branches\(task.compete == true ? ", first to finish wins" : "")"
        case .listen(let task): return "listen \(task.to.documentValue.objectValue?.keys.sorted().first ?? "") event(s)"
        case .raise(let task): return "raise \(task.error.referenceName ?? task.error.documentValue["type"]?.stringValue ?? "an error")"
        case .run(let task):
            switch task.process {
            case .shell(let shell): return "run shell `\(Self.oneLine(shell.command))`"
            case .container(let container): return "run container \(container.image)"
            case .script(let script): return "run \(script.language) script"
            case .workflow(let process): return "run workflow \(process.namespace)/\(process.name)@\(process.version)"
            }
        case .set(let task):
            if case .object(let members) = task.set.documentValue { return "set \(members.keys.sorted().joined(separator: ", "))" }
            return "set \(task.set.documentValue.stringValue ?? "")"
        case .switch(let task):
            return "switch: " + task.cases.map { "\($0.name) → \($0.case.then)" }.joined(separator: "; ")
        case .try(let task): return "try \(task.try.items.count) task\(task.try.items.count == 1 ? "" : "s"), catch\(task.catch.retry != nil ? " with retry" : "")"
        case .wait(let task): return "wait \(task.wait.documentValue.stringValue ?? task.wait.documentValue.jsonText())"
        }
    }

    private static func oneLine(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return line.count > 50 ? line.prefix(47) + "..." : line + (text.contains("\n") ? " ..." : "")
    }
}
