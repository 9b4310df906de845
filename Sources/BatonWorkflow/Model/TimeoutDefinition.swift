/// How long a workflow or task may run (OWS dsl-reference.md §Timeout).
public struct TimeoutDefinition: Sendable, Hashable, DocumentCodable {
    public var after: WorkflowDuration

    public init(after: WorkflowDuration) {
        self.after = after
    }

    public init(from reader: DocumentReader) throws(Diagnostic) {
        self = try reader.object { (object) throws(Diagnostic) in TimeoutDefinition(after: try object.required("after")) }
    }

    public var documentValue: JSONValue { ["after": after.documentValue] }
}

/// A timeout given inline or by the name of one in `use.timeouts`.
public typealias TimeoutReference = Referenceable<TimeoutDefinition>
