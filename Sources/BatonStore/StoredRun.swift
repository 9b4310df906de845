import BatonEngine
import BatonWorkflow
import Foundation

/// A run as stored: what it runs, its input, where it stands and who works it.
public struct StoredRun: Sendable, Hashable {
    public var id: RunID
    /// The definition it runs.
    public var definition: WorkflowDefinitionKey
    public var input: JSONValue
    public var status: RunStatus
    /// The run's output, once completed.
    public var output: JSONValue?
    /// The run's error, once faulted.
    public var error: WorkflowFault?
    /// When the run was created (the store's clock).
    public var createdAt: Date
    /// When the run last changed (the store's clock).
    public var updatedAt: Date
    /// When the run started: the time of its `runStarted` event.
    public var startedAt: Date?
    /// When the run finished: the time of its `runCompleted`, `runFaulted` or `runCancelled` event.
    public var finishedAt: Date?
    /// The run that started this one (`run: workflow`), if any.
    public var parentRunID: RunID?
    /// The node working the run, until when.
    public var lease: RunLease?
    /// The sequence number of the run's last event, 0 when it has none.
    public var lastSequence: Int64

    public init(
        id: RunID, definition: WorkflowDefinitionKey, input: JSONValue, status: RunStatus = .pending, output: JSONValue? = nil,
        error: WorkflowFault? = nil, createdAt: Date, updatedAt: Date, startedAt: Date? = nil, finishedAt: Date? = nil,
        parentRunID: RunID? = nil, lease: RunLease? = nil, lastSequence: Int64 = 0
    ) {
        self.id = id
        self.definition = definition
        self.input = input
        self.status = status
        self.output = output
        self.error = error
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.parentRunID = parentRunID
        self.lease = lease
        self.lastSequence = lastSequence
    }

    /// Applies an appended event to the run's status, output, error and times (see
    /// ``RunStatus/after(_:)``); `updatedAt` and `lastSequence` are the caller's.
    package mutating func apply(_ event: RunEvent) {
        if let next = status.after(event.kind) { status = next }
        switch event.kind {
        case .runStarted:
            if startedAt == nil { startedAt = event.at }
        case .runCompleted:
            output = event.output ?? .null
            finishedAt = event.at
        case .runFaulted:
            error = event.error
            finishedAt = event.at
        case .runCancelled:
            finishedAt = event.at
        default:
            break
        }
    }
}
