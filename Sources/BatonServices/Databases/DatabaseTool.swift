import Foundation

#if canImport(Glibc)
import Glibc
#endif
import Subprocess
import SystemPackage

/// One run of a database's own tool (`initdb`, `pg_dump`, `redis-cli` …) to its end: its exit
/// code and output. Database work is done by these tools, never re-implemented, so that a backup
/// is what the engine's documentation says it is.
struct DatabaseTool: Sendable {
    var executable: String
    var arguments: [String]
    /// Added to Baton's own environment (a password goes here, never on the command line where
    /// `ps` shows it).
    var environment: [String: String] = [:]
    /// Run as this user (through `setpriv`) when Baton runs as root: PostgreSQL refuses to run as root.
    var user: String?
    var input: String?

    struct Result: Sendable {
        var code: Int32
        var output: String
        var errors: String
    }

    /// Runs the tool; a non-zero exit is a ``ServiceError`` (`failed`) that quotes its error output.
    @discardableResult
    func run(what: String) async throws(ServiceError) -> Result {
        let result = try await runAllowingFailure()
        guard result.code == 0 else {
            let errors = result.errors.trimmingCharacters(in: .whitespacesAndNewlines)
            throw ServiceError(.failed, "\(what) failed: `\(commandLine)` exited with status \(result.code)" + (errors.isEmpty ? "" : ": \(errors.suffix(2000))"))
        }
        return result
    }

    /// The command as shown in errors (without the environment, which may hold a password).
    var commandLine: String { ([executable] + arguments).joined(separator: " ") }

    func runAllowingFailure() async throws(ServiceError) -> Result {
        var program = executable
        var words = arguments
        if let user, DatabaseUser.isRoot {
            program = DatabaseUser.setpriv
            words = DatabaseUser.setprivArguments(user) + [executable] + arguments
        }
        var variables: [Environment.Key: String?] = [:]
        for (key, value) in environment { variables[Environment.Key(rawValue: key)!] = value }
        do {
            let result = try await Subprocess.run(
                .path(FilePath(program)), arguments: Arguments(words), environment: .inherit.updating(variables),
                input: .string(input ?? ""), output: .string(limit: 16 << 20), error: .string(limit: 1 << 20))
            let code: Int32
            switch result.terminationStatus {
            case .exited(let value): code = Int32(value)
            case .signaled(let value): code = 128 + Int32(value)
            }
            return Result(code: code, output: result.standardOutput, errors: result.standardError)
        } catch {
            throw ServiceError(.failed, "cannot run `\(program)`: \(error)")
        }
    }
}

/// The user a database server runs as when Baton is root, and how to become it.
enum DatabaseUser {
    static var isRoot: Bool { geteuid() == 0 }
    static let setpriv = "/usr/bin/setpriv"

    /// `setpriv` changes user and groups and then execs the program (no extra process between
    /// the supervisor and the server, so signals reach the server itself).
    static func setprivArguments(_ user: String) -> [String] {
        ["--reuid=\(user)", "--regid=\(user)", "--init-groups", "--"]
    }

    /// Gives `path` to `user` (the data directory of a server that runs as that user).
    static func give(_ path: String, to user: String) throws(ServiceError) {
        guard isRoot else { return }
        guard let entry = getpwnam(user) else {
            throw ServiceError(.invalid, "Baton runs as root and the database server must not: the user `\(user)` it runs as does not exist (installing the engine's Debian package creates it)")
        }
        let uid = entry.pointee.pw_uid, gid = entry.pointee.pw_gid
        guard chown(path, uid, gid) == 0 else {
            throw ServiceError(.failed, "cannot give \(path) to `\(user)`: \(String(cString: strerror(errno)))")
        }
    }
}
