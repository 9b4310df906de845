import Foundation

/// Where an engine's programs are on this machine.
///
/// PostgreSQL's Debian packages keep the server programs out of `PATH`, one folder per major
/// version (`/usr/lib/postgresql/15/bin`): the newest version there wins, then `PATH`. The other
/// engines are looked up on `PATH` (and `/usr/sbin`, where Debian puts `mysqld`).
public struct DatabaseBinaries: Sendable, Hashable {
    /// The folder the server program was found in; the engine's other tools (`initdb`,
    /// `pg_dump`, `redis-cli` …) are looked up there first, then on the search path.
    public var directory: String
    public var searchPath: [String]

    /// Finds `engine`'s server program.
    /// - Parameters:
    ///   - searchPath: the folders to look in after PostgreSQL's version folders (default: `PATH`
    ///     and the sbin folders).
    ///   - postgresRoot: where PostgreSQL's version folders are.
    /// - Throws: ``ServiceError`` `unavailable` (503) that says what to install.
    public static func locate(
        _ engine: DatabaseEngine, searchPath: [String] = DatabaseBinaries.defaultSearchPath, postgresRoot: String = "/usr/lib/postgresql"
    ) throws(ServiceError) -> DatabaseBinaries {
        var candidates: [String] = []
        if engine == .postgres {
            let versions = (try? FileManager.default.contentsOfDirectory(atPath: postgresRoot)) ?? []
            candidates += versions.sorted { $0.compare($1, options: .numeric) == .orderedDescending }.map { "\(postgresRoot)/\($0)/bin" }
        }
        candidates += searchPath
        guard let directory = candidates.first(where: { FileManager.default.isExecutableFile(atPath: "\($0)/\(engine.serverProgram)") }) else {
            throw ServiceError(
                .unavailable,
                "\(engine.rawValue) is not installed here: no `\(engine.serverProgram)` in \(engine == .postgres ? "\(postgresRoot)/*/bin or " : "")\(searchPath.joined(separator: ":")); \(engine.installHint)")
        }
        return DatabaseBinaries(directory: directory, searchPath: searchPath)
    }

    /// `PATH` with the sbin folders after it.
    public static var defaultSearchPath: [String] {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
        return path + ["/usr/local/sbin", "/usr/sbin", "/sbin"].filter { !path.contains($0) }
    }

    /// The absolute path of one of the engine's programs.
    /// - Throws: `unavailable` naming the program and where it was looked for.
    public func program(_ name: String, engine: DatabaseEngine) throws(ServiceError) -> String {
        guard let found = ([directory] + searchPath).map({ "\($0)/\(name)" }).first(where: FileManager.default.isExecutableFile(atPath:)) else {
            throw ServiceError(.unavailable, "`\(name)` is not installed here (looked in \(directory) and PATH); \(engine.installHint)")
        }
        return found
    }

    /// The server program's absolute path.
    public func server(_ engine: DatabaseEngine) -> String { "\(directory)/\(engine.serverProgram)" }
}
