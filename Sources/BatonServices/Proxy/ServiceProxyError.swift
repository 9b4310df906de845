/// A proxy that cannot listen, or a backend set it refuses. The message says what, where, and
/// what to do; ``code`` says which kind, for callers that react to one.
public struct ServiceProxyError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// Another socket listens on the port.
        public static let portInUse = Code("portInUse")
        /// Listening failed otherwise: a privileged port, an address not of this machine.
        public static let cannotListen = Code("cannotListen")
        /// ``ServiceProxy/setBackends(_:)`` got a set with a duplicate id, a bad port or a negative weight.
        public static let invalidBackends = Code("invalidBackends")

        public var description: String { name }
    }

    public let code: Code
    public let message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
