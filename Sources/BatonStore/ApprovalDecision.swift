import Foundation

/// A person's decision on an approval: final once stored.
public struct ApprovalDecision: Sendable, Hashable {
    public enum Verdict: String, Sendable, Hashable, CaseIterable {
        case approved, rejected
    }

    public var verdict: Verdict
    /// Who decided.
    public var decidedBy: String
    /// When.
    public var decidedAt: Date
    /// Why, in their words.
    public var reason: String?

    public init(verdict: Verdict, decidedBy: String, decidedAt: Date, reason: String? = nil) {
        self.verdict = verdict
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
        self.reason = reason
    }
}
