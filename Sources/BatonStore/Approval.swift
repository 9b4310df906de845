import BatonWorkflow
import Foundation

/// A run's request for a person's decision, at a position in the run, and the decision once made.
public struct Approval: Sendable, Hashable {
    public var id: String
    public var runID: RunID
    /// The position of the task that waits for the decision.
    public var position: String
    /// What the person is asked.
    public var message: String
    /// The data to review.
    public var data: JSONValue
    public var createdAt: Date
    /// The decision; nil while pending.
    public var decision: ApprovalDecision?

    public init(id: String, runID: RunID, position: String, message: String, data: JSONValue, createdAt: Date, decision: ApprovalDecision? = nil) {
        self.id = id
        self.runID = runID
        self.position = position
        self.message = message
        self.data = data
        self.createdAt = createdAt
        self.decision = decision
    }

    public var isPending: Bool { decision == nil }
}
