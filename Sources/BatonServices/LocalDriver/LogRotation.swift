/// When an instance's log file is rotated and how many old files are kept.
public struct LogRotation: Sendable, Hashable {
    /// The size at which `<instance>.log` is rotated: a line that would take it past this size
    /// goes to a fresh file. Default 10 MiB.
    public var maximumBytes: Int
    /// How many rotated files are kept beside the live one: `.log.1` (the newest) to
    /// `.log.<keptFiles>`. Default 3; 0 keeps none.
    public var keptFiles: Int

    public init(maximumBytes: Int = 10 * 1024 * 1024, keptFiles: Int = 3) {
        self.maximumBytes = max(1, maximumBytes)
        self.keptFiles = max(0, keptFiles)
    }
}
