#if canImport(Glibc)
import Glibc
#endif

/// Ends what a previous supervisor left running. Its children die with it (`PR_SET_PDEATHSIG`),
/// but their own children do not, and a child started just as the supervisor died may have
/// missed the signal; a supervisor that starts again kills those from the records it stored.
public enum LeftoverProcessGroups {
    /// A group that ``killLeftoverGroups(_:)`` killed.
    public struct Kill: Sendable, Hashable {
        public var record: ProcessIdentity
        /// The recorded process itself was still running (same pid, same start time).
        public var leaderWasRunning: Bool
        /// The processes of the group that had not ended when it was killed.
        public var members: [pid_t]
    }

    /// For each record: when the pid still runs with the same start time, `SIGKILL` to its
    /// group (and to the process, in case it left the group); when it is gone but processes
    /// of its group still run (its children), `SIGKILL` to the group. A group whose number now
    /// belongs to another process (the pid was reused and leads a group of its own) is left alone.
    /// - Returns: the groups that were killed.
    public static func killLeftoverGroups(_ records: [ProcessIdentity]) -> [Kill] {
        guard !records.isEmpty else { return [] }
        let table = ProcStat.all()
        var kills: [Kill] = []
        for record in records {
            // Members started no earlier than the recorded leader that started the group.
            let members = table.filter { $0.processGroup == record.processGroup && !$0.isZombie && $0.startTime >= record.startTime }
                .map(\.pid)
            if let leader = table.first(where: { $0.pid == record.pid }), leader.startTime == record.startTime, !leader.isZombie {
                kill(-record.processGroup, SIGKILL)
                if leader.processGroup != record.processGroup { kill(record.pid, SIGKILL) }
                kills.append(Kill(record: record, leaderWasRunning: true, members: members))
                continue
            }
            // A process numbered like the group that is not the recorded one: the number was
            // reused, and the group with it is someone else's.
            if let holder = table.first(where: { $0.pid == record.processGroup }), holder.startTime != record.startTime { continue }
            guard !members.isEmpty else { continue }
            kill(-record.processGroup, SIGKILL)
            kills.append(Kill(record: record, leaderWasRunning: false, members: members))
        }
        return kills
    }
}
