import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive `flock` on `<database>.lock`, held while `baton serve` uses the database: one
/// node per SQLite database, since a node takes over every unfinished run it finds at start-up.
/// The kernel releases the lock when the process ends, however it ends, so a crash leaves no
/// stale lock behind.
enum DatabaseLock {
    /// Runs `body` holding the lock.
    /// - Throws: ``DatabaseLockError`` when another process holds it or the lock file cannot be
    ///   opened; what `body` throws.
    static func withLock<T>(database path: String, _ body: () async throws -> T) async throws -> T {
        let lockPath = path + ".lock"
        let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw DatabaseLockError(description: "cannot open the lock file \(lockPath) beside the database: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let reason = errno
            if reason == EWOULDBLOCK {
                throw DatabaseLockError(
                    description:
                        "the database \(path) is in use by another `baton serve` (it holds \(lockPath)); stop that one, or give this one another database with --db"
                )
            }
            throw DatabaseLockError(description: "cannot lock \(lockPath): \(String(cString: strerror(reason)))")
        }
        defer { flock(descriptor, LOCK_UN) }
        return try await body()
    }
}
