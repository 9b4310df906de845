import BatonWorkflow
import Foundation

/// Makes a database engine's server a service: initialises its data directory once (kept across
/// restarts and redeployments), and writes the service definition that runs the real server on
/// the instance's `$PORT`, bound to 127.0.0.1, checked by TCP, restarted always.
///
/// When Baton runs as root the server runs as the engine's own user (`postgres`, `redis` …,
/// through `setpriv`), which owns the data directory: PostgreSQL refuses to run as root.
///
/// PostgreSQL gets a generated password for its `postgres` user (scram-sha-256 over TCP; no Unix
/// socket, whose path would pass the 107-byte limit under deep state directories): it is kept in
/// `<data root>/password` (0600) and given only inside `url`, the connection URL dependents get.
/// The other engines listen on 127.0.0.1 without a password.
struct DatabaseProvisioner: Sendable {
    var engine: DatabaseEngine
    var layout: DatabaseLayout
    var binaries: DatabaseBinaries
    /// The database created inside the server (PostgreSQL, MySQL, MongoDB): the service's name
    /// with `-` as `_`, so that clients need no quoting.
    var databaseName: String { layout.service.rawValue.replacingOccurrences(of: "-", with: "_") }

    /// The label names recorded on the definition, which the backup and restore functions read.
    static let engineLabel = "baton.engine"
    static let databaseLabel = "baton.database"
    static let dataLabel = "baton.data_dir"
    static let storageLabel = "baton.storage_gb"

    /// Creates and initialises the data directory unless it is initialised already.
    /// - Returns: whether it was initialised now.
    func initialise() async throws(ServiceError) -> Bool {
        try makeDirectory(layout.root, mode: 0o755)
        try await requireReachable()
        switch engine {
        case .postgres:
            guard !FileManager.default.fileExists(atPath: "\(layout.dataDirectory)/PG_VERSION") else { return false }
            try makeDirectory(layout.dataDirectory, mode: 0o700)
            _ = try readOrCreatePassword()
            try await DatabaseTool(
                executable: try binaries.program("initdb", engine: engine),
                arguments: [
                    "-D", layout.dataDirectory, "-U", "postgres", "--pwfile=\(layout.passwordFile)", "--auth-local=trust", "--auth-host=scram-sha-256",
                    "-E", "UTF8", "--locale=C.UTF-8",
                ],
                user: engine.serviceUser
            ).run(what: "initialising the PostgreSQL data directory \(layout.dataDirectory)")
            // Single-user mode creates the database before any server listens.
            try await DatabaseTool(
                executable: binaries.server(engine), arguments: ["--single", "-D", layout.dataDirectory, "postgres"],
                user: engine.serviceUser, input: "CREATE DATABASE \(databaseName);\n"
            ).run(what: "creating the database \(databaseName)")
            return true
        case .mysql:
            guard !FileManager.default.fileExists(atPath: "\(layout.dataDirectory)/mysql") else { return false }
            try makeDirectory(layout.dataDirectory, mode: 0o750)
            let user = DatabaseUser.isRoot ? ["--user=mysql"] : []
            if let installer = try? binaries.program("mariadb-install-db", engine: engine) {
                try await DatabaseTool(executable: installer, arguments: ["--datadir=\(layout.dataDirectory)", "--auth-root-authentication-method=normal"] + user)
                    .run(what: "initialising the MariaDB data directory \(layout.dataDirectory)")
            } else {
                try await DatabaseTool(executable: binaries.server(engine), arguments: ["--initialize-insecure", "--datadir=\(layout.dataDirectory)"] + user)
                    .run(what: "initialising the MySQL data directory \(layout.dataDirectory)")
            }
            return true
        case .mongodb, .redis, .memcached:
            guard !FileManager.default.fileExists(atPath: layout.dataDirectory) else { return false }
            try makeDirectory(layout.dataDirectory, mode: 0o750)
            return true
        }
    }

