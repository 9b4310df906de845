/// What went wrong with a service operation, for a person: what, where, and what to do.
///
/// The code says what kind of problem it is, for machines and for the HTTP status.
public struct ServiceError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        let name: String
        /// The HTTP status the API answers with.
        public let status: Int

        public var description: String { name }

        /// A service, revision or instance that does not exist (404).
        public static let notFound = Code(name: "not-found", status: 404)
        /// A definition or an argument that cannot work (422): a cycle, a port in use, a missing
        /// program, a bad health check.
        public static let invalid = Code(name: "invalid", status: 422)
        /// The operation conflicts with the state (409): an update while another runs.
        public static let conflict = Code(name: "conflict", status: 409)
        /// An update or start that did not get healthy and was rolled back (or left) (500).
        public static let failed = Code(name: "failed", status: 500)
        /// Out of ports, processes, files (503).
        public static let resources = Code(name: "resources", status: 503)
        /// The store failed (500).
        public static let storage = Code(name: "storage", status: 500)
        /// Waited longer than allowed (408).
        public static let timeout = Code(name: "timeout", status: 408)
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
