import Foundation

/// Backups of a database service, made and restored by the engine's own tools: PostgreSQL's
/// `pg_dump` in its custom format (restored by `pg_restore --clean`), Redis's `redis-cli --rdb`.
/// Files are named `<service>-<UTC time>.<dump|rdb>`, so that the newest sorts last and one
/// service's backups are told from another's in a shared folder.
struct DatabaseBackups: Sendable {
    var service: ServiceName
    var engine: DatabaseEngine
    var port: Int
    var databaseName: String
    var layout: DatabaseLayout
    var binaries: DatabaseBinaries

    struct Made: Sendable {
        var file: String
        var size: Int
        var removed: [String]
    }

    var fileExtension: String { engine == .redis ? "rdb" : "dump" }

    /// Writes a backup into `directory`, then deletes this service's backups there older than
    /// `retentionDays` days (never the one just made).
    func backUp(into directory: String, retentionDays: Int, now: Date = Date()) async throws(ServiceError) -> Made {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ServiceError(.failed, "cannot create the backup folder \(directory): \(error)")
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let file = "\(directory)/\(service.rawValue)-\(formatter.string(from: now)).\(fileExtension)"
        switch engine {
        case .postgres:
            try await DatabaseTool(
                executable: try binaries.program("pg_dump", engine: engine),
                arguments: ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-Fc", "-f", file, databaseName],
                environment: ["PGPASSWORD": try password()]
            ).run(what: "pg_dump of \(service)")
        case .redis:
            try await DatabaseTool(
                executable: try binaries.program("redis-cli", engine: engine), arguments: ["-h", "127.0.0.1", "-p", String(port), "--rdb", file]
            ).run(what: "redis-cli --rdb of \(service)")
        case .mysql, .mongodb, .memcached:
            throw ServiceError(.invalid, "database-backup is not supported yet for \(engine.rawValue) (service `\(service)`): it backs up postgres and redis")
        }
        let size = ((try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? NSNumber)?.intValue ?? 0
        let cutoff = now.addingTimeInterval(-Double(retentionDays) * 86_400)
        var removed: [String] = []
        for old in backups(in: directory) where old != file {
            let modified = (try? FileManager.default.attributesOfItem(atPath: old))?[.modificationDate] as? Date
            if let modified, modified < cutoff, (try? FileManager.default.removeItem(atPath: old)) != nil { removed.append(old) }
        }
        return Made(file: file, size: size, removed: removed)
    }

    /// Restores `backup` (`latest`: the newest of the default backup folder; a file name there; or
    /// a path) into the service's database, replacing the objects the backup holds.
    /// - Returns: the file restored.
    func restore(_ backup: String) async throws(ServiceError) -> String {
        let file: String
        if backup == "latest" {
            guard let newest = backups(in: layout.backupDirectory).last else {
                throw ServiceError(.notFound, "no backup of `\(service)` in \(layout.backupDirectory): make one with database-backup, or give `backup` a file")
            }
            file = newest
        } else {
            file = backup.hasPrefix("/") ? backup : "\(layout.backupDirectory)/\(backup)"
        }
        guard FileManager.default.fileExists(atPath: file) else {
            throw ServiceError(.notFound, "backup: no file \(file); `latest` takes the newest of \(layout.backupDirectory)")
        }
        switch engine {
        case .postgres:
            try await DatabaseTool(
                executable: try binaries.program("pg_restore", engine: engine),
                arguments: ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", databaseName, "--clean", "--if-exists", "--no-owner", file],
                environment: ["PGPASSWORD": try password()]
            ).run(what: "pg_restore of \(file) into \(service)")
        case .redis, .mysql, .mongodb, .memcached:
            throw ServiceError(.invalid, "database-restore is not supported yet for \(engine.rawValue) (service `\(service)`): it restores postgres")
        }
        return file
    }

    /// This service's backups in `directory`, oldest first.
    func backups(in directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { name in
            name.hasPrefix("\(service.rawValue)-") && name.hasSuffix(".\(fileExtension)")
                && name.dropFirst(service.rawValue.count + 1).first?.isNumber == true
        }.sorted().map { "\(directory)/\($0)" }
    }

    private func password() throws(ServiceError) -> String {
        guard let text = try? String(contentsOfFile: layout.passwordFile, encoding: .utf8) else {
            throw ServiceError(.failed, "cannot read the password of `\(service)` from \(layout.passwordFile)")
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
