import Foundation

/// Where a database service keeps its files, under the supervisor's state directory beside the
/// logs: `<state>/databases/<service>/data` (the engine's data directory), the generated password
/// beside it, and `<state>/backups/<service>/` for backups. Baton creates these folders and never
/// deletes them: removing the service keeps its data, and deploying it again finds it.
public struct DatabaseLayout: Sendable, Hashable {
    public var service: ServiceName
    public var stateDirectory: String

    public init(service: ServiceName, stateDirectory: String) {
        self.service = service
        self.stateDirectory = stateDirectory
    }

    /// `<state>/databases/<service>`: what the server's user owns.
    public var root: String { "\(stateDirectory)/databases/\(service.rawValue)" }
    /// The engine's data directory.
    public var dataDirectory: String { "\(root)/data" }
    /// The generated password of the engine's administrator (PostgreSQL), mode 0600.
    public var passwordFile: String { "\(root)/password" }
    /// Where `database-backup` writes by default.
    public var backupDirectory: String { "\(stateDirectory)/backups/\(service.rawValue)" }
}
