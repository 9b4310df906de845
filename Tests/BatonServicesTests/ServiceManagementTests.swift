import BatonStoreSQLite
import BatonTesting
import BatonWorkflow
import Foundation
import Testing
@testable import BatonServices

/// The operations on declared services with real processes and a real SQLite file: bad input is
/// refused with a clear error and nothing half-applied; `down`, `scale` do what they say.
@Suite("Service management", .timeLimit(.minutes(1)))
struct ServiceManagementTests {
    /// The service store on a SQLite file in the test's directory, as `baton serve` keeps it.
    static func sqliteStore(_ directory: String) throws -> any ServiceStore {
        try SQLiteServiceStore(writer: try SQLiteRunStore(path: directory + "/baton.sqlite").writer)
    }

    // MARK: - Bad input

    @Test("update, scale, rollback, restart and stop of a service that is not defined are not-found errors naming it")
    func unknownService() async throws {
        try await SupervisorHarness.with(store: Self.sqliteStore) { harness in
            try await harness.up("shop", [try harness.shell("web", "exec sleep 300")])
            let ghost = try ServiceName("ghost")
            let web = try await harness.manager.declared(try ServiceName("web")).definition
            var ghostDefinition = web
            ghostDefinition.name = ghost
            let errors = [
                try await serviceError { try await harness.manager.update(ghost, to: ghostDefinition, cause: "test") },
                try await serviceError { try await harness.manager.scale(ghost, replicas: 2) },
                try await serviceError { try await harness.manager.rollback(ghost) },
                try await serviceError { try await harness.manager.restart(ghost, rolling: true) },
                try await serviceError { try await harness.manager.stop(ghost) },
            ]
            for error in errors {
                #expect(error.code == .notFound)
                #expect(error.message == "no service `ghost`; known: web")
            }
            #expect(try await harness.store.services().map(\.name.rawValue) == ["web"])
            #expect(harness.supervisor.runningServices.map(\.rawValue) == ["web"])
        }
    }

