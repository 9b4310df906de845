import BatonEngine

/// The task events of a run, read for the order and outcome of tasks.
///
/// A task is named as the scenario names it: by its name, or by its JSON Pointer
/// (`/do/0/tryGetPet/try/0/getPet`) when names repeat. Order is the order in which tasks
/// started: a task "runs first" when it started before every other, "last" when none started
/// after it, and "A before B" when A first started before B first did. A task's outcome is its
/// last completion, fault, cancellation or skip, so a task run in a loop is judged by its last run.
public struct TaskTimeline: Sendable {
    public let events: [RunEvent]

    public init(events: [RunEvent]) {
        self.events = events.filter { $0.name != nil || $0.reference != nil }
    }

    static func matches(_ event: RunEvent, task: String) -> Bool {
        event.name == task || (task.hasPrefix("/") && event.reference == task)
    }

    /// The `taskStarted` events, in the order the tasks started.
    public var starts: [RunEvent] {
        events.filter { $0.kind == .taskStarted }
    }

    public func firstStart(of task: String) -> Int? {
        starts.firstIndex { Self.matches($0, task: task) }
    }

    public func lastStart(of task: String) -> Int? {
        starts.lastIndex { Self.matches($0, task: task) }
    }

    /// The task's last terminal event: completed, faulted, cancelled or skipped.
    public func outcome(of task: String) -> RunEvent? {
        let terminal: Set<RunEvent.Kind> = [.taskCompleted, .taskFaulted, .taskCancelled, .taskSkipped]
        return events.last { terminal.contains($0.kind) && Self.matches($0, task: task) }
    }

    /// `setRed, setGreen, setBlue`, or `no task` — the start order, for messages.
    public var startOrderDescription: String {
        let names = starts.map { $0.name ?? $0.reference ?? "?" }
        return names.isEmpty ? "no task" : names.joined(separator: ", ")
    }

    /// A task's start index, or a failure saying that it never started.
    public func requireStart(of task: String, last: Bool = false) throws(StepFailure) -> Int {
        guard let index = last ? lastStart(of: task) : firstStart(of: task) else {
            var message = "\(task) never ran; the tasks started in this order: \(startOrderDescription)"
            if outcome(of: task)?.kind == .taskSkipped { message = "\(task) was skipped; the tasks started in this order: \(startOrderDescription)" }
            throw StepFailure(message)
        }
        return index
    }
}