    /// The `with` of `service-deploy` that runs the server (a service file's keys).
    func serviceDocument(port: Int, version: String?, storageGB: Int?) -> [String: JSONValue] {
        let data = layout.dataDirectory
        var server: [String]
        var stopSignal = "SIGTERM"
        switch engine {
        case .postgres:
            server = [binaries.server(engine), "-D", data, "-p", "$PORT", "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="]
            // SIGTERM is PostgreSQL's "smart" shutdown, which waits for every client to leave.
            stopSignal = "SIGINT"
        case .mysql:
            server = [
                binaries.server(engine), "--datadir=\(data)", "--port=$PORT", "--bind-address=127.0.0.1", "--socket=\(layout.root)/mysqld.sock",
                "--pid-file=\(layout.root)/mysqld.pid",
            ] + (DatabaseUser.isRoot ? ["--user=mysql"] : [])
        case .mongodb:
            server = [binaries.server(engine), "--dbpath", data, "--port", "$PORT", "--bind_ip", "127.0.0.1", "--nounixsocket"]
        case .redis:
            server = [binaries.server(engine), "--port", "$PORT", "--bind", "127.0.0.1", "--dir", data, "--save", "60 1", "--daemonize", "no"]
        case .memcached:
            server = [binaries.server(engine), "-p", "$PORT", "-l", "127.0.0.1", "-U", "0"]
        }
        if engine != .mysql, let user = engine.serviceUser, DatabaseUser.isRoot {
            server = [DatabaseUser.setpriv] + DatabaseUser.setprivArguments(user) + server
        }
        // The port is the instance's, known only when it starts: a shell puts it in, then
        // becomes the server (`exec`), so that the supervisor's signals reach the server itself.
        let script = "exec " + server.map { $0 == "$PORT" ? "\"$PORT\"" : Self.quoted($0) }.joined(separator: " ")
        var labels: [String: JSONValue] = [
            Self.engineLabel: .string(engine.rawValue), Self.dataLabel: .string(data), Self.databaseLabel: .string(databaseName),
        ]
        if let storageGB { labels[Self.storageLabel] = .string(String(storageGB)) }
        var document: [String: JSONValue] = [
            "command": .array(["sh", "-c", .string(script)]), "port": .integer(port), "working_dir": .string(layout.root),
            "healthcheck": ["tcp": true, "interval": "1s", "timeout": "1s", "retries": 3, "start_period": "60s"],
            "restart": "always", "stop_signal": .string(stopSignal), "stop_grace_period": "30s", "labels": .object(labels),
        ]
        if let version { document["version"] = .string(version) }
        return document
    }

    /// When Baton is root the server's user must reach the data root through every parent
    /// folder: a state directory under `/root` (mode 0700) is closed to it, and the server
    /// would fail at start with a bare "permission denied".
    private func requireReachable() async throws(ServiceError) {
        guard DatabaseUser.isRoot, let user = engine.serviceUser else { return }
        let check = try await DatabaseTool(executable: "/usr/bin/test", arguments: ["-w", layout.root], user: user).runAllowingFailure()
        guard check.code == 0 else {
            throw ServiceError(
                .invalid,
                "the \(engine.rawValue) server runs as `\(user)` (Baton is root), which cannot reach \(layout.root): a parent folder is closed to it (a folder under /root, mode 0700?); start `baton serve` with --services-dir in a folder others can enter, or open the parents (chmod o+x)")
        }
    }

    /// The URL dependents connect with (the only place the password appears).
    func url(port: Int) throws(ServiceError) -> String {
        let password = try engine == .postgres ? readOrCreatePassword() : ""
        return switch engine {
        case .postgres: "postgres://postgres:\(password)@127.0.0.1:\(port)/\(databaseName)"
        case .mysql: "mysql://root@127.0.0.1:\(port)/\(databaseName)"
        case .mongodb: "mongodb://127.0.0.1:\(port)/\(databaseName)"
        case .redis: "redis://127.0.0.1:\(port)/0"
        case .memcached: "memcached://127.0.0.1:\(port)"
        }
    }

    /// Creates the database inside a running MySQL server (PostgreSQL's is made at initialisation;
    /// MongoDB creates one on first write).
    func createDatabaseIfNeeded(port: Int) async throws(ServiceError) {
        guard engine == .mysql else { return }
        try await DatabaseTool(
            executable: try binaries.program("mysql", engine: engine),
            arguments: ["-h", "127.0.0.1", "-P", String(port), "-u", "root", "-e", "CREATE DATABASE IF NOT EXISTS \(databaseName)"]
        ).run(what: "creating the database \(databaseName)")
    }

    /// The administrator's password: read from the data root, or generated (32 hex digits) and
    /// written there with mode 0600, owned by the server's user.
    func readOrCreatePassword() throws(ServiceError) -> String {
        if let text = try? String(contentsOfFile: layout.passwordFile, encoding: .utf8), !text.isEmpty {
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        var generator = SystemRandomNumberGenerator()
        let password = (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        guard FileManager.default.createFile(atPath: layout.passwordFile, contents: Data((password + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
            throw ServiceError(.failed, "cannot write the database password to \(layout.passwordFile)")
        }
        if let user = engine.serviceUser { try DatabaseUser.give(layout.passwordFile, to: user) }
        return password
    }

    private func makeDirectory(_ path: String, mode: Int) throws(ServiceError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        } catch {
            throw ServiceError(.failed, "cannot create \(path): \(error)")
        }
        if let user = engine.serviceUser { try DatabaseUser.give(path, to: user) }
    }

    /// `text` as one word for `sh`.
    static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }
}
