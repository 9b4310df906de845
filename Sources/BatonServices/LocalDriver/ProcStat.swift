import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The fields Baton uses of `/proc/<pid>/stat` (see proc(5)).
struct ProcStat: Sendable, Hashable {
    var pid: pid_t
    /// `R`, `S`, `D`, `Z` (zombie: ended, not yet reaped), …
    var state: UInt8
    var processGroup: pid_t
    /// CPU time in clock ticks, in user and kernel mode (fields 14 and 15).
    var userTicks: UInt64
    var systemTicks: UInt64
    /// Clock ticks after boot (field 22).
    var startTime: UInt64

    var isZombie: Bool { state == UInt8(ascii: "Z") || state == UInt8(ascii: "X") }

    /// The process's entry; `nil` when there is no such process.
    static func read(_ pid: pid_t) -> ProcStat? {
        guard let bytes = readProcFile("/proc/\(pid)/stat") else { return nil }
        return parse(bytes, pid: pid)
    }

    /// Every process's entry (those that end during the scan are left out).
    static func all() -> [ProcStat] {
        guard let directory = opendir("/proc") else { return [] }
        defer { closedir(directory) }
        var entries: [ProcStat] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard let pid = pid_t(name), let stat = read(pid) else { continue }
            entries.append(stat)
        }
        return entries
    }

    /// The processes of a group that have not ended (zombies are not counted: they can neither
    /// run nor be killed).
    static func liveMembers(ofGroup group: pid_t) -> [ProcStat] {
        all().filter { $0.processGroup == group && !$0.isZombie }
    }

    static func parse(_ bytes: [UInt8], pid: pid_t) -> ProcStat? {
        // The command name (field 2) is in parentheses and may hold spaces and parentheses: the
        // fields after it start after the last `)`.
        guard let close = bytes.lastIndex(of: UInt8(ascii: ")")) else { return nil }
        let fields = bytes[(close + 1)...].split(separator: UInt8(ascii: " "), omittingEmptySubsequences: true)
        // fields[0] is field 3.
        func field(_ number: Int) -> UInt64? {
            let index = number - 3
            guard index < fields.count else { return nil }
            return UInt64(String(decoding: fields[fields.startIndex + index], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        guard let state = fields.first?.first, let group = field(5), let user = field(14), let system = field(15),
            let start = field(22)
        else { return nil }
        return ProcStat(pid: pid, state: state, processGroup: pid_t(truncatingIfNeeded: group), userTicks: user, systemTicks: system, startTime: start)
    }

    /// A small file of /proc (their size is reported as 0, so it is read to its end).
    static func readProcFile(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var reader = FileTailReader(descriptor: descriptor)
        return try? reader.readToEnd()
    }
}
