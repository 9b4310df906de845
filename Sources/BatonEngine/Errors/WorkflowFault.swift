import BatonWorkflow

/// An error a run raises, in the RFC 7807 shape the specification uses (dsl-reference.md §Error):
/// a `type` URI, an HTTP-like `status`, a `title`, a `detail` and the `instance` — the JSON
/// Pointer of the task it comes from.
///
/// Standard kinds have constructors (`.communication(...)`, `.validation(...)`...) with the
/// spec's types and statuses; `raise` tasks create any other.
public struct WorkflowFault: Error, Sendable, Hashable {
    public var type: String
    public var status: Int
    public var title: String?
    public var detail: String?
    /// The JSON Pointer of the task the error comes from, e.g. `/do/0/getPet`.
    public var instance: String?

    public init(type: String, status: Int, title: String? = nil, detail: String? = nil, instance: String? = nil) {
        self.type = type
        self.status = status
        self.title = title
        self.detail = detail
        self.instance = instance
    }

    /// An error of a standard type, with the type's default status unless one is given.
    public init(_ standard: WorkflowError.StandardType, status: Int? = nil, title: String? = nil, detail: String?, instance: String? = nil) {
        self.init(type: standard.rawValue, status: status ?? standard.defaultStatus, title: title ?? Self.title(of: standard), detail: detail, instance: instance)
    }

    public static func configuration(_ detail: String, instance: String? = nil) -> WorkflowFault {
        WorkflowFault(.configuration, detail: detail, instance: instance)
    }

    public static func validation(_ detail: String, instance: String? = nil) -> WorkflowFault {
        WorkflowFault(.validation, detail: detail, instance: instance)
    }

    public static func expression(_ detail: String, instance: String? = nil) -> WorkflowFault {
        WorkflowFault(.expression, detail: detail, instance: instance)
    }

    public static func authentication(_ detail: String, status: Int = 401, instance: String? = nil) -> WorkflowFault {
        WorkflowFault(.authentication, status: status, detail: detail, instance: instance)
    }

    public static func authorization(_ detail: String, status: Int = 403, instance: String? = nil) -> WorkflowFault {
        WorkflowFault(.authorization, status: status, detail: detail, instance: instance)
    }

    public static func timeout(_ detail: String, instance: String? = nil) -> WorkflowFault {
        WorkflowFault(.timeout, detail: detail, instance: instance)
    }

    /// A failed exchange with another service; `status` is the service's HTTP status when it
    /// answered, 500 otherwise.
    public static func communication(_ detail: String, status: Int = 500, instance: String? = nil) -> WorkflowFault {
        WorkflowFault(.communication, status: status, detail: detail, instance: instance)
    }

    public static func runtime(_ detail: String, status: Int = 500, instance: String? = nil) -> WorkflowFault {
        WorkflowFault(.runtime, status: status, detail: detail, instance: instance)
    }

    /// The same error attributed to a task, unless it already names one.
    public func at(_ instance: String) -> WorkflowFault {
        var copy = self
        if copy.instance == nil { copy.instance = instance }
        return copy
    }

    /// The error as JSON: `{ type, status, title?, detail?, instance? }`.
    public var documentValue: JSONValue {
        var members: [String: JSONValue] = ["type": .string(type), "status": .integer(status)]
        if let title { members["title"] = .string(title) }
        if let detail { members["detail"] = .string(detail) }
        if let instance { members["instance"] = .string(instance) }
        return .object(members)
    }

    /// Reads an error from its JSON form, as a `raise` task evaluates it.
    public init?(document: JSONValue) {
        guard let type = document["type"]?.stringValue, let status = document["status"]?.intValue else { return nil }
        self.init(
            type: type, status: status, title: document["title"]?.stringValue, detail: document["detail"]?.stringValue,
            instance: document["instance"]?.stringValue
        )
    }

    /// Whether two error types name the same kind. The conformance kit's `try.feature` writes the
    /// standard types as `https://open-workflow-specification.org/dsl/errors/types/<kind>`, the
    /// specification's error table as `https://open-workflow-specification.org/spec/1.0.0/errors/<kind>`;
    /// both spellings are accepted.
    public static func sameType(_ lhs: String, _ rhs: String) -> Bool {
        lhs == rhs || canonicalType(lhs) == canonicalType(rhs)
    }

    static let alternativeTypePrefix = "https://open-workflow-specification.org/dsl/errors/types/"
    static let standardTypePrefix = "https://open-workflow-specification.org/spec/1.0.0/errors/"

    static func canonicalType(_ type: String) -> String {
        type.hasPrefix(alternativeTypePrefix) ? standardTypePrefix + type.dropFirst(alternativeTypePrefix.count) : type
    }

    private static func title(of standard: WorkflowError.StandardType) -> String {
        switch standard {
        case .configuration: "Configuration error"
        case .validation: "Validation error"
        case .expression: "Expression error"
        case .authentication: "Authentication error"
        case .authorization: "Authorization error"
        case .timeout: "Timeout"
        case .communication: "Communication error"
        case .runtime: "Runtime error"
        }
    }
}

extension WorkflowFault: CustomStringConvertible {
    public var description: String {
        var text = "\(title ?? type) (\(status))"
        if let detail { text += ": \(detail)" }
        if let instance { text += " at \(instance)" }
        return text
    }
}
