import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A child started by ``ProcessLauncher``: the leader of its own process group, watched until it
/// exits, its output (if captured) read until every writer of its pipes is gone.
///
/// The process is reaped by Baton as soon as it exits (`waitpid` on exactly its pid), so no
/// zombie is left behind whether or not anyone awaits ``waitForExit()``.
public final class LocalProcess: Sendable, CustomStringConvertible {
    public let identity: ProcessIdentity
    /// The program as the request named it.
    public let program: String
    /// The file that was executed.
    public let executablePath: String

    private let exit = AsyncOnce<ProcessExit>()
    private let outputEnd = AsyncOnce<Void>()
    /// Whether the leader was reaped: its pid (and so the group's number) is ours until then.
    /// Reaping and signalling by pid happen under this lock, so a signal never reaches a stranger
    /// that got the pid after the reap.
    private let reaped = Mutex(false)
    private let openStreams: Atomic<Int>

    init(identity: ProcessIdentity, program: String, executablePath: String, capturedStreams: Int) {
        self.identity = identity
        self.program = program
        self.executablePath = executablePath
        openStreams = Atomic(capturedStreams)
        if capturedStreams == 0 { outputEnd.set(()) }
    }

    public var pid: pid_t { identity.pid }

    /// How it ended; `nil` while it runs.
    public var exitStatus: ProcessExit? { exit.current }

    public var description: String { "`\(program)` (pid \(identity.pid))" }

    /// Waits until the process exits.
    /// - Throws: `CancellationError` when the task is cancelled first (the process goes on).
    public func waitForExit() async throws(CancellationError) -> ProcessExit {
        try await exit.wait()
    }

    /// Waits until its standard output and error have ended and their last lines were handed to
    /// the sink: when the process and every child that inherited them have exited.
    /// - Throws: `CancellationError` when the task is cancelled first.
    public func waitForOutputToEnd() async throws(CancellationError) {
        try await outputEnd.wait()
    }

    /// Sends `signal` to the process group (the process and the children that stayed in its
    /// group). After the process was reaped, the group is signalled only if processes of it still
    /// run and its number was not taken by another process since.
    /// - Returns: whether there was a group to signal.
    @discardableResult
    public func signal(_ signal: Int32) -> Bool {
        reaped.withLock { reaped in
            guard reaped else { return kill(-identity.processGroup, signal) == 0 }
            return Self.signalOrphanedGroup(identity, signal)
        }
    }

    /// The processes of the group that still run, once the leader was reaped.
    func groupMembers() -> [ProcStat] {
        // Most groups end with their leader: then the kernel says so without a scan of /proc.
        if kill(-identity.processGroup, 0) != 0, errno == ESRCH { return [] }
        return ProcStat.liveMembers(ofGroup: identity.processGroup).filter { $0.startTime >= identity.startTime }
    }

    /// `SIGKILL` to the group, and to the process itself in case it left the group.
    func killEverything() {
        reaped.withLock { reaped in
            if reaped {
                _ = Self.signalOrphanedGroup(identity, SIGKILL)
            } else {
                kill(-identity.processGroup, SIGKILL)
                kill(identity.pid, SIGKILL)
            }
        }
    }

    private static func signalOrphanedGroup(_ identity: ProcessIdentity, _ signal: Int32) -> Bool {
        // No process left in the group: nothing to check.
        if kill(-identity.processGroup, 0) != 0, errno == ESRCH { return false }
        // Another process numbered like the group leads it now: not ours.
        if let holder = ProcStat.read(identity.processGroup), holder.startTime != identity.startTime { return false }
        let members = ProcStat.liveMembers(ofGroup: identity.processGroup).filter { $0.startTime >= identity.startTime }
        guard !members.isEmpty else { return false }
        return kill(-identity.processGroup, signal) == 0
    }

    /// On the reactor thread: the pidfd is readable, the process has exited.
    func pidfdReadable(_ registration: IOReactor.Registration, reactor: IOReactor) {
        let status = reaped.withLock { reaped -> ProcessExit? in
            var status: Int32 = 0
            var result: pid_t
            repeat {
                result = waitpid(identity.pid, &status, WNOHANG)
            } while result < 0 && errno == EINTR
            if result == 0 { return nil }  // not yet: a spurious wake-up
            reaped = true
            return result == identity.pid ? ProcessExit(waitStatus: status) : .unknown
        }
        guard let status else { return }
        reactor.close(registration)
        exit.set(status)
    }

    /// On the reactor thread: one of the captured streams ended.
    func streamEnded() {
        if openStreams.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 { outputEnd.set(()) }
    }

    /// The exit status once it is known, even if the task is cancelled meanwhile.
    func exitIgnoringCancellation() async -> ProcessExit {
        await exit.waitIgnoringCancellation()
    }
}
