import BatonEngine
import BatonRuntime
import BatonServices
import BatonStore
import BatonTesting
import BatonWorkflow
import Foundation
import Testing

/// The database, diagnosis, audit and load functions in workflows, against real servers: a
/// PostgreSQL started by `database-deploy`, crash-looping and healthy `baton-demo`s.
@Suite("Database, diagnosis, audit and load functions in workflows", .serialized)
struct DatabaseFunctionWorkflowTests {
    static let postgres = try? DatabaseBinaries.locate(.postgres)

    /// Whether nothing answers on 127.0.0.1:5432, where deploy-web-app puts its database (a
    /// machine's own PostgreSQL cluster often listens there): `pg_isready` says "no response".
    static let usualPostgresPortIsFree: Bool = {
        guard let program = try? postgres?.program("pg_isready", engine: .postgres) else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = ["-h", "127.0.0.1", "-p", "5432", "-t", "2"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 2
    }()

    static func call(_ function: String, _ with: JSONValue, on harness: ServiceHarness) async throws -> StoredRun {
        let workflow: JSONValue = [
            "document": ["dsl": "1.0.3", "namespace": "test", "name": .string("call-\(UUID().uuidString.prefix(8).lowercased())"), "version": "1.0.0"],
            "do": [["step": ["call": .string("\(function):1.0.0@default"), "with": with]]],
        ]
        return try await ServiceFunctionWorkflowTests.run(workflow.jsonText(), on: harness)
    }

    /// Runs `psql` against `url`; its output without padding.
    static func psql(_ url: String, _ sql: String) async throws -> String {
        let psql = try #require(try postgres?.program("psql", engine: .postgres))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: psql)
        process.arguments = [url, "-v", "ON_ERROR_STOP=1", "-tAc", sql]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let text = output.fileHandleForReading.readDataToEndOfFile()
        let problems = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "psql: \(String(decoding: problems, as: UTF8.self))")
        return String(decoding: text, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("a real PostgreSQL: deployed, a table made with psql, backed up, dropped, restored, the row back", .enabled(if: postgres != nil, "PostgreSQL is not installed (apt-get install postgresql)"))
    func postgresRoundTrip() async throws {
        try await ServiceHarness.withServices { harness, _ in
            let port = try TestPorts.free()
            let deployed = try await Self.call("database-deploy", ["engine": "postgres", "name": "orders-db", "port": .integer(port)], on: harness)
            #expect(deployed.status == .completed, "\(String(describing: deployed.error))")
            let output = try #require(deployed.output)
            #expect(output["service"] == "orders-db" && output["engine"] == "postgres" && output["port"] == .integer(port))
            let url = try #require(output["url"]?.stringValue)
            #expect(url.hasPrefix("postgres://postgres:") && url.hasSuffix("@127.0.0.1:\(port)/orders_db"), "\(url)")
            let dataDirectory = try #require(output["data_dir"]?.stringValue)
            #expect(FileManager.default.fileExists(atPath: "\(dataDirectory)/PG_VERSION"))
            // The password is in the URL only.
            let password = String(url.dropFirst("postgres://postgres:".count).prefix { $0 != "@" })
            var others = output.objectValue ?? [:]
            others["url"] = nil
            #expect(!JSONValue.object(others).jsonText().contains(password))
            let definition = try await harness.manager.declared(try ServiceName("orders-db")).definition
            #expect(definition.labels["baton.engine"] == "postgres")
            #expect(!definition.documentValue.jsonText().contains(password), "the password is not in the service's definition")

            _ = try await Self.psql(url, "CREATE TABLE items (id int, name text); INSERT INTO items VALUES (1, 'kept')")
            let backup = try await Self.call("database-backup", ["database": "orders-db", "retention_days": 7], on: harness)
            #expect(backup.status == .completed, "\(String(describing: backup.error))")
            let file = try #require(backup.output?["file"]?.stringValue)
            #expect(file.hasSuffix(".dump") && (backup.output?["size"]?.intValue ?? 0) > 0)
            #expect(try Data(contentsOf: URL(fileURLWithPath: file)).prefix(5) == Data("PGDMP".utf8), "pg_dump's custom format")

            _ = try await Self.psql(url, "DROP TABLE items")
            let restored = try await Self.call("database-restore", ["database": "orders-db", "backup": "latest"], on: harness)
            #expect(restored.status == .completed, "\(String(describing: restored.error))")
            #expect(restored.output?["file"] == .string(file))
            #expect(try await Self.psql(url, "SELECT name FROM items WHERE id = 1") == "kept")

            // Deploying it again keeps the data.
            let again = try await Self.call("database-deploy", ["engine": "postgres", "name": "orders-db", "port": .integer(port)], on: harness)
            #expect(again.status == .completed && again.output?["initialised"] == false && again.output?["url"] == .string(url), "\(String(describing: again.error))")
            #expect(try await Self.psql(url, "SELECT count(*) FROM items") == "1")
        }
    }

    @Test(
        "deploy-web-app with a postgres database: the app is healthy with DATABASE_URL pointing at a working PostgreSQL",
        .enabled(if: postgres != nil, "PostgreSQL is not installed (apt-get install postgresql)"),
        .enabled(if: usualPostgresPortIsFree, "something listens on 127.0.0.1:5432, where deploy-web-app puts its database"))
    func webAppWithDatabase() async throws {
        let template = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("templates/deploy-web-app.yaml")
        try await ServiceHarness.withServices { harness, _ in
            let input: JSONValue = [
                "name": "shop", "command": "baton-demo serve --role web", "port": .integer(try TestPorts.free()), "replicas": 1, "health_path": "/health",
                "env": [:], "database": "postgres", "cache": "none",
            ]
            let source = try String(contentsOf: template, encoding: .utf8)
            let run = try await ServiceFunctionWorkflowTests.run(source, input: input, on: harness)
            #expect(run.status == .completed, "\(String(describing: run.error))")
            #expect(run.output?["status"] == "healthy" && run.output?["database"]?["engine"] == "postgres", "\(String(describing: run.output))")
            #expect(run.output?.jsonText().contains("postgres://") == false, "the output names no password")
            let app = try await harness.manager.declared(try ServiceName("shop")).definition
            #expect(app.dependsOn[try ServiceName("shop-db")] != nil)
            let url = try #require(app.environment["DATABASE_URL"])
            #expect(try await Self.psql(url, "SELECT 40 + 2") == "42")
        }
    }

    @Test("an engine that is not installed faults with service-unavailable (503) and what to install")
    func missingEngine() async throws {
        let engine = DatabaseEngine.allCases.first { (try? DatabaseBinaries.locate($0)) == nil }
        try await ServiceHarness.withServices { harness, _ in
            let missing = try #require(engine, "every engine is installed here")
            let run = try await Self.call("database-deploy", ["engine": .string(missing.rawValue)], on: harness)
            #expect(run.status == .faulted)
            #expect(run.error?.type == "https://baton.dev/errors/service-unavailable" && run.error?.status == 503)
            #expect(run.error?.detail?.contains(missing.installHint) == true, "\(String(describing: run.error?.detail))")
            #expect(try await harness.manager.status().isEmpty, "nothing is defined")
        }
    }

    @Test("diagnose a crash-looping baton-demo: the restart finding and its error lines")
    func diagnoseCrashLoop() async throws {
        try await ServiceHarness.withServices { harness, _ in
            let deployed = try await Self.call(
                "service-deploy",
                [
                    "name": "crashy", "command": "baton-demo serve --role web", "port": .integer(try TestPorts.free()), "health_path": "/health",
                    "env": ["FAULTS": #"{"crash":true}"#], "restart": ["policy": "always", "backoff": ["initial": "100ms", "max": "200ms"]],
                    "wait": false,
                ], on: harness)
            #expect(deployed.status == .completed, "\(String(describing: deployed.error))")
            try await eventually("it restarts twice") {
                (try await harness.manager.status(try ServiceName("crashy")).instances.first?.restarts ?? 0) >= 2
            }
            let run = try await Self.call("service-diagnose", ["service": "crashy", "since": 600], on: harness)
            #expect(run.status == .completed, "\(String(describing: run.error))")
            let findings = run.output?["findings"]?.arrayValue?.compactMap { $0["message"]?.stringValue } ?? []
            #expect(findings.contains { $0.hasPrefix("instance crashy-1 restarted") && $0.contains("code 3") }, "\(findings)")
            let lines = run.output?["error_lines"]?.arrayValue?.compactMap { $0["text"]?.stringValue } ?? []
            #expect(lines.contains { $0.contains("crash fault switched on") }, "\(lines)")
            #expect(run.output?["not_checked"]?.arrayValue?.isEmpty == false)
        }
    }

    @Test("audit a deployed service with a published port and a secret in its environment")
    func audit() async throws {
        try await ServiceHarness.withServices { harness, _ in
            let port = try TestPorts.free()
            let deployed = try await Self.call(
                "service-deploy",
                [
                    "name": "leaky", "command": "baton-demo serve --role web", "ports": [.string("0.0.0.0:\(port)")], "health_path": "/health",
                    "env": ["STRIPE_SECRET_KEY": "sk_live_123"],
                ], on: harness)
            #expect(deployed.status == .completed, "\(String(describing: deployed.error))")
            let run = try await Self.call("service-audit", ["scope": "leaky"], on: harness)
            #expect(run.status == .completed, "\(String(describing: run.error))")
            let fields = run.output?["findings"]?.arrayValue?.compactMap { $0["field"]?.stringValue } ?? []
            #expect(fields.contains("ports[0]") && fields.contains("environment.STRIPE_SECRET_KEY") && fields.contains("resources"), "\(fields)")
            #expect(run.output?["findings"]?.arrayValue?.first?["severity"] == "high")
            let unknown = try await Self.call("service-audit", ["scope": "nowhere"], on: harness)
            #expect(unknown.error?.status == 404)
        }
    }

    @Test("http-load against a baton-demo by its service name: every request answered, percentiles reported")
    func load() async throws {
        try await ServiceHarness.withServices { harness, _ in
            let deployed = try await Self.call(
                "service-deploy", ["name": "target", "command": "baton-demo serve --role web", "port": .integer(try TestPorts.free()), "health_path": "/health"],
                on: harness)
            #expect(deployed.status == .completed, "\(String(describing: deployed.error))")
            let run = try await Self.call("http-load", ["target": "target", "rps": 40, "duration": 2, "path": "/health"], on: harness)
            #expect(run.status == .completed, "\(String(describing: run.error))")
            let output = try #require(run.output)
            #expect(output["requests"] == 80 && output["succeeded"] == 80 && output["errors"]?["total"] == 0, "\(output)")
            #expect(output["latency_ms"]?["p50"]?.doubleValue != nil && output["latency_ms"]?["p99"]?.doubleValue != nil, "\(output)")

            let refused = try await Self.call("http-load", ["target": .string("http://127.0.0.1:\(try TestPorts.free())/"), "rps": 5, "duration": 1], on: harness)
            #expect(refused.output?["errors"]?["by_kind"]?["connection"] == 5, "\(String(describing: refused.output))")
        }
    }
}
