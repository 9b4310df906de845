import Foundation

/// The `document` section: which DSL the workflow is written in and who it is
/// (OWS dsl-reference.md §Document).
public struct WorkflowDocument: Sendable, Hashable, DocumentCodable {
    /// The DSL version, a semantic version such as `1.0.3`.
    public var dsl: String
    public var namespace: String
    public var name: String
    /// The workflow's semantic version.
    public var version: String
    public var title: String?
    /// Markdown.
    public var summary: String?
    public var tags: [String: JSONValue]?
    public var metadata: [String: JSONValue]?

    public init(
        dsl: String, namespace: String, name: String, version: String, title: String? = nil, summary: String? = nil,
        tags: [String: JSONValue]? = nil, metadata: [String: JSONValue]? = nil
    ) {
        self.dsl = dsl
        self.namespace = namespace
        self.name = name
        self.version = version
        self.title = title
        self.summary = summary
        self.tags = tags
        self.metadata = metadata
    }

    public init(from reader: DocumentReader) throws(Diagnostic) {
        self = try reader.object { (object) throws(Diagnostic) in
            WorkflowDocument(
                dsl: try object.required("dsl") { (reader) throws(Diagnostic) in try Self.read(reader, as: "a semantic version such as `1.0.3`", matching: Self.semanticVersion) },
                namespace: try object.required("namespace") { (reader) throws(Diagnostic) in try Self.read(reader, as: "a name of letters, digits and dashes (at most 63, not starting or ending with a dash)", matching: Self.label) },
                name: try object.required("name") { (reader) throws(Diagnostic) in try Self.read(reader, as: "a name of letters, digits and dashes (at most 63, not starting or ending with a dash)", matching: Self.label) },
                version: try object.required("version") { (reader) throws(Diagnostic) in try Self.read(reader, as: "a semantic version such as `0.1.0`", matching: Self.semanticVersion) },
                title: try object.optional("title"), summary: try object.optional("summary"),
                tags: try object.optional("tags"), metadata: try object.optional("metadata")
            )
        }
    }

    public var documentValue: JSONValue {
        var writer = ObjectWriter()
        writer.set("dsl", dsl)
        writer.set("namespace", namespace)
        writer.set("name", name)
        writer.set("version", version)
        writer.set("title", title)
        writer.set("summary", summary)
        writer.set("tags", tags)
        writer.set("metadata", metadata)
        return writer.value
    }

    // The schema's patterns for names (an RFC 1123 label) and semantic versions.
    private static let label = "^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$"
    private static let semanticVersion = #"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$"#

    private static func read(_ reader: DocumentReader, as description: String, matching pattern: String) throws(Diagnostic) -> String {
        guard case .string(let text) = reader.value else {
            // A version written unquoted, `version: 1.0`, arrives as a number.
            if reader.value.doubleValue != nil {
                throw reader.typeMismatch(expected: "a string (quote it: '\(reader.value.jsonText())')")
            }
            throw reader.typeMismatch(expected: "a string")
        }
        guard text.range(of: pattern, options: .regularExpression) != nil else {
            throw reader.error("`\(text)` is not \(description)", code: "model.pattern")
        }
        return text
    }
}
