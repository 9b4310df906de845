/// Pauses for a while (OWS dsl-reference.md §Wait).
public struct WaitTask: Sendable, Hashable, TaskConfiguration {
    public var wait: WorkflowDuration

    public init(wait: WorkflowDuration) {
        self.wait = wait
    }

    init(reading object: inout ObjectReader) throws(Diagnostic) {
        wait = try object.required("wait")
    }

    func write(to writer: inout ObjectWriter) {
        writer.set("wait", wait)
    }
}
