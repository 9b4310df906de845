/// Raises an error, inline or declared in `use.errors` (OWS dsl-reference.md §Raise).
public struct RaiseTask: Sendable, Hashable, TaskConfiguration {
    public var error: Referenceable<WorkflowError>

    public init(error: Referenceable<WorkflowError>) {
        self.error = error
    }

    init(reading object: inout ObjectReader) throws(Diagnostic) {
        error = try object.required("raise") { (reader) throws(Diagnostic) in
            try reader.object { (raise) throws(Diagnostic) in try raise.required("error", Referenceable<WorkflowError>.self) }
        }
    }

    func write(to writer: inout ObjectWriter) {
        writer.set("raise", json: ["error": error.documentValue])
    }
}
