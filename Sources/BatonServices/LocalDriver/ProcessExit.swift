#if canImport(Glibc)
import Glibc
#endif

/// How a supervised process ended.
public enum ProcessExit: Sendable, Hashable, CustomStringConvertible {
    /// It called `exit` (or returned from `main`) with this code.
    case exited(Int32)
    /// A signal ended it (`SIGKILL` after a stop's grace period, a crash's `SIGSEGV`).
    case signaled(Int32)
    /// It ended, but its status was collected by someone else in Baton's process (something
    /// called `waitpid(-1)`, or `SIGCHLD` is ignored), so how it ended is not known.
    case unknown

    /// Decodes a `waitpid` status.
    init(waitStatus status: Int32) {
        let signal = status & 0x7f
        if signal == 0 {
            self = .exited((status >> 8) & 0xff)
        } else {
            self = .signaled(signal)
        }
    }

    public var description: String {
        switch self {
        case .exited(let code): "exited with code \(code)"
        case .signaled(let signal): "killed by \(Self.signalName(signal))"
        case .unknown: "ended (its status was collected elsewhere)"
        }
    }

    /// `SIGTERM` rather than 15, for messages.
    static func signalName(_ signal: Int32) -> String {
        let names: [Int32: String] = [
            SIGHUP: "SIGHUP", SIGINT: "SIGINT", SIGQUIT: "SIGQUIT", SIGILL: "SIGILL", SIGABRT: "SIGABRT", SIGBUS: "SIGBUS",
            SIGFPE: "SIGFPE", SIGKILL: "SIGKILL", SIGUSR1: "SIGUSR1", SIGSEGV: "SIGSEGV", SIGUSR2: "SIGUSR2", SIGPIPE: "SIGPIPE",
            SIGALRM: "SIGALRM", SIGTERM: "SIGTERM",
        ]
        return names[signal] ?? "signal \(signal)"
    }
}
