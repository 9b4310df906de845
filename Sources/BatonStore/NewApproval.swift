import BatonWorkflow
import Foundation

/// What it takes to ask for an approval. One approval per run and position: asking again for the
/// same position (a run resumed after a crash) returns the approval already stored.
public struct NewApproval: Sendable, Hashable {
    public var id: String
    public var runID: RunID
    public var position: String
    public var message: String
    public var data: JSONValue

    public init(id: String = UUID().uuidString.lowercased(), runID: RunID, position: String, message: String, data: JSONValue = .null) {
        self.id = id
        self.runID = runID
        self.position = position
        self.message = message
        self.data = data
    }
}
