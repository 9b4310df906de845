import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The process group of a running process, kept so that a cancelled run can make sure nothing
/// of the group survives: swift-subprocess stops the group with `SIGTERM` and `SIGKILL` while its
/// leader lives, but a child that ignores `SIGTERM` could outlive a leader that did not.
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
