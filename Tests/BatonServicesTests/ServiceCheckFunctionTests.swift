import BatonTesting
import BatonWorkflow
import Foundation
import Testing
@testable import BatonServices

#if canImport(Glibc)
import Glibc
#endif

/// The checks of the database, diagnosis, audit and load functions that need no server: their
/// arguments, where engines are looked for, the audit's findings, the diagnosis's ranking.
@Suite("Database, diagnosis, audit and load functions: checks")
struct ServiceCheckFunctionTests {
    @Test("a bad `with` is refused with the field path before anything runs", arguments: [
        ("database-deploy", #"{"engine": "oracle"}"#, "with.engine"),
        ("database-deploy", #"{"engine": "postgres", "port": 70000}"#, "with.port"),
        ("database-deploy", #"{"engine": "postgres", "storage": 10}"#, "with.storage"),
        ("database-backup", #"{"database": "shop-db", "retention_days": -1}"#, "with.retention_days"),
        ("database-restore", #"{"backup": "latest"}"#, "missing required key `database`"),
        ("service-diagnose", #"{"service": "web", "since": "1h"}"#, "with.since"),
        ("service-audit", #"{"scope": ""}"#, "with.scope"),
        ("http-load", #"{"target": "web", "rps": 0}"#, "with.rps"),
        ("http-load", #"{"target": "web", "path": "health"}"#, "with.path"),
    ])
    func badArguments(function: String, with: String, expected: String) async throws {
        let arguments = try JSONValue(jsonText: with)
        try await SupervisorHarness.with { harness in
            do throws(ServiceError) {
                _ = try await ServiceFunctions.perform(function, arguments: arguments, manager: harness.manager)
                Issue.record("\(function) accepted \(with)")
            } catch {
                #expect(error.code == .invalid)
                #expect(error.message.contains(expected), "\(error.message)")
            }
        }
    }

    @Test("the new functions are in the catalog with their schemas")
    func registered() {
        for name in ["database-deploy", "database-backup", "database-restore", "service-diagnose", "service-audit", "http-load"] {
            #expect(ServiceFunctions.schemas[name]?["additionalProperties"] == false, "\(name)")
        }
    }

    @Test("an engine whose programs are missing says what to install", arguments: [
        (DatabaseEngine.postgres, "apt-get install postgresql"), (.mysql, "apt-get install default-mysql-server"), (.redis, "apt-get install redis-server"),
        (.memcached, "apt-get install memcached"), (.mongodb, "mongodb.com"),
    ])
    func missingBinaries(engine: DatabaseEngine, hint: String) {
        do {
            _ = try DatabaseBinaries.locate(engine, searchPath: ["/nonexistent/bin"], postgresRoot: "/nonexistent/postgresql")
            Issue.record("found \(engine) in a folder that does not exist")
        } catch {
            #expect(error.code == .unavailable && error.code.status == 503)
            #expect(error.message.contains(hint) && error.message.contains(engine.serverProgram), "\(error.message)")
        }
    }

    @Test("PostgreSQL's newest version folder wins over PATH")
    func postgresVersions() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("pg-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        for version in ["9.6", "15", "13"] {
            try FileManager.default.createDirectory(atPath: "\(root)/\(version)/bin", withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: "\(root)/\(version)/bin/postgres", contents: Data("#!/bin/sh\n".utf8), attributes: [.posixPermissions: 0o755])
        }
        #expect(try DatabaseBinaries.locate(.postgres, searchPath: [], postgresRoot: root).directory == "\(root)/15/bin")
    }

    @Test(
        "as root, a data folder the server's user cannot reach is refused before initdb, saying why",
        .enabled(if: geteuid() == 0 && (try? DatabaseBinaries.locate(.postgres)) != nil, "needs root and PostgreSQL"))
    func unreachableDataFolder() async throws {
        let closed = FileManager.default.temporaryDirectory.appendingPathComponent("closed-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: closed, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(atPath: closed) }
        let provisioner = DatabaseProvisioner(
            engine: .postgres, layout: DatabaseLayout(service: try ServiceName("db"), stateDirectory: closed + "/state"),
            binaries: try DatabaseBinaries.locate(.postgres))
        do {
            _ = try await provisioner.initialise()
            Issue.record("initialised under a folder closed to postgres")
        } catch {
            #expect(error.code == .invalid && error.message.contains("cannot reach") && error.message.contains("--services-dir"), "\(error.message)")
        }
        #expect(!FileManager.default.fileExists(atPath: closed + "/state/databases/db/data"))
    }

    @Test("a PostgreSQL version that is not installed is refused with what is installed", .enabled(if: (try? DatabaseBinaries.locate(.postgres)) != nil, "needs PostgreSQL"))
    func missingVersion() async throws {
        try await SupervisorHarness.with { harness in
            do throws(ServiceError) {
                _ = try await ServiceFunctions.perform("database-deploy", arguments: ["engine": "postgres", "version": "7"], manager: harness.manager)
                Issue.record("deployed PostgreSQL 7")
            } catch {
                #expect(error.code == .unavailable && error.message.hasPrefix("with.version: PostgreSQL 7 is not installed (installed: "), "\(error.message)")
            }
        }
    }

    // MARK: - Audit

    static func definition(_ body: (inout ServiceDefinition) -> Void) throws -> ServiceDefinition {
        var definition = ServiceDefinition(
            name: try ServiceName("web"), command: ["baton-demo", "serve"], workingDirectory: "/tmp", ports: [PortBinding(port: 8080)],
            healthCheck: HealthCheck(probe: .http(path: "/health", port: nil)), resources: ResourceLimits(memoryBytes: 1 << 29, cpus: 1))
        body(&definition)
        return definition
    }

    @Test("a definition with none of the problems has no finding (as a non-root user)")
    func cleanDefinition() throws {
        #expect(ServiceAudit(runsAsRoot: false).findings(of: try Self.definition { _ in }).isEmpty)
    }

    @Test("each problem is a finding with its severity and field", arguments: [
        ("all interfaces", Finding.Severity.high, "ports[0]"), ("address", .high, "ports[1]"), ("secret", .high, "environment.DB_PASSWORD"),
        ("token", .high, "environment.API_TOKEN"), ("url", .high, "environment.DATABASE_URL"), ("root", .high, "command"),
        ("latest", .medium, "image"), ("untagged", .medium, "image"), ("health", .medium, "healthcheck"), ("restart", .low, "restart"),
        ("limits", .low, "resources"),
    ])
    func problem(kind: String, severity: Finding.Severity, field: String) throws {
        let definition = try Self.definition { definition in
            switch kind {
            case "all interfaces": definition.ports = [PortBinding(address: "0.0.0.0", port: 8080)]
            case "address": definition.ports = [PortBinding(port: 8080), PortBinding(address: "10.0.0.5", port: 9090)]
            case "secret": definition.environment = ["DB_PASSWORD": "hunter2"]
            case "token": definition.environment = ["API_TOKEN": "abc"]
            case "url": definition.environment = ["DATABASE_URL": "postgres://app:s3cret@db:5432/app"]
            case "latest": definition.image = "shop:latest"
            case "untagged": definition.image = "ghcr.io/acme/shop"
            case "health": definition.healthCheck = nil
            case "restart": definition.restart = RestartPolicy(condition: .never)
            case "limits": definition.resources = ResourceLimits()
            default: break
            }
        }
        let findings = ServiceAudit(runsAsRoot: kind == "root").findings(of: definition)
        #expect(findings.count == 1, "\(findings)")
        #expect(findings.first?.field == field && findings.first?.severity == severity, "\(findings)")
        #expect(findings.first?.advice?.isEmpty == false)
    }

    @Test("plain values, a URL without a password and a privilege-dropping command are not findings")
    func notFindings() throws {
        let definition = try Self.definition { definition in
            definition.environment = ["DATABASE_URL": "postgres://app@db:5432/app", "MONKEY_COUNT": "3", "LOG_LEVEL": "debug", "API_KEY": ""]
            definition.command = ["setpriv", "--reuid=app", "--", "server"]
            definition.image = "shop:1.4"
        }
        #expect(ServiceAudit(runsAsRoot: true).findings(of: definition).isEmpty)
    }

    // MARK: - Diagnosis

    static func instance(_ name: String, status: InstanceLifecycle.Status, restarts: Int = 0, event: String? = nil) throws -> InstanceRunner.Snapshot {
        InstanceRunner.Snapshot(
            name: name, service: try ServiceName("web"), revision: 1, status: status, pid: nil, port: 20000, restarts: restarts, startedAt: nil,
            lastEvent: event, lastCheck: status == .unhealthy ? "HTTP 503" : nil, cpuPercent: nil, residentBytes: nil, inTraffic: false)
    }

    static func status(_ name: String, _ overall: ServiceStatus.Overall, dependsOn: [String] = [], instances: [InstanceRunner.Snapshot] = []) throws -> ServiceStatus {
        var dependencies: [ServiceName: ServiceDefinition.DependencyCondition] = [:]
        for dependency in dependsOn { dependencies[try ServiceName(dependency)] = .healthy }
        return ServiceStatus(
            name: try ServiceName(name), project: "p", revision: 1, version: nil, desired: .running, replicas: max(1, instances.count), overall: overall,
            ports: [], dependsOn: dependencies, instances: instances)
    }

    @Test("findings are ranked: a failing dependency first, then restarts and health, then error lines")
    func diagnosisRanking() throws {
        let web = try Self.status("web", .unhealthy, dependsOn: ["db"], instances: [
            try Self.instance("web-1", status: .restarting, restarts: 5, event: "exited with status 1"),
            try Self.instance("web-2", status: .unhealthy),
        ])
        let diagnosis = ServiceDiagnosis(
            status: web, dependencies: [try Self.status("db", .unhealthy)], dependents: [],
            errorLines: [("web-1", LogLine(time: Date(), stream: .err, text: "fatal: cannot connect to db"))], since: 3600)
        let messages = diagnosis.findings.map(\.message)
        #expect(messages.first == "dependency db is unhealthy (0 of 1 ready)", "\(messages)")
        #expect(messages.contains("instance web-1 restarted 5 time(s): last exited with status 1"), "\(messages)")
        #expect(messages.contains("instance web-2 is unhealthy: last check HTTP 503"), "\(messages)")
        #expect(messages.last?.hasPrefix("1 error line(s) in the last 3600 s") == true, "\(messages)")
        #expect(diagnosis.jsonValue["not_checked"]?.arrayValue?.count == 2)
    }

    @Test("error lines: standard error and lines that say error, panic, exception or fatal")
    func errorLines() {
        let now = Date()
        #expect(ServiceDiagnosis.isErrorLine(LogLine(time: now, stream: .err, text: "listening")))
        #expect(ServiceDiagnosis.isErrorLine(LogLine(time: now, stream: .out, text: "PANIC: nil map")))
        #expect(ServiceDiagnosis.isErrorLine(LogLine(time: now, stream: .out, text: "Unhandled Exception in thread")))
        #expect(!ServiceDiagnosis.isErrorLine(LogLine(time: now, stream: .out, text: "GET /health 200")))
    }

    // MARK: - Load

    @Test("percentiles are nearest-rank over the answered requests; failures are counted by kind")
    func loadReport() {
        var report = HTTPLoad.Report()
        for milliseconds in 1...100 { report.record(status: 200, error: nil, milliseconds: Double(milliseconds)) }
        report.record(status: 503, error: nil, milliseconds: 1)
        report.record(status: nil, error: "connection", milliseconds: 0)
        #expect(report.requests == 102 && report.succeeded == 100)
        #expect(report.errors == ["503": 1, "connection": 1])
        #expect(report.percentile(0.5) == 50 && report.percentile(0.99) == 99)
    }
}
