#if canImport(Glibc)
import Glibc
#endif

/// Why a process could not be started, in words a user can act on.
public struct ProcessLaunchError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem it is; more may be added.
    public struct Code: Sendable, Hashable {
        private enum Value: Hashable {
            case executableNotFound, notExecutable, workingDirectoryMissing, invalidRequest, execFailed, resources
        }

        private let value: Value

        /// No file by that name, at that path or in the search directories.
        public static let executableNotFound = Code(value: .executableNotFound)
        /// The file is there but cannot be executed (permissions, a directory).
        public static let notExecutable = Code(value: .notExecutable)
        /// The working directory does not exist or is not a directory.
        public static let workingDirectoryMissing = Code(value: .workingDirectoryMissing)
        /// An argument or environment entry cannot be passed to a process (a NUL, `=` in a name).
        public static let invalidRequest = Code(value: .invalidRequest)
        /// `execve` or `chdir` failed in the child (the format is unknown, the interpreter of a
        /// script is missing, access denied).
        public static let execFailed = Code(value: .execFailed)
        /// The system is out of processes, descriptors or memory: trying again later may work.
        public static let resources = Code(value: .resources)
    }

    public let code: Code
    /// The program as the request named it.
    public let program: String
    public let description: String

    /// Whether trying again, unchanged, may succeed.
    public var isRetryable: Bool { code == .resources }

    static func executableNotFound(_ program: String, lookedIn directories: [String], notExecutable: String?) -> Self {
        var message = "cannot start `\(program)`: no such file (looked in: \(directories.isEmpty ? "no directories" : directories.joined(separator: ", ")))"
        if let notExecutable { message += "; \(notExecutable) exists but is not executable" }
        message += "; install it, add its directory to PATH, or give its path"
        return Self(code: .executableNotFound, program: program, description: message)
    }

    static func noSuchFile(_ program: String, path: String) -> Self {
        Self(code: .executableNotFound, program: program, description: "cannot start `\(program)`: no such file \(path); check the path (it is relative to the working directory)")
    }

    static func notExecutable(_ program: String, path: String, reason: String) -> Self {
        Self(code: .notExecutable, program: program, description: "cannot start `\(program)`: \(path) \(reason)")
    }

    static func workingDirectoryMissing(_ program: String, directory: String, reason: String) -> Self {
        Self(code: .workingDirectoryMissing, program: program, description: "cannot start `\(program)`: working directory \(directory) \(reason); create it or fix the service's working directory")
    }

    static func invalidRequest(_ program: String, _ problem: String) -> Self {
        Self(code: .invalidRequest, program: program, description: "cannot start `\(program)`: \(problem)")
    }

    static func execFailed(_ program: String, path: String, errno: Int32) -> Self {
        var message = "cannot start `\(program)` (\(path)): \(String(cString: strerror(errno)))"
        switch errno {
        case ENOENT: message += "; if it is a script, its interpreter (the #! line) is missing"
        case ENOEXEC: message += "; it is not a program for this system, or a script without a #! line"
        case EACCES: message += "; check its permissions and those of its directories"
        default: break
        }
        return Self(code: .execFailed, program: program, description: message)
    }

    static func chdirFailed(_ program: String, directory: String, errno: Int32) -> Self {
        Self(code: .workingDirectoryMissing, program: program, description: "cannot start `\(program)`: cannot enter working directory \(directory): \(String(cString: strerror(errno)))")
    }

    static func resources(_ program: String, _ what: String, _ error: SystemCallError) -> Self {
        Self(code: .resources, program: program, description: "cannot start `\(program)`: \(what) failed (\(error)); the system is short of processes, descriptors or memory — retry later")
    }
}
