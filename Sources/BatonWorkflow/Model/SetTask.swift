/// Sets data: an object whose values may hold expressions, or one runtime expression
/// (OWS dsl-reference.md §Set).
public struct SetTask: Sendable, Hashable, TaskConfiguration {
    public var set: ExpressionTemplate

    public init(set: ExpressionTemplate) {
        self.set = set
    }

    init(reading object: inout ObjectReader) throws(Diagnostic) {
        set = try object.required("set") { (reader) throws(Diagnostic) in try ExpressionTemplate(from: reader, allowsEmptyObject: false) }
    }

    func write(to writer: inout ObjectWriter) {
        writer.set("set", set)
    }
}
