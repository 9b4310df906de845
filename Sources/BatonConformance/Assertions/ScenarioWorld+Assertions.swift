import BatonEngine
import BatonWorkflow

extension ScenarioWorld.Execution {
    /// The output of a run that completed.
    /// - Throws: `StepFailure` describing how the run ended otherwise.
    public func requireCompleted() throws(StepFailure) -> JSONValue {
        guard case .completed(let output) = outcome else {
            throw StepFailure("expected the workflow to complete, but it \(outcomeDescription)")
        }
        return output
    }

    /// The error of a run that faulted.
    public func requireFaulted() throws(StepFailure) -> WorkflowFault {
        guard case .faulted(let fault) = outcome else {
            throw StepFailure("expected the workflow to fault, but it \(outcomeDescription)")
        }
        return fault
    }

    public func requireCancelled() throws(StepFailure) {
        guard case .cancelled = outcome else {
            throw StepFailure("expected the workflow to be cancelled, but it \(outcomeDescription)")
        }
    }

    /// `completed with output {...}`, `faulted with {...}`, `was cancelled`.
    public var outcomeDescription: String {
        switch outcome {
        case .completed(let output): "completed with output \(output.summary())"
        case .faulted(let fault): "faulted with \(fault.documentValue.summary())"
        case .cancelled: "was cancelled"
        case .interrupted(let reason): "stopped before it finished (\(reason))"
        }
    }

    public var timeline: TaskTimeline { TaskTimeline(events: events) }

    /// The last terminal event of a task, which must have the given kind.
    /// - Throws: `StepFailure` saying how the task ended instead, or that it never ran.
    public func requireTask(_ task: String, ended kind: RunEvent.Kind) throws(StepFailure) -> RunEvent {
        let timeline = self.timeline
        guard let event = timeline.outcome(of: task) else {
            let started = timeline.firstStart(of: task) != nil
            throw StepFailure(
                started
                    ? "\(task) started but never ended; the workflow \(outcomeDescription)"
                    : "\(task) never ran; the tasks started in this order: \(timeline.startOrderDescription)"
            )
        }
        guard event.kind == kind else {
            throw StepFailure("expected \(task) to \(Self.verb(kind)), but it \(Self.describe(event))")
        }
        return event
    }

    static func verb(_ kind: RunEvent.Kind) -> String {
        switch kind {
        case .taskCompleted: "complete"
        case .taskFaulted: "fault"
        case .taskCancelled: "be cancelled"
        case .taskSkipped: "be skipped"
        default: kind.rawValue
        }
    }

    static func describe(_ event: RunEvent) -> String {
        switch event.kind {
        case .taskCompleted: "completed with output \(event.output?.summary() ?? "null")"
        case .taskFaulted: "faulted with \(event.error?.documentValue.summary() ?? "an unknown error")"
        case .taskCancelled: "was cancelled"
        case .taskSkipped: "was skipped"
        default: "ended with \(event.kind.rawValue)"
        }
    }
}
