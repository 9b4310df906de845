import BatonAssistant
import BatonEngine
import BatonRuntime
import BatonServices
import BatonStore
import BatonTesting
import BatonWorkflow
import Foundation
import Testing

/// The templates of the database, diagnosis, audit, schedule and load functions: they agree with
/// the catalog, and they run through an orchestrator against a real PostgreSQL.
@Suite("Templates of the database, diagnosis, audit, schedule and load functions", .serialized)
struct LibraryTemplateTests {
    static let ids = ["deploy-database", "diagnose-service", "security-audit", "backup-database", "restore-database", "schedule-job", "load-test"]
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let catalog = SharedFiles.url("catalog/templates.yaml")

    static func library() throws -> TemplateLibrary {
        try TemplateLibrary.load(directory: repository.appendingPathComponent("templates"))
    }

    @Test(
        "each template has the catalog's parameters (names, required, types, enums, defaults), four examples in each language and keywords",
        .enabled(if: FileManager.default.fileExists(atPath: catalog.path), "the shared catalog (../shared/catalog/templates.yaml) is absent"))
    func agreesWithCatalog() throws {
        let loaded = try DocumentLoader().load(contentsOf: Self.catalog).value
        let entries = loaded["templates"]?.arrayValue ?? []
        let library = try Self.library()
        for id in Self.ids {
            let entry = try #require(entries.first { $0["id"]?.stringValue == id }, "\(id) is in the catalog")
            let template = try #require(library[id], "templates/\(id).yaml loads")
            let params = try #require(entry["params"]?.objectValue)
            #expect(Set(template.parameters.map(\.name)) == Set(params.keys), "\(id)")
            #expect(Set(template.requiredParameters.map(\.name)) == Set(params.filter { $0.value["required"] == true }.keys), "\(id)")
            for (name, spec) in params {
                let parameter = try #require(template.parameter(name))
                #expect(parameter.type.rawValue == spec["type"]?.stringValue, "\(id).\(name)")
                #expect(parameter.defaultValue == spec["default"], "\(id).\(name)")
                #expect(parameter.enumValues == spec["enum"]?.arrayValue?.compactMap(\.stringValue), "\(id).\(name)")
            }
            #expect((template.examples[.en]?.count ?? 0) >= 4 && (template.examples[.zh]?.count ?? 0) >= 4, "\(id)")
            #expect(template.keywords[.en]?.isEmpty == false && template.keywords[.zh]?.isEmpty == false, "\(id)")
        }
    }

