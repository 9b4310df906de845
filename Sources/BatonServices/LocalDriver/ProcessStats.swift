#if canImport(Glibc)
import Glibc
#endif

/// What a running process costs, from `/proc/<pid>/stat` and `/proc/<pid>/statm`, for `baton ps`
/// and the metrics.
public struct ProcessStats: Sendable, Hashable {
    /// CPU time used so far, user and system, in seconds.
    public var cpuSeconds: Double
    /// Resident memory in bytes.
    public var residentBytes: UInt64
    /// When the process started, in clock ticks after boot: compare it with
    /// ``ProcessIdentity/startTime`` to know the pid still is that process.
    public var startTime: UInt64
    public var processGroup: pid_t
    /// It has ended and waits to be reaped.
    public var isZombie: Bool

    public init(cpuSeconds: Double, residentBytes: UInt64, startTime: UInt64, processGroup: pid_t, isZombie: Bool) {
        self.cpuSeconds = cpuSeconds
        self.residentBytes = residentBytes
        self.startTime = startTime
        self.processGroup = processGroup
        self.isZombie = isZombie
    }

    /// The figures of `pid` now; `nil` when there is no such process.
    public static func of(_ pid: pid_t) -> ProcessStats? {
        guard let stat = ProcStat.read(pid) else { return nil }
        // statm: size resident shared text lib data dt, in pages.
        var residentPages: UInt64 = 0
        if let statm = ProcStat.readProcFile("/proc/\(pid)/statm") {
            let fields = statm.split(separator: UInt8(ascii: " "))
            if fields.count > 1 { residentPages = UInt64(String(decoding: fields[1], as: UTF8.self)) ?? 0 }
        }
        return ProcessStats(
            cpuSeconds: Double(stat.userTicks + stat.systemTicks) / Double(clockTicksPerSecond),
            residentBytes: residentPages * UInt64(pageSize),
            startTime: stat.startTime,
            processGroup: stat.processGroup,
            isZombie: stat.isZombie
        )
    }

    private static let clockTicksPerSecond = max(1, sysconf(Int32(_SC_CLK_TCK)))
    private static let pageSize = max(1, sysconf(Int32(_SC_PAGESIZE)))
}
