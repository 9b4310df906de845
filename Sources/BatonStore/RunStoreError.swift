/// An error of a ``RunStore``: what went wrong, in words a user can act on, and its ``Kind``.
///
/// Kinds are structs with a private code and static members, so kinds can be added later without
/// breaking callers that switch over the ones they know.
public struct RunStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is: compare with `==` against the static members.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        private enum Code: String, Sendable, Hashable {
            case notFound, conflict, leaseNotHeld, runFinished, invalidInput, storage
        }

        private let code: Code

        private init(_ code: Code) { self.code = code }

        /// The definition, run, approval or schedule named does not exist.
        public static let notFound = Kind(.notFound)
        /// The write contradicts what is stored: a definition version stored with other content,
        /// a run id used twice, an approval decided twice.
        public static let conflict = Kind(.conflict)
        /// The caller does not hold the run's lease (another node claimed it, or it expired and
        /// was claimed again).
        public static let leaseNotHeld = Kind(.leaseNotHeld)
        /// The run has finished (completed, faulted or cancelled) and takes no new transitions.
        public static let runFinished = Kind(.runFinished)
        /// The input is malformed: a CloudEvent without `id`, an empty name, a bad cursor.
        public static let invalidInput = Kind(.invalidInput)
        /// The storage underneath failed (I/O, a corrupt file, a busy database past its timeout).
        /// A retry may help.
        public static let storage = Kind(.storage)

        public var description: String { code.rawValue }
    }

    /// The kind of failure.
    public let kind: Kind
    /// What went wrong and, where it helps, what to do about it.
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    /// Whether trying the same operation again may succeed: only for storage failures.
    public var isRetryable: Bool { kind == .storage }

    package static func runNotFound(_ id: RunID) -> RunStoreError {
        RunStoreError(.notFound, "no run `\(id)` is stored")
    }

    package static func definitionNotFound(_ key: WorkflowDefinitionKey) -> RunStoreError {
        RunStoreError(.notFound, "no workflow definition \(key) is stored; store it before starting runs of it")
    }

    package static func runFinished(_ id: RunID, _ status: RunStatus) -> RunStoreError {
        RunStoreError(.runFinished, "run `\(id)` has finished (\(status.rawValue)) and takes no new events")
    }
}

extension RunStoreError {
    /// The errors every store raises with the same words, so the conformance suite can compare them.
    package static func definitionConflict(_ key: WorkflowDefinitionKey) -> RunStoreError {
        RunStoreError(
            .conflict,
            "workflow definition \(key) is already stored with different content; definitions are immutable, so give the changed document a new version"
        )
    }

    package static func runExists(_ id: RunID) -> RunStoreError {
        RunStoreError(.conflict, "a run with id `\(id)` is already stored")
    }

    package static func leaseNotHeld(_ id: RunID, owner: String) -> RunStoreError {
        RunStoreError(.leaseNotHeld, "`\(owner)` does not hold the lease of run `\(id)`; it expired or another node claimed the run")
    }

    package static func approvalNotFound(_ id: String) -> RunStoreError {
        RunStoreError(.notFound, "no approval `\(id)` is stored")
    }

    package static func approvalDecided(_ id: String, _ decision: ApprovalDecision) -> RunStoreError {
        RunStoreError(.conflict, "approval `\(id)` was already \(decision.verdict.rawValue) by \(decision.decidedBy); a decision is final")
    }

    package static func scheduleNotFound(_ key: WorkflowDefinitionKey) -> RunStoreError {
        RunStoreError(.notFound, "no schedule is stored for workflow definition \(key)")
    }

    package static func statusNotSettable(_ status: RunStatus) -> RunStoreError {
        RunStoreError(
            .invalidInput,
            "a run's status cannot be set to `\(status.rawValue)` directly; it finishes through a runCompleted, runFaulted or runCancelled event"
        )
    }
}
