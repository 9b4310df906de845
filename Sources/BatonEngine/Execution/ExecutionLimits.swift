/// Bounds on what one task may produce, so that a runaway process or a huge response cannot
/// exhaust the engine's memory.
public struct ExecutionLimits: Sendable, Hashable {
    /// The most bytes kept from a process's standard output or error, or an HTTP response body.
    /// Past it the task fails with a clear error. Default: 10 MB.
    public var maximumOutputBytes: Int

    public init(maximumOutputBytes: Int = 10_000_000) {
        self.maximumOutputBytes = maximumOutputBytes
    }
}
