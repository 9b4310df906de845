/// The static filter of a `catch`: errors whose fields equal the given values (schema
/// `$defs/errorFilter`, at least one field). Dynamic filtering is `catch.when`.
public struct ErrorFilter: Sendable, Hashable, DocumentCodable {
    public var type: String?
    public var status: Int?
    public var instance: String?
    public var title: String?
    public var detail: String?

    public init(type: String? = nil, status: Int? = nil, instance: String? = nil, title: String? = nil, detail: String? = nil) {
        self.type = type
        self.status = status
        self.instance = instance
        self.title = title
        self.detail = detail
    }

    public init(from reader: DocumentReader) throws(Diagnostic) {
        self = try reader.object { (object) throws(Diagnostic) in
            guard !object.members.isEmpty else {
                throw object.error("an error filter needs at least one of type, status, instance, title, detail", code: "model.required")
            }
            return ErrorFilter(
                type: try object.optional("type"), status: try object.optional("status"), instance: try object.optional("instance"),
                title: try object.optional("title"), detail: try object.optional("detail")
            )
        }
    }

    public var documentValue: JSONValue {
        var writer = ObjectWriter()
        writer.set("type", type)
        writer.set("status", status)
        writer.set("instance", instance)
        writer.set("title", title)
        writer.set("detail", detail)
        return writer.value
    }
}
