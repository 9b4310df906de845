/// An error as RFC 7807 problem details (OWS dsl-reference.md §Error, schema `$defs/error`):
/// what a `raise` task raises and what `use.errors` declares.
public struct WorkflowError: Sendable, Hashable, DocumentCodable {
    /// A URI reference that identifies the kind of error; see `StandardType`.
    public var type: ExpressionOr<URITemplate>
    public var status: Int
    /// A JSON Pointer to the component the error comes from.
    public var instance: ExpressionOr<String>?
    public var title: ExpressionOr<String>?
    public var detail: ExpressionOr<String>?

    public init(type: ExpressionOr<URITemplate>, status: Int, instance: ExpressionOr<String>? = nil, title: ExpressionOr<String>? = nil, detail: ExpressionOr<String>? = nil) {
        self.type = type
        self.status = status
        self.instance = instance
        self.title = title
        self.detail = detail
    }

    public init(from reader: DocumentReader) throws(Diagnostic) {
        self = try reader.object { (object) throws(Diagnostic) in
            WorkflowError(
                type: try object.required("type"), status: try object.required("status"),
                instance: try object.optional("instance"), title: try object.optional("title"), detail: try object.optional("detail")
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

    /// The standard error types and their default status (OWS dsl-reference.md §Standard Error Types).
    public enum StandardType: String, Sendable, Hashable, CaseIterable {
        case configuration = "https://open-workflow-specification.org/spec/1.0.0/errors/configuration"
        case validation = "https://open-workflow-specification.org/spec/1.0.0/errors/validation"
        case expression = "https://open-workflow-specification.org/spec/1.0.0/errors/expression"
        case authentication = "https://open-workflow-specification.org/spec/1.0.0/errors/authentication"
        case authorization = "https://open-workflow-specification.org/spec/1.0.0/errors/authorization"
        case timeout = "https://open-workflow-specification.org/spec/1.0.0/errors/timeout"
        case communication = "https://open-workflow-specification.org/spec/1.0.0/errors/communication"
        case runtime = "https://open-workflow-specification.org/spec/1.0.0/errors/runtime"

        /// The status the spec gives this type when none is more precise.
        public var defaultStatus: Int {
            switch self {
            case .configuration, .validation, .expression: 400
            case .authentication: 401
            case .authorization: 403
            case .timeout: 408
            case .communication, .runtime: 500
            }
        }
    }
}
