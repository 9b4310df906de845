#if canImport(Glibc)
import Glibc
#endif

/// What identifies a started process beyond its pid, which the kernel reuses: the pid, the
/// process group it leads, and its start time. A supervisor stores it so that, after being
/// killed, its successor can find and end what it left (``LeftoverProcessGroups``).
public struct ProcessIdentity: Sendable, Hashable, Codable, CustomStringConvertible {
    public var pid: pid_t
    public var processGroup: pid_t
    /// When the process started, in clock ticks after boot (field 22 of `/proc/<pid>/stat`): a
    /// process with the same pid and another start time is a different process.
    public var startTime: UInt64

    public init(pid: pid_t, processGroup: pid_t, startTime: UInt64) {
        self.pid = pid
        self.processGroup = processGroup
        self.startTime = startTime
    }

    public var description: String { "pid \(pid) (group \(processGroup), started at tick \(startTime))" }
}
