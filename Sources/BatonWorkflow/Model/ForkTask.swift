/// Runs branches concurrently, optionally racing them (OWS dsl-reference.md §Fork).
public struct ForkTask: Sendable, Hashable, TaskConfiguration {
    public var branches: TaskList
    /// Whether the first branch to finish wins and the others are cancelled; defaults to false.
    public var compete: Bool?

    public init(branches: TaskList, compete: Bool? = nil) {
        self.branches = branches
        self.compete = compete
    }

    init(reading object: inout ObjectReader) throws(Diagnostic) {
        self = try object.required("fork") { (reader) throws(Diagnostic) in
            try reader.object { (fork) throws(Diagnostic) in
                ForkTask(branches: try fork.required("branches"), compete: try fork.optional("compete"))
            }
        }
    }

    func write(to writer: inout ObjectWriter) {
        var fork = ObjectWriter()
        fork.set("branches", branches)
        fork.set("compete", compete)
        writer.set("fork", json: fork.value)
    }
}
