import BatonWorkflow

/// What it takes to create a run: it starts pending, without a lease.
public struct NewRun: Sendable, Hashable {
    public var id: RunID
    public var definition: WorkflowDefinitionKey
    public var input: JSONValue
    public var parentRunID: RunID?

    public init(id: RunID = .random(), definition: WorkflowDefinitionKey, input: JSONValue = .object([:]), parentRunID: RunID? = nil) {
        self.id = id
        self.definition = definition
        self.input = input
        self.parentRunID = parentRunID
    }
}
