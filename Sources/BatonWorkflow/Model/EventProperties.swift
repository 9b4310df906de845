/// The attributes of a CloudEvent, to emit or to match (OWS dsl-reference.md §Event Properties).
///
/// Attributes beyond the standard ones are CloudEvents extension attributes; the schema leaves
/// them open, so they are kept in `extensions` and written back as they were.
public struct EventProperties: Sendable, Hashable, DocumentCodable {
    public var id: String?
    public var source: ExpressionOr<URITemplate>?
    public var type: String?
    public var time: ExpressionOr<String>?
    public var subject: String?
    public var dataContentType: String?
    public var dataSchema: ExpressionOr<URITemplate>?
    /// The payload: any JSON value, or a runtime expression string.
    public var data: JSONValue?
    /// Extension context attributes, by name.
    public var extensions: [String: JSONValue]

    public init(
        id: String? = nil, source: ExpressionOr<URITemplate>? = nil, type: String? = nil, time: ExpressionOr<String>? = nil,
        subject: String? = nil, dataContentType: String? = nil, dataSchema: ExpressionOr<URITemplate>? = nil,
        data: JSONValue? = nil, extensions: [String: JSONValue] = [:]
    ) {
        self.id = id
        self.source = source
        self.type = type
        self.time = time
        self.subject = subject
        self.dataContentType = dataContentType
        self.dataSchema = dataSchema
        self.data = data
        self.extensions = extensions
    }

    public init(from reader: DocumentReader) throws(Diagnostic) {
        self = try reader.object { (object) throws(Diagnostic) in
            var properties = EventProperties(
                id: try object.optional("id"), source: try object.optional("source"), type: try object.optional("type"),
                time: try object.optional("time"), subject: try object.optional("subject"),
                dataContentType: try object.optional("datacontenttype"), dataSchema: try object.optional("dataschema"),
                data: try object.optional("data")
            )
            for key in object.unreadKeys {
                properties.extensions[key] = object.members[key]
            }
            object.allowOtherKeys()
            return properties
        }
    }

    public var documentValue: JSONValue {
        var writer = ObjectWriter()
        for (key, value) in extensions { writer.set(key, json: value) }
        writer.set("id", id)
        writer.set("source", source)
        writer.set("type", type)
        writer.set("time", time)
        writer.set("subject", subject)
        writer.set("datacontenttype", dataContentType)
        writer.set("dataschema", dataSchema)
        writer.set("data", json: data)
        return writer.value
    }

    /// Whether no attribute is set; an event filter needs at least one.
    public var isEmpty: Bool { documentValue == .object([:]) }
}
