/// Runs tasks one after another (OWS dsl-reference.md §Do).
public struct DoTask: Sendable, Hashable, TaskConfiguration {
    public var `do`: TaskList

    public init(do tasks: TaskList) {
        self.do = tasks
    }

    init(reading object: inout ObjectReader) throws(Diagnostic) {
        self.do = try object.required("do")
    }

    func write(to writer: inout ObjectWriter) {
        writer.set("do", self.do)
    }
}
