/// A page of runs, and where the next one starts.
public struct RunPage: Sendable, Hashable {
    public var runs: [StoredRun]
    /// Pass as ``RunFilter/cursor`` for the next page; nil when this page is the last.
    public var nextCursor: String?

    public init(runs: [StoredRun], nextCursor: String?) {
        self.runs = runs
        self.nextCursor = nextCursor
    }
}
