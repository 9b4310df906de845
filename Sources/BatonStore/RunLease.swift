import Foundation

/// Who works a run, until when: one engine node at a time. An expired lease may be claimed by any node.
public struct RunLease: Sendable, Hashable {
    /// The node holding the lease, e.g. its host name and process id.
    public var owner: String
    /// When the lease lapses unless renewed.
    public var expiresAt: Date

    public init(owner: String, expiresAt: Date) {
        self.owner = owner
        self.expiresAt = expiresAt
    }

    /// Whether the lease still holds at `now`.
    public func isActive(at now: Date) -> Bool { expiresAt > now }
}
