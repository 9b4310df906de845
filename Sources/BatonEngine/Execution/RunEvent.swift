import BatonWorkflow
import Foundation

/// One transition of a run: what the executor records, in order, as it goes. Replaying the
/// completed-task events of a run rebuilds its state: a task recorded as completed is not run
/// again, its output and the context it exported are taken from the record.
public struct RunEvent: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case runStarted, runCompleted, runFaulted, runCancelled
        case taskStarted, taskCompleted, taskFaulted, taskSkipped, taskRetrying, taskCancelled
    }

    public var kind: Kind
    public var at: Date
    /// The task's name, for task events.
    public var name: String?
    /// The task's JSON Pointer in the workflow, e.g. `/do/1/loop/for/do/0/step`.
    public var reference: String?
    /// Where in the run the task ran: its reference, and after `#` the iteration of every loop
    /// around it and the attempt of every retried `try` around it (`/do/1/loop/do/0/step#3`).
    /// Unique within a run, so replay finds each task's record.
    public var position: String?
    /// The run's input (runStarted), a task's transformed output (taskCompleted), the run's
    /// output (runCompleted).
    public var output: JSONValue?
    /// The workflow context after the task (taskCompleted).
    public var context: JSONValue?
    /// The flow directive the task took (taskCompleted): `continue`, `exit`, `end` or a task name.
    public var next: String?
    /// The error (taskFaulted, runFaulted; taskRetrying: the error being retried).
    public var error: WorkflowFault?
    /// The attempt number (taskRetrying: the attempt about to start).
    public var attempt: Int?
    /// For the taskStarted of a `listen` (or of a `fork`, for its branches): the point in the
    /// event stream (see `EventBus.publishedCount`) after which it consumes events, so that a
    /// listen resumed after a restart also sees the events that arrived while the run was down.
    public var eventsAfter: UInt64?

    public init(
        kind: Kind, at: Date, name: String? = nil, reference: String? = nil, position: String? = nil, output: JSONValue? = nil,
        context: JSONValue? = nil, next: String? = nil, error: WorkflowFault? = nil, attempt: Int? = nil, eventsAfter: UInt64? = nil
    ) {
        self.kind = kind
        self.at = at
        self.name = name
        self.reference = reference
        self.position = position
        self.output = output
        self.context = context
        self.next = next
        self.error = error
        self.attempt = attempt
        self.eventsAfter = eventsAfter
    }

    /// The event as JSON, for traces and the API.
    public var documentValue: JSONValue {
        var members: [String: JSONValue] = ["kind": .string(kind.rawValue), "at": RuntimeDescriptors.dateTime(at)["iso8601"] ?? .null]
        if let name { members["task"] = .string(name) }
        if let reference { members["reference"] = .string(reference) }
        if let position, position != reference { members["position"] = .string(position) }
        if let output { members["output"] = output }
        if let next, next != "continue" { members["next"] = .string(next) }
        if let error { members["error"] = error.documentValue }
        if let attempt { members["attempt"] = .integer(attempt) }
        return .object(members)
    }
}

/// Receives a run's events as they happen; the executor waits for `record` before the
/// transition takes effect, so a durable observer can commit it first.
///
/// An observer that throws stops the run where it is: nothing after the refused event is recorded
/// or done, and the run ends ``RunOutcome/interrupted(_:)`` — a failed commit, a suspension, a
/// shutdown. Its recorded events resume it later.
public protocol RunObserver: Sendable {
    func record(_ event: RunEvent) async throws
    /// The run begins to wait — for a time, a retry's back-off, events. Throwing interrupts the
    /// run as `record` does: a durable engine may take a run that waits long out of memory.
    func waitBegins(_ wait: RunWait) async throws
    /// The wait is over (or was cancelled).
    func waitEnds(_ wait: RunWait) async
}

extension RunObserver {
    public func waitBegins(_ wait: RunWait) async throws {}
    public func waitEnds(_ wait: RunWait) async {}
}

/// What a run waits for, and where.
public struct RunWait: Sendable, Hashable {
    public enum Reason: String, Sendable, Hashable {
        /// A `wait` task.
        case timer
        /// The back-off before a retry.
        case retryDelay
        /// A `listen` task.
        case events
    }

    public var reason: Reason
    /// The position of the waiting task.
    public var position: String
    /// When the wait ends by itself; nil when it waits for events.
    public var until: Date?

    public init(reason: Reason, position: String, until: Date? = nil) {
        self.reason = reason
        self.position = position
        self.until = until
    }
}

/// How a run ended.
public enum RunOutcome: Sendable, Hashable {
    case completed(JSONValue)
    case faulted(WorkflowFault)
    case cancelled
    /// The run stopped without finishing because its observer refused an event (the reason is
    /// the observer's error). Its recorded events resume it.
    case interrupted(String)
}

/// Why a run stopped without finishing: its observer threw `underlying`.
struct RunInterruption: Error {
    let underlying: any Error
}