    @Test("the previews say what will change", arguments: [
        ("deploy-database", ["engine": "postgres", "name": "orders-db"] as [String: JSONValue], ["create service orders-db (postgres) on its usual port, 10 GB storage"]),
        ("deploy-database", ["engine": "redis", "version": "7", "port": 6380], ["create service redis (redis 7) on port 6380, 10 GB storage"]),
        ("backup-database", ["database": "orders-db", "schedule": "0 2 * * *"], [#"store the recurring job schedules/backup-orders-db: back up orders-db on "0 2 * * *", deleting backups older than 7 day(s)"#]),
        ("backup-database", ["database": "orders-db"], ["write a backup of orders-db to the backup store", "delete backups of orders-db older than 7 day(s) there"]),
        ("restore-database", ["database": "orders-db"], ["replace the contents of orders-db with backup latest"]),
        ("schedule-job", ["name": "cleanup", "command": "./cleanup.sh", "cron": "0 2 * * *"], [#"store the recurring job schedules/cleanup: run `./cleanup.sh` on "0 2 * * *""#]),
        ("load-test", ["target": "web"], ["send 50 requests per second to web for 60 s"]),
        ("diagnose-service", ["service": "web"], []),
    ])
    func previews(id: String, parameters: [String: JSONValue], changes: [String]) throws {
        let library = try Self.library()
        let template = try #require(library[id])
        let plan = try PlanInstantiator(library: library).instantiate(Plan(templateID: id, parameters: parameters, defaults: template.defaults))
        #expect(plan.preview?.changes == changes)
    }

    static func run(_ id: String, _ parameters: [String: JSONValue], on harness: ServiceHarness) async throws -> StoredRun {
        let library = try library()
        let template = try #require(library[id])
        let input = template.defaults.merging(parameters) { _, stated in stated }
        return try await ServiceFunctionWorkflowTests.run(template.source, input: .object(input), on: harness)
    }

    @Test(
        "deploy-database, backup-database (now and on a schedule), restore-database (approved), diagnose-service and security-audit on a real PostgreSQL",
        .enabled(if: DatabaseFunctionWorkflowTests.postgres != nil, "PostgreSQL is not installed (apt-get install postgresql)"))
    func databaseTemplates() async throws {
        try await ServiceHarness.withServices { harness, _ in
            let deployed = try await Self.run("deploy-database", ["engine": "postgres", "name": "ledger", "port": .integer(try TestPorts.free())], on: harness)
            #expect(deployed.status == .completed, "\(String(describing: deployed.error))")
            let url = try #require(deployed.output?["database"]?["url"]?.stringValue)
            _ = try await DatabaseFunctionWorkflowTests.psql(url, "CREATE TABLE entries (amount int); INSERT INTO entries VALUES (7)")

            let backup = try await Self.run("backup-database", ["database": "ledger"], on: harness)
            #expect(backup.status == .completed && backup.output?["backup"]?["file"]?.stringValue?.hasSuffix(".dump") == true, "\(String(describing: backup.error))")
            #expect(backup.output?["schedule"] == nil)

            let scheduled = try await Self.run("backup-database", ["database": "ledger", "schedule": "0 2 * * *", "retention_days": 14], on: harness)
            #expect(scheduled.status == .completed, "\(String(describing: scheduled.error))")
            #expect(scheduled.output?["schedule"]?["workflow"] == "schedules/backup-ledger" && scheduled.output?["backup"] == nil)
            let job = try await harness.orchestrator.definition(namespace: "schedules", name: "backup-ledger", version: nil)
            #expect(job.document["schedule"] == ["cron": "0 2 * * *"])
            #expect(job.document["do"]?.arrayValue?.first?["run"]?["with"] == ["database": "ledger", "retention_days": 14])

            _ = try await DatabaseFunctionWorkflowTests.psql(url, "DELETE FROM entries")
            let library = try Self.library()
            let restoreTemplate = try #require(library["restore-database"])
            let key = try await harness.orchestrator.apply(source: restoreTemplate.source, file: "restore-database.yaml").definition.key
            let restore = try await harness.orchestrator.start(key, input: .object(restoreTemplate.defaults.merging(["database": "ledger"]) { $1 }))
            try await eventually("the restore asks for approval") { try await !harness.orchestrator.store.pendingApprovals(runID: restore.id).isEmpty }
            _ = try await harness.orchestrator.decide(run: restore.id, .approved, by: "test")
            let restored = try await harness.orchestrator.waitForFinish(of: restore.id)
            #expect(restored.status == .completed, "\(String(describing: restored.error))")
            #expect(try await DatabaseFunctionWorkflowTests.psql(url, "SELECT amount FROM entries") == "7")

            let diagnosis = try await Self.run("diagnose-service", ["service": "ledger"], on: harness)
            #expect(diagnosis.status == .completed && diagnosis.output?["diagnosis"]?["status"]?["status"] == "healthy", "\(String(describing: diagnosis.error))")
            let audit = try await Self.run("security-audit", [:], on: harness)
            #expect(audit.status == .completed && audit.output?["audit"]?["services"] == ["ledger"], "\(String(describing: audit.error))")
        }
    }

    @Test("schedule-job stores the job; load-test loads a baton-demo")
    func scheduleAndLoad() async throws {
        try await ServiceHarness.withServices { harness, _ in
            let job = try await Self.run("schedule-job", ["name": "cleanup", "command": "echo clean", "cron": "*/5 * * * *"], on: harness)
            #expect(job.status == .completed && job.output?["schedule"]?["workflow"] == "schedules/cleanup", "\(String(describing: job.error))")
            let stored = try await harness.orchestrator.definition(namespace: "schedules", name: "cleanup", version: nil)
            #expect(try await harness.orchestrator.store.schedule(of: stored.key) != nil)

            let deployed = try await DatabaseFunctionWorkflowTests.call(
                "service-deploy", ["name": "web", "command": "baton-demo serve --role web", "port": .integer(try TestPorts.free()), "health_path": "/health"],
                on: harness)
            #expect(deployed.status == .completed, "\(String(describing: deployed.error))")
            let load = try await Self.run("load-test", ["target": "web", "rps": 20, "duration": 1], on: harness)
            #expect(load.status == .completed && load.output?["load"]?["requests"] == 20, "\(String(describing: load.error)) \(String(describing: load.output))")
        }
    }
}
