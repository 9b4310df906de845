/// How a process ended and what it wrote.
struct ProcessOutcome: Sendable, Hashable {
    /// The exit status; for a process killed by a signal, 128 plus the signal's number, as
    /// shells report it.
    var code: Int
    /// The signal that killed the process, if one did.
    var signal: Int32?
    var standardOutput: [UInt8]
    var standardError: [UInt8]

    init(code: Int, signal: Int32? = nil, standardOutput: [UInt8] = [], standardError: [UInt8] = []) {
        self.code = code
        self.signal = signal
        self.standardOutput = standardOutput
        self.standardError = standardError
    }
}
