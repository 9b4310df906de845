#if canImport(Glibc)
import Glibc
#endif

/// Why an instance's log could not be written or read.
public struct InstanceLogError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem it is; more may be added.
    public struct Code: Sendable, Hashable {
        private enum Value: Hashable { case invalidInstanceName, fileSystem, invalidPattern }
        private let value: Value

        /// The instance's name cannot be a file name.
        public static let invalidInstanceName = Code(value: .invalidInstanceName)
        /// The log directory or a log file could not be created, opened, written or read.
        public static let fileSystem = Code(value: .fileSystem)
        /// A `grep` regular expression does not compile.
        public static let invalidPattern = Code(value: .invalidPattern)
    }

    public let code: Code
    /// What went wrong, where, and what to do.
    public let description: String

    static func invalidInstanceName(_ name: String) -> Self {
        Self(code: .invalidInstanceName, description: "“\(name)” cannot name a log file: use a non-empty name without `/`, not `.` or `..`")
    }

    static func fileSystem(_ path: String, _ what: String, _ error: SystemCallError) -> Self {
        fileSystem(path, what, reason: String(cString: strerror(error.errno)))
    }

    static func fileSystem(_ path: String, _ what: String, reason: String) -> Self {
        Self(code: .fileSystem, description: "cannot \(what) \(path): \(reason); check the path and its permissions")
    }

    static func invalidPattern(_ pattern: String, _ reason: String) -> Self {
        Self(code: .invalidPattern, description: "grep pattern “\(pattern)” is not a valid regular expression: \(reason)")
    }
}
