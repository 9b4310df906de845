/// Why `baton serve` cannot have its database to itself: another process holds the lock beside
/// it, or the lock file cannot be opened. The description says which database and what to do.
public struct DatabaseLockError: Error, Sendable, CustomStringConvertible {
    public let description: String
}
