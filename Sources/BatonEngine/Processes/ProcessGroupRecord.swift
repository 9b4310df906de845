import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The process group of a running process, kept for two jobs: killing the group at once when its
/// output goes past the limit, and making sure nothing of a cancelled run's group survives —
/// swift-subprocess stops the group with `SIGTERM` and `SIGKILL` while its leader lives, but a
/// child that ignores `SIGTERM` could outlive a leader that did not. (After the leader is reaped
/// its id could in principle be reused by a new group; Linux hands out process ids in increasing
/// order, so the final `SIGKILL`, sent right away, cannot realistically reach a stranger.)
final class ProcessGroupRecord: Sendable {
    private let group = Mutex<pid_t?>(nil)

    init() {}

    /// Records the group, whose id is the leader's process id.
    func set(_ leader: pid_t) {
        group.withLock { $0 = leader }
    }

    /// Sends `SIGKILL` to what is left of the group, once. An empty group is not an error.
    func kill() {
        guard let leader = group.withLock({ value -> pid_t? in
            defer { value = nil }
            return value
        }) else { return }
        #if canImport(Glibc) || canImport(Musl)
        _ = Glibc.kill(-leader, SIGKILL)
        #else
        _ = Darwin.kill(-leader, SIGKILL)
        #endif
    }
}
