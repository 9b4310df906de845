import BatonRuntime
import BatonWorkflow
import Hummingbird

/// What the API answers when it refuses a request: an HTTP status and the body
/// `{"error":{"code","message", "path"?, "problems"?}}`, where the message says what was wrong,
/// where, and what to do.
///
/// The codes are the API's contract (clients switch on them), so they are static members over a
/// private code, and a kind can be added without breaking anyone.
public struct APIError: Error, Sendable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let rawValue: String
        private init(_ rawValue: String) { self.rawValue = rawValue }

        /// 404: no such route, definition, run or approval.
        public static let notFound = Code("not-found")
        /// 400: a malformed body, query or CloudEvent.
        public static let invalidInput = Code("invalid-input")
        /// 422: the workflow document is not valid; `problems` says where.
        public static let invalidDefinition = Code("invalid-definition")
        /// 409: the request contradicts what is stored (a finished run, a decided approval, a
        /// definition version stored with other content).
        public static let conflict = Code("conflict")
        /// 503: the node is starting or shutting down.
        public static let unavailable = Code("unavailable")
        /// 500: the store failed; retrying may help.
        public static let storage = Code("storage")
        /// 413: the body is larger than `--max-body-size`.
        public static let tooLarge = Code("too-large")
        /// 408: a service did not get ready, or a command did not finish, in the time allowed.
        public static let timeout = Code("timeout")
        /// 500: a service operation failed and was undone (an update rolled back); the message says why.
        public static let failed = Code("failed")

        public var description: String { rawValue }
    }

    public let status: HTTPResponse.Status
    public let code: Code
    public let message: String
    /// Where in the request body the problem is (`input`, `[2].source`), when it is in one.
    public let path: String?
    /// For an invalid definition: every problem with its position.
    public let problems: [Diagnostic]

    public init(_ status: HTTPResponse.Status, _ code: Code, _ message: String, path: String? = nil, problems: [Diagnostic] = []) {
        self.status = status
        self.code = code
        self.message = message
        self.path = path
        self.problems = problems
    }

    public var description: String { "\(status.code) \(code): \(message)" }

    static func invalidInput(_ message: String, path: String? = nil) -> APIError {
        APIError(.badRequest, .invalidInput, message, path: path)
    }

    static func notFound(_ message: String) -> APIError {
        APIError(.notFound, .notFound, message)
    }

    /// The orchestrator's refusal with the status its kind calls for.
    init(_ error: OrchestratorError) {
        switch error.kind {
        case .invalidDefinition: self.init(.unprocessableContent, .invalidDefinition, error.message, problems: error.diagnostics)
        case .invalidInput: self.init(.badRequest, .invalidInput, error.message)
        case .notFound: self.init(.notFound, .notFound, error.message)
        case .conflict: self.init(.conflict, .conflict, error.message)
        case .unavailable: self.init(.serviceUnavailable, .unavailable, error.message)
        default: self.init(.internalServerError, .storage, error.message)
        }
    }

    /// The body: `{"error": {...}}`.
    var body: JSONValue {
        var error: [String: JSONValue] = ["code": .string(code.description), "message": .string(message)]
        if let path { error["path"] = .string(path) }
        if code == .invalidDefinition { error["problems"] = .array(problems.map(\.problemValue)) }
        return ["error": .object(error)]
    }
}

extension APIError: HTTPResponseError {
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        Response.json(body, status: status)
    }
}
