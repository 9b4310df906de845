/// A process to start: the program, its arguments, its whole environment and what to write to
/// its standard input. Built by `LocalProcessHandler` from a `run` task, performed by
/// `ProcessRunner`.
struct ProcessLaunch: Sendable, Hashable {
    /// The absolute path of the program.
    var executable: String
    /// The arguments after `argv[0]` (which is the executable's path).
    var arguments: [String]
    /// The child's entire environment: nothing else is inherited.
    var environment: [String: String]
    /// Bytes written to the child's standard input, which is then closed; `nil` gives it an
    /// empty standard input.
    var standardInput: [UInt8]?

    init(executable: String, arguments: [String], environment: [String: String], standardInput: [UInt8]? = nil) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.standardInput = standardInput
    }

    /// The program's name, for messages: `sh`, `python3`, `docker`.
    var programName: String {
        executable.split(separator: "/").last.map(String.init) ?? executable
    }
}
