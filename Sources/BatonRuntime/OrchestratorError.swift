import BatonStore
import BatonWorkflow

/// What the orchestrator refuses, and why: the message says what was wrong and what to do; an
/// invalid definition carries every problem with its position.
public struct OrchestratorError: Error, Sendable, CustomStringConvertible {
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        fileprivate enum Code: String { case invalidDefinition, invalidInput, notFound, conflict, unavailable, storage }
        fileprivate let code: Code
        /// The workflow document is not valid; see ``OrchestratorError/diagnostics``.
        public static let invalidDefinition = Kind(code: .invalidDefinition)
        /// A request's value is wrong (a bad status filter, a decision on a run with no approval).
        public static let invalidInput = Kind(code: .invalidInput)
        /// No such definition, run or approval.
        public static let notFound = Kind(code: .notFound)
        /// The request conflicts with what is stored (a definition version with other content, a
        /// finished run, a decided approval).
        public static let conflict = Kind(code: .conflict)
        /// The node is shutting down and takes no new work.
        public static let unavailable = Kind(code: .unavailable)
        /// The store failed; retrying may help.
        public static let storage = Kind(code: .storage)
        public var description: String { code.rawValue }
    }

    public let kind: Kind
    public let message: String
    /// For an invalid definition: every problem, with its position.
    public let diagnostics: [Diagnostic]

    public init(_ kind: Kind, _ message: String, diagnostics: [Diagnostic] = []) {
        self.kind = kind
        self.message = message
        self.diagnostics = diagnostics
    }

    public var description: String { message }

    /// The store's error as the orchestrator's.
    init(_ error: RunStoreError) {
        let kind: Kind = switch error.kind {
        case .notFound: .notFound
        case .conflict, .runFinished, .leaseNotHeld: .conflict
        case .invalidInput: .invalidInput
        default: .storage
        }
        self.init(kind, error.message)
    }
}
