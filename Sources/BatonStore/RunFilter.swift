import Foundation

/// Which runs to list, and a page of them. Runs are listed newest first (by creation time, then id).
public struct RunFilter: Sendable, Hashable {
    /// Only runs in one of these statuses; nil for any.
    public var statuses: Set<RunStatus>?
    /// Only runs of definitions in this namespace.
    public var namespace: String?
    /// Only runs of definitions of this name.
    public var name: String?
    /// Only runs created strictly after this time.
    public var createdAfter: Date?
    /// Only runs created strictly before this time.
    public var createdBefore: Date?
    /// At most this many runs in a page.
    public var limit: Int
    /// Where the page starts: the `nextCursor` of the page before; nil for the first page.
    public var cursor: String?

    public init(
        statuses: Set<RunStatus>? = nil, namespace: String? = nil, name: String? = nil, createdAfter: Date? = nil,
        createdBefore: Date? = nil, limit: Int = 100, cursor: String? = nil
    ) {
        self.statuses = statuses
        self.namespace = namespace
        self.name = name
        self.createdAfter = createdAfter
        self.createdBefore = createdBefore
        self.limit = limit
        self.cursor = cursor
    }
}