    @Test("an up that would close a dependency cycle with services of another project is invalid, naming the cycle; nothing changes")
    func cycleAcrossProjects() async throws {
        try await SupervisorHarness.with(store: Self.sqliteStore) { harness in
            let a = try harness.shell("a", "exec sleep 300")
            try await harness.up("one", [a])
            try await harness.up("two", [try harness.shell("b", "exec sleep 300", dependsOn: [a.name: .started])])
            let pids = try harness.instances("a").map(\.pid) + harness.instances("b").map(\.pid)

            let closing = try harness.shell("a", "exec sleep 300", dependsOn: [try ServiceName("b"): .started])
            let error = try await serviceError { try await harness.up("one", [closing]) }
            #expect(error.code == .invalid)
            #expect(
                error.message.contains("a cycle: a → b → a") || error.message.contains("a cycle: b → a → b"),
                "\(error)")
            #expect(try await harness.manager.history(a.name).map(\.number) == [1])
            #expect(try await harness.store.currentRevision(of: a.name)?.definition.dependsOn.isEmpty == true)
            #expect(try harness.instances("a").map(\.pid) + harness.instances("b").map(\.pid) == pids)
            #expect(pids.allSatisfy { !hasEnded($0) })
        }
    }

    @Test("a stable port another program listens on is invalid: nothing of the project is stored or started")
    func portInUseByAnotherProgram() async throws {
        try await SupervisorHarness.with(store: Self.sqliteStore) { harness in
            let listener = try PortListener()
            defer { listener.close() }
            let api = try harness.shell("api", "exec sleep 300")
            let web = try harness.demo("web", port: listener.port)
            let error = try await serviceError { try await harness.up("shop", [api, web]) }
            #expect(error.code == .invalid)
            #expect(
                error.message == "service `web`: port \(listener.port) on 127.0.0.1 is in use by another program: stop it or choose another port; nothing was changed",
                "\(error)")
            #expect(try await harness.store.services().isEmpty)
            #expect(try await harness.store.revisions(of: api.name).isEmpty)
            #expect(harness.supervisor.runningServices.isEmpty)
            #expect(try await harness.store.instanceRecords().isEmpty, "no process was started")
        }
    }

    @Test("a program that does not exist is invalid, naming it and where it was looked for; nothing is stored or started")
    func missingProgram() async throws {
        try await SupervisorHarness.with(store: Self.sqliteStore) { harness in
            let api = try harness.shell("api", "exec sleep 300")
            var web = try harness.shell("web", "")
            web.command = ["baton-no-such-program", "serve"]
            var relative = try harness.shell("worker", "")
            relative.command = ["./bin/worker"]
            let error = try await serviceError { try await harness.up("shop", [api, web, relative]) }
            #expect(error.code == .invalid)
            #expect(error.message.hasPrefix("nothing was changed:"), "\(error)")
            #expect(error.message.contains("service `web`: the program `baton-no-such-program` is not installed: not found in "), "\(error)")
            #expect(error.message.contains(BuiltProducts.directory), "the places looked in include the build folder: \(error)")
            #expect(error.message.contains("service `worker`: the program \(harness.directory)/bin/worker does not exist or is not executable"), "\(error)")
            #expect(try await harness.store.services().isEmpty)
            #expect(harness.supervisor.runningServices.isEmpty)
            #expect(try await harness.store.instanceRecords().isEmpty)
        }
    }

    @Test("a services file with a bad health check or a cycle is refused with file:line:column before anything runs")
    func badFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("baton-files-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/services.yaml"
        func problems(_ text: String) throws -> [String] {
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            do {
                _ = try ServiceProject.load(path: directory)
                return []
            } catch {
                return error.diagnostics.map(\.description)
            }
        }
        let badCheck = try problems("""
            services:
              web:
                command: [baton-demo, serve]
                healthcheck: {http: health, interval: 1s}
            """)
        #expect(
            badCheck == [
                "\(file):4:19: services.web.healthcheck.http: an HTTP health check path starts with `/` and has no spaces, like /health (got “health”)"
            ])
        let cycle = try problems("""
            services:
              web:
                command: [baton-demo, serve]
                depends_on: [api]
              api:
                command: [baton-demo, serve]
                depends_on: [web]
            """)
        #expect(
            cycle == [
                "\(file):7:18: services.api.depends_on[0]: the services depend on each other in a cycle: api → web → api; remove one of these dependencies"
            ])
    }

    // MARK: - Down and scale

    @Test("down stops the dependents before what they depend on, then removes the project's services and revisions")
    func downStopsDependentsFirst() async throws {
        try await SupervisorHarness.with(store: Self.sqliteStore) { harness in
            // Each writes when it got the stop signal (nanoseconds), then exits.
            let script = #"trap 'date +%s%N > "$STOPPED"; exit 0' TERM; while :; do sleep 0.05; done"#
            let db = try harness.shell("db", script, environment: ["STOPPED": harness.directory + "/db.stopped"])
            let api = try harness.shell("api", script, environment: ["STOPPED": harness.directory + "/api.stopped"], dependsOn: [db.name: .started])
            let web = try harness.shell("web", script, environment: ["STOPPED": harness.directory + "/web.stopped"], dependsOn: [api.name: .healthy])
            try await harness.up("shop", [web, db, api])
            try await harness.up("other", [try harness.shell("cache", "exec sleep 300")])
            let pids = try ["db", "api", "web"].flatMap { try harness.instances($0).map(\.pid) }

            let order = try await harness.manager.down(project: "shop")
            #expect(order.map(\.rawValue) == ["web", "api", "db"])
            func stoppedAt(_ name: String) throws -> Int {
                try #require(Int(try String(contentsOfFile: harness.directory + "/\(name).stopped", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
            }
            #expect(try stoppedAt("web") < stoppedAt("api"))
            #expect(try stoppedAt("api") < stoppedAt("db"))
            #expect(pids.allSatisfy { hasEnded($0) })
            #expect(harness.supervisor.runningServices.map(\.rawValue) == ["cache"])
            #expect(try await harness.store.services().map(\.name.rawValue) == ["cache"])
            #expect(try await harness.store.revisions(of: db.name).isEmpty)
            let gone = try await serviceError { try await harness.manager.status(db.name) }
            #expect(gone.code == .notFound)
        }
    }

    @Test("scale starts instances of the current revision and stops the newest; the count is stored, no revision is made")
    func scaleUpAndDown() async throws {
        try await SupervisorHarness.with(store: Self.sqliteStore) { harness in
            let worker = try harness.shell("worker", "exec sleep 300")
            try await harness.up("jobs", [worker])
            let first = try #require(try harness.instances("worker").first)

            try await harness.manager.scale(worker.name, replicas: 3)
            try await harness.waitUntilReady("worker", count: 3, revision: 1)
            let three = try harness.instances("worker")
            #expect(Set(three.compactMap(\.pid)).count == 3)
            #expect(three.first?.pid == first.pid, "the running instance stays")
            #expect(try await harness.store.service(worker.name)?.replicas == 3)

            try await harness.manager.scale(worker.name, replicas: 1)
            #expect(try harness.instances("worker").map(\.name) == [first.name], "the newest were stopped")
            #expect(three.dropFirst().allSatisfy { hasEnded($0.pid) })
            #expect(try await harness.store.service(worker.name)?.replicas == 1)
            #expect(try await harness.manager.history(worker.name).count == 1)

            let negative = try await serviceError { try await harness.manager.scale(worker.name, replicas: -1) }
            #expect(negative.code == .invalid)
            #expect(try await harness.store.service(worker.name)?.replicas == 1)
        }
    }
}
