import BatonWorkflow
import Foundation

extension ServiceFunctions {
    /// `database-deploy`, `database-backup`, `database-restore`.
    static var databaseDefinitions: [(name: String, schema: JSONValue, body: Body)] {
        let service: JSONValue = ["type": "string", "description": "the database service's name", "minLength": 1]
        return [
            ("database-deploy", [
                "type": "object", "required": ["engine"], "additionalProperties": false,
                "description": "Runs a real database or cache server as a service: its data directory initialised once and kept (never deleted by Baton), checked by TCP, restarted always. Output: service, engine, port, url (the connection URL for dependents), data_dir.",
                "properties": [
                    "engine": ["enum": .array(DatabaseEngine.allCases.map { .string($0.rawValue) })],
                    "name": ["type": "string", "minLength": 1, "description": "the service's name; default: the engine's name"],
                    "version": ["type": "string", "description": "a major version that must be installed (postgres: a folder of /usr/lib/postgresql); others: recorded as the service's version"],
                    "port": ["type": "integer", "minimum": 1, "maximum": 65535, "description": "the stable port; default: the engine's usual port"],
                    "storage_gb": ["type": "integer", "minimum": 1, "description": "recorded as a label; the local driver does not enforce it"],
                    "wait": ["type": "boolean", "default": true, "description": "wait until it accepts connections"],
                    "timeout": ["type": ["string", "integer"], "description": "how long to wait; default 120s"],
                ],
            ], { manager, arguments throws(ServiceError) in try await deployDatabase(manager, arguments) }),
            ("database-backup", [
                "type": "object", "required": ["database"], "additionalProperties": false,
                "description": "Backs up a database service made by database-deploy (postgres: pg_dump custom format; redis: redis-cli --rdb) into a timestamped file, then deletes that service's backups there older than retention_days. Output: file, size, removed.",
                "properties": [
                    "database": service,
                    "destination": ["type": "string", "minLength": 1, "description": "a folder; default: <state>/backups/<service>"],
                    "retention_days": ["type": "integer", "minimum": 0, "default": 7],
                ],
            ], { manager, arguments throws(ServiceError) in
                let backups = try await databaseBackups(manager, arguments["database"])
                let destination = arguments["destination"]?.stringValue.map { URL(fileURLWithPath: $0).path } ?? backups.layout.backupDirectory
                let made = try await backups.backUp(into: destination, retentionDays: arguments["retention_days"]?.intValue ?? 7)
                return [
                    "database": .string(backups.service.rawValue), "engine": .string(backups.engine.rawValue), "file": .string(made.file),
                    "size": .integer(made.size), "removed": .array(made.removed.map(JSONValue.string)),
                ]
            }),
            ("database-restore", [
                "type": "object", "required": ["database"], "additionalProperties": false,
                "description": "Restores a backup into a postgres database service (pg_restore --clean: the objects in the backup are replaced). Output: database, file.",
                "properties": [
                    "database": service,
                    "backup": ["type": "string", "minLength": 1, "default": "latest", "description": "`latest` (the newest in the default backup folder), a file name there, or a path"],
                ],
            ], { manager, arguments throws(ServiceError) in
                let backups = try await databaseBackups(manager, arguments["database"])
                let file = try await backups.restore(arguments["backup"]?.stringValue ?? "latest")
                return ["database": .string(backups.service.rawValue), "engine": .string(backups.engine.rawValue), "file": .string(file)]
            }),
        ]
    }

    static func deployDatabase(_ manager: ServiceManager, _ arguments: JSONValue) async throws(ServiceError) -> JSONValue {
        guard let engine = arguments["engine"]?.stringValue.flatMap(DatabaseEngine.init(rawValue:)) else {
            throw ServiceError(.invalid, "with.engine: one of \(DatabaseEngine.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let name = try serviceName(.string(arguments["name"]?.stringValue ?? engine.rawValue))
        let version = arguments["version"]?.stringValue
        var binaries = try DatabaseBinaries.locate(engine)
        if engine == .postgres, let version {
            let folder = "/usr/lib/postgresql/\(version)/bin"
            guard FileManager.default.isExecutableFile(atPath: "\(folder)/postgres") else {
                let installed = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql"))?.sorted() ?? []
                throw ServiceError(
                    .unavailable,
                    "with.version: PostgreSQL \(version) is not installed (installed: \(installed.isEmpty ? "none" : installed.joined(separator: ", "))); `apt-get install postgresql-\(version)` (from apt.postgresql.org when Debian has not got it)")
            }
            binaries.directory = folder
        }
        let port = arguments["port"]?.intValue ?? engine.usualPort
        let layout = DatabaseLayout(service: name, stateDirectory: manager.supervisor.configuration.stateDirectory)
        let provisioner = DatabaseProvisioner(engine: engine, layout: layout, binaries: binaries)
        let initialised = try await provisioner.initialise()
        var document = provisioner.serviceDocument(
            port: port, version: version ?? (engine == .postgres ? URL(fileURLWithPath: binaries.directory).deletingLastPathComponent().lastPathComponent : nil),
            storageGB: arguments["storage_gb"]?.intValue)
        document["name"] = .string(name.rawValue)
        let wait = arguments["wait"]?.boolValue ?? true
        document["wait"] = .bool(wait)
        if let timeout = arguments["timeout"] { document["timeout"] = timeout }
        let status = try await deploy(manager, .object(document))
        if wait { try await provisioner.createDatabaseIfNeeded(port: port) }
        return [
            "service": .string(name.rawValue), "engine": .string(engine.rawValue), "port": .integer(port), "url": .string(try provisioner.url(port: port)),
            "database": .string(provisioner.databaseName), "data_dir": .string(layout.dataDirectory), "initialised": .bool(initialised),
            "status": status["status"] ?? .null,
        ]
    }

    /// What `database-backup` and `database-restore` need of a service made by `database-deploy`,
    /// read from the labels it recorded.
    static func databaseBackups(_ manager: ServiceManager, _ value: JSONValue?) async throws(ServiceError) -> DatabaseBackups {
        let name = try serviceName(value)
        let definition = try await manager.declared(name).definition
        guard let engineText = definition.labels[DatabaseProvisioner.engineLabel], let engine = DatabaseEngine(rawValue: engineText) else {
            throw ServiceError(.invalid, "with.database: `\(name)` was not made by database-deploy (it has no `\(DatabaseProvisioner.engineLabel)` label), so its engine is unknown")
        }
        guard let port = definition.ports.first?.port else { throw ServiceError(.invalid, "with.database: `\(name)` has no port") }
        try manager.requireRunning(name)
        let layout = DatabaseLayout(service: name, stateDirectory: manager.supervisor.configuration.stateDirectory)
        return DatabaseBackups(
            service: name, engine: engine, port: port, databaseName: definition.labels[DatabaseProvisioner.databaseLabel] ?? name.rawValue,
            layout: layout, binaries: try DatabaseBinaries.locate(engine))
    }
}
