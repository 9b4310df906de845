import BatonEngine

/// The status of a run, as the specification names them (dsl.md §Workflow Lifecycle / status phases).
public enum RunStatus: String, Sendable, Hashable, CaseIterable, Codable {
    /// Created, not started yet.
    case pending
    /// Being worked.
    case running
    /// Waiting for time to pass, an event or a person.
    case waiting
    /// Suspended by an operator; resumes when resumed.
    case suspended
    /// Cancelled: finished without an output.
    case cancelled
    /// Finished with an error.
    case faulted
    /// Finished with an output.
    case completed

    /// Whether the run has finished: completed, faulted or cancelled. A finished run takes no
    /// new events.
    public var isFinished: Bool {
        switch self {
        case .cancelled, .faulted, .completed: true
        case .pending, .running, .waiting, .suspended: false
        }
    }

    /// The statuses a node may claim a run in: it has work to do, or waits for something the
    /// node must watch (a timer, an event, an approval). Suspended and finished runs are not claimed.
    public static let claimable: Set<RunStatus> = [.pending, .running, .waiting]

    /// The status after an event of `kind` is appended to a run in this status, or nil when it
    /// stays. A run's status follows its events:
    /// - `runStarted` moves a pending run to running;
    /// - `runCompleted`, `runFaulted`, `runCancelled` finish it (completed, faulted, cancelled);
    /// - a task event moves a pending or waiting run to running (the task it waited on moved on);
    ///   a suspended run stays suspended until it is resumed.
    ///
    /// Finished runs take no events; the stores reject those before asking.
    public func after(_ kind: RunEvent.Kind) -> RunStatus? {
        switch kind {
        case .runCompleted: .completed
        case .runFaulted: .faulted
        case .runCancelled: .cancelled
        case .runStarted: self == .pending ? .running : nil
        case .taskStarted, .taskCompleted, .taskFaulted, .taskSkipped, .taskRetrying, .taskCancelled:
            self == .pending || self == .waiting ? .running : nil
        }
    }
}
