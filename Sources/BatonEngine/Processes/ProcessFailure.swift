/// Why `ProcessRunner` could not run a process to its end. `LocalProcessHandler` turns each
/// into a `WorkflowFault`.
enum ProcessFailure: Error, Sendable, Hashable {
    /// One of the output streams went past the limit; the process was stopped.
    case outputLimitExceeded(stream: OutputStream, limit: Int)
    /// The program could not be started (not found, not executable, no resources).
    case launchFailed(program: String, reason: String)
    /// The Swift task was cancelled; the process and its group were stopped.
    case cancelled
    /// Reading or writing the process's pipes failed.
    case inputOutput(String)

    /// A standard stream of a process.
    enum OutputStream: String, Sendable, Hashable {
        case stdout, stderr
    }
}
