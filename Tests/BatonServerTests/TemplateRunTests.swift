import BatonEngine
import BatonRuntime
import BatonServices
import BatonStore
import BatonTesting
import BatonWorkflow
import Foundation
import Testing

/// The repository's workflow templates (`templates/<id>.yaml`), run as the planner runs them:
/// the template's source applied to an orchestrator whose catalog holds the service functions,
/// started with the stated values over the input schema's defaults, against real `baton-demo`
/// services on the local driver.
enum TemplateRun {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("templates")

    /// Runs template `id` with `values` over its defaults, to its end.
    static func run(_ id: String, _ values: [String: JSONValue], on harness: ServiceHarness) async throws -> StoredRun {
        let source = try String(contentsOf: directory.appendingPathComponent("\(id).yaml"), encoding: .utf8)
        let document = try DocumentLoader().load(text: source, file: "\(id).yaml")
        var input = values
        for (name, property) in document.value["input"]?["schema"]?["document"]?["properties"]?.objectValue ?? [:] where input[name] == nil {
            if let value = property["default"] { input[name] = value }
        }
        let key = try await harness.orchestrator.apply(source: source, file: "\(id).yaml").definition.key
        let run = try await harness.orchestrator.start(key, input: .object(input))
        return try await harness.orchestrator.waitForFinish(of: run.id)
    }

    /// Runs template `id` and returns its output, recording the run's error when it did not complete.
    static func output(_ id: String, _ values: [String: JSONValue], on harness: ServiceHarness, sourceLocation: Testing.SourceLocation = #_sourceLocation) async throws -> JSONValue {
        let run = try await run(id, values, on: harness)
        #expect(run.status == .completed, "\(id): \(String(describing: run.error))", sourceLocation: sourceLocation)
        return run.output ?? .null
    }

    static func exec(_ service: String, _ script: String, on harness: ServiceHarness) async throws -> String {
        try await harness.manager.exec(try ServiceName(service), command: ["sh", "-c", script], timeout: .seconds(20)).stdout
    }

    static func status(_ service: String, on harness: ServiceHarness) async throws -> ServiceStatus {
        try await harness.manager.status(try ServiceName(service))
    }

    /// Polls the status until `condition` holds (services change on their own time: health
    /// checks fail after their retries); false when it did not within `attempts` half-seconds.
    static func eventually(_ service: String, on harness: ServiceHarness, attempts: Int = 60, _ condition: (ServiceStatus) -> Bool) async throws -> Bool {
        for _ in 0..<attempts {
            if condition(try await status(service, on: harness)) { return true }
            try await Task.sleep(for: .milliseconds(500))
        }
        return false
    }
}

@Suite("Workflow templates run against the local driver", .serialized)
struct TemplateRunTests {
    @Test("rolling-update, canary-release and blue-green-deploy each roll out a new revision with its version; rollback-service returns to the previous and to a numbered revision")
    func releases() async throws {
        try await ServiceHarness.withServices { harness, client in
            try await harness.up([harness.demo("shop", port: try TestPorts.free(), replicas: 2)], client: client)

            let rolling = try await TemplateRun.output("rolling-update", ["service": "shop", "version": "2.0", "health_timeout": 30], on: harness)
            #expect(rolling["strategy"] == "rolling" && rolling["from_revision"] == 1 && rolling["to_revision"] == 2, "\(rolling)")
            var status = try await TemplateRun.status("shop", on: harness)
            #expect(status.revision == 2 && status.version == "2.0" && status.replicas == 2)
            #expect(status.instances.allSatisfy { $0.revision == 2 })

            let canary = try await TemplateRun.output("canary-release", ["service": "shop", "version": "3.0", "canary_percent": 50, "duration": 2], on: harness)
            #expect(canary["strategy"] == "canary" && canary["to_revision"] == 3 && canary["promoted"] == true, "\(canary)")
            #expect(canary["steps"]?.arrayValue?.isEmpty == false, "\(canary)")
            status = try await TemplateRun.status("shop", on: harness)
            #expect(status.revision == 3 && status.version == "3.0" && status.instances.count == 2 && status.instances.allSatisfy { $0.revision == 3 })

            let blueGreen = try await TemplateRun.output("blue-green-deploy", ["service": "shop", "version": "4.0"], on: harness)
            #expect(blueGreen["strategy"] == "blue-green" && blueGreen["to_revision"] == 4, "\(blueGreen)")
            #expect(blueGreen["rollback"]?.stringValue?.contains("revision 3") == true)
            status = try await TemplateRun.status("shop", on: harness)
            #expect(status.version == "4.0" && status.instances.count == 2 && status.instances.allSatisfy { $0.revision == 4 })

            let back = try await TemplateRun.output("rollback-service", ["service": "shop"], on: harness)
            #expect(back["from_revision"] == 4 && back["to_revision"] == 5, "\(back)")
            #expect(try await TemplateRun.status("shop", on: harness).version == "3.0")

            let numbered = try await TemplateRun.output("rollback-service", ["service": "shop", "revision": "2"], on: harness)
            #expect(numbered["to_revision"] == 6, "\(numbered)")
            status = try await TemplateRun.status("shop", on: harness)
            #expect(status.version == "2.0" && status.revision == 6)

            let unknown = try await TemplateRun.run("rollback-service", ["service": "shop", "revision": "42"], on: harness)
            #expect(unknown.status == .faulted && unknown.error?.status == 404, "\(String(describing: unknown.error))")
        }
    }

    @Test("scale-service sets the instances, restart-service replaces them one by one, stop-service stops them and remove-service removes the service")
    func lifecycle() async throws {
        try await ServiceHarness.withServices { harness, client in
            try await harness.up([harness.demo("cart", port: try TestPorts.free())], client: client)

            let scaled = try await TemplateRun.output("scale-service", ["service": "cart", "replicas": 3], on: harness)
            #expect(scaled["replicas"] == 3 && scaled["ready"] == 3 && scaled["instances"]?.arrayValue?.count == 3, "\(scaled)")

            let before = Set(try await TemplateRun.status("cart", on: harness).instances.map(\.name))
            let restarted = try await TemplateRun.output("restart-service", ["service": "cart"], on: harness)
            #expect(restarted["rolling"] == true && restarted["status"] == "healthy" && restarted["ready"] == 3, "\(restarted)")
            let after = Set(try await TemplateRun.status("cart", on: harness).instances.map(\.name))
            #expect(after.count == 3 && after.isDisjoint(with: before), "before \(before), after \(after)")

            let stopped = try await TemplateRun.output("stop-service", ["service": "cart"], on: harness)
            #expect(stopped["status"] == "stopped" && stopped["running"] == 0 && stopped["desired"] == "stopped", "\(stopped)")
            #expect(try await harness.manager.status().map(\.name.rawValue) == ["cart"], "the definition stays")

            let refused = try await TemplateRun.run("remove-service", ["service": "cart", "keep_data": false], on: harness)
            #expect(refused.status == .faulted && refused.error?.status == 422, "\(String(describing: refused.error))")
            #expect(try await harness.manager.status().count == 1, "a refused removal removes nothing")

            let removed = try await TemplateRun.output("remove-service", ["service": "cart"], on: harness)
            #expect(removed["service"] == "cart" && removed["removed"] == true, "\(removed)")
            #expect(try await harness.manager.status().isEmpty)
        }
    }

    @Test("health-check reports the service whose health check fails, and a single healthy service as healthy")
    func healthCheck() async throws {
        try await ServiceHarness.withServices { harness, client in
            try await harness.up([harness.demo("well", port: try TestPorts.free())], client: client)
            // Healthy at first, its health check answers 503 three seconds after it starts.
            try await harness.up([harness.demo("sick", port: try TestPorts.free(), environment: ["FAIL_HEALTH_AFTER_S": "3"])], client: client)
            #expect(try await TemplateRun.eventually("sick", on: harness) { $0.overall == .unhealthy || $0.overall == .degraded })

            let all = try await TemplateRun.output("health-check", [:], on: harness)
            #expect(all["scope"] == "all" && all["healthy"] == false && all["checked"] == 2, "\(all)")
            #expect(all["unhealthy"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["sick"], "\(all)")
            #expect(all["unhealthy"]?.arrayValue?.first?["problems"]?.arrayValue?.isEmpty == false, "\(all)")
            #expect(all["summary"]?.stringValue?.contains("sick") == true)

            let one = try await TemplateRun.output("health-check", ["service": "well"], on: harness)
            #expect(one["healthy"] == true && one["checked"] == 1 && one["unhealthy"] == [], "\(one)")
        }
    }

    @Test("view-logs keeps the lines of the level asked for (or worse) and the filter text")
    func viewLogs() async throws {
        try await ServiceHarness.withServices { harness, client in
            try await harness.up([harness.demo("journal", port: try TestPorts.free())], client: client)

            let all = try await TemplateRun.output("view-logs", ["service": "journal"], on: harness)
            let every = all["lines"]?.arrayValue?.compactMap { $0["text"]?.stringValue } ?? []
            #expect(every.contains { $0.contains("GET /health") }, "the access log is there without a level: \(every)")

            let info = try await TemplateRun.output("view-logs", ["service": "journal", "level": "info"], on: harness)
            let infoLines = info["lines"]?.arrayValue?.compactMap { $0["text"]?.stringValue } ?? []
            #expect(infoLines.contains { $0.contains("starting journal") } && infoLines.contains { $0.contains("listening on") }, "\(infoLines)")
            #expect(infoLines.allSatisfy { $0.lowercased().contains("info") || $0.lowercased().contains("warning") || $0.lowercased().contains("error") }, "\(infoLines)")
            #expect(!infoLines.contains { $0.contains("GET /health") })
            #expect(info["matched"]?.intValue == infoLines.count && (info["searched"]?.intValue ?? 0) > infoLines.count, "\(info)")

            let errors = try await TemplateRun.output("view-logs", ["service": "journal", "level": "error", "since": 600], on: harness)
            #expect(errors["matched"] == 0 && errors["lines"] == [], "\(errors)")

            let filtered = try await TemplateRun.output("view-logs", ["service": "journal", "level": "debug", "filter": "listening"], on: harness)
            let filteredLines = filtered["lines"]?.arrayValue?.compactMap { $0["text"]?.stringValue } ?? []
            #expect(filteredLines.count == 1 && filteredLines[0].contains("listening on"), "\(filteredLines)")
        }
    }

    @Test("run-command runs a shell command line in the service's environment and working directory and reports a failing exit status")
    func runCommand() async throws {
        try await ServiceHarness.withServices { harness, client in
            try await harness.up([harness.demo("tool", port: try TestPorts.free(), environment: ["GREETING": "hello"])], client: client)
            let output = try await TemplateRun.output(
                "run-command", ["service": "tool", "command": "echo $GREETING from $BATON_SERVICE in $(pwd) | tr a-z A-Z; echo oops >&2; exit 3"], on: harness)
            #expect(output["code"] == 3 && output["succeeded"] == false, "\(output)")
            #expect(output["stdout"]?.stringValue == "HELLO FROM TOOL IN \(harness.folder.path.uppercased())\n", "\(output)")
            #expect(output["stderr"] == "oops\n")
        }
    }

    @Test("update-config merges the settings into the service's own environment (nothing of Baton's added), rolls it out, and refuses restart false")
    func updateConfig() async throws {
        try await ServiceHarness.withServices { harness, client in
            try await harness.up(
                [harness.demo("conf", port: try TestPorts.free(), replicas: 2, environment: ["GREETING": "hello", "OLD": "x", "KEEP": "1"])], client: client)
            let output = try await TemplateRun.output(
                "update-config", ["service": "conf", "settings": ["GREETING": "hi", "NEW_FLAG": true, "OLD": .null]], on: harness)
            #expect(output["from_revision"] == 1 && output["to_revision"] == 2 && output["applied"] == true, "\(output)")
            #expect(output["changes"] == [
                "environment.GREETING: \"hello\" → \"hi\"", "environment.NEW_FLAG: added \"true\"", "environment.OLD: removed (was \"x\")",
            ], "only the settings changed: \(output)")
            #expect(output["set"] == ["GREETING", "NEW_FLAG"] && output["removed"] == ["OLD"])
            let seen = try await TemplateRun.exec("conf", "echo $GREETING $NEW_FLAG $KEEP ${OLD:-unset}", on: harness)
            #expect(seen == "hi true 1 unset\n")
            #expect(try await TemplateRun.status("conf", on: harness).instances.allSatisfy { $0.revision == 2 })

            let refused = try await TemplateRun.run("update-config", ["service": "conf", "settings": ["GREETING": "hey"], "restart": false], on: harness)
            #expect(refused.status == .faulted && refused.error?.type == "https://baton.dev/errors/template-unsupported", "\(String(describing: refused.error))")
            #expect(try await TemplateRun.status("conf", on: harness).revision == 2, "nothing changed")
        }
    }

    @Test("rotate-secret gives the secret's variable a new random value, rolls the service out, never shows the value, and refuses a secret the service does not have")
    func rotateSecret() async throws {
        try await ServiceHarness.withServices { harness, client in
            try await harness.up(
                [harness.demo("auth", port: try TestPorts.free(), environment: ["API_TOKEN": "old-token", "OTHER": "keep"])], client: client)
            let run = try await TemplateRun.run("rotate-secret", ["service": "auth", "secret": "api-token"], on: harness)
            #expect(run.status == .completed, "\(String(describing: run.error))")
            let output = try #require(run.output)
            #expect(output["variable"] == "API_TOKEN" && output["to_revision"] == 2 && output["strategy"] == "rolling", "\(output)")
            #expect(output["not_done"]?.stringValue?.contains("not changed at its source") == true)
            let value = try await TemplateRun.exec("auth", "printf %s \"$API_TOKEN\"", on: harness)
            #expect(value != "old-token" && value.count == 32, "\(value)")
            #expect(!output.jsonText().contains(value), "the new value is not in the output")
            #expect(try await TemplateRun.exec("auth", "printf %s \"$OTHER\"", on: harness) == "keep")

            let missing = try await TemplateRun.run("rotate-secret", ["service": "auth", "secret": "db-password"], on: harness)
            #expect(missing.status == .faulted && missing.error?.status == 404, "\(String(describing: missing.error))")
            #expect(missing.error?.detail?.contains("DB_PASSWORD") == true && missing.error?.detail?.contains("API_TOKEN") == true)
            #expect(try await TemplateRun.status("auth", on: harness).revision == 2)
        }
    }

    @Test("ci-pipeline clones a local git repository, builds and tests it, deploys the service to run from the commit, and deploys nothing when the tests fail")
    func ciPipeline() async throws {
        try await ServiceHarness.withServices { harness, client in
            let repository = harness.folder.appendingPathComponent("repo")
            try FileManager.default.createDirectory(at: repository, withIntermediateDirectories: true)
            try "built from ci\n".write(to: repository.appendingPathComponent("marker.txt"), atomically: true, encoding: .utf8)
            try Git.run(["init", "--quiet", "--initial-branch", "main"], in: repository)
            try Git.run(["add", "marker.txt"], in: repository)
            try Git.run(["-c", "user.name=Baton", "-c", "user.email=baton@example.com", "commit", "--quiet", "-m", "first"], in: repository)
            let commit = try Git.run(["rev-parse", "HEAD"], in: repository).trimmingCharacters(in: .whitespacesAndNewlines)

            try await harness.up([harness.demo("site", port: try TestPorts.free())], client: client)
            let output = try await TemplateRun.output("ci-pipeline", [
                "repository": .string(repository.path), "build_command": "echo building; echo artefact > build.out",
                "test_command": "test -f build.out && echo tests passed", "deploy_service": "site",
            ], on: harness)
            #expect(output["commit"] == .string(commit) && output["built"] == true && output["tested"] == true, "\(output)")
            #expect(output["build_output"] == "building" && output["test_output"] == "tests passed", "\(output)")
            #expect(output["deployed"]?["to_revision"] == 2 && output["deployed"]?["version"] == .string(String(commit.prefix(12))), "\(output)")
            let status = try await TemplateRun.status("site", on: harness)
            #expect(status.revision == 2 && status.version == String(commit.prefix(12)))
            #expect(try await TemplateRun.exec("site", "cat marker.txt build.out", on: harness) == "built from ci\nartefact\n")

            let failing = try await TemplateRun.run("ci-pipeline", [
                "repository": .string(repository.path), "test_command": "echo TESTS-BROKE; exit 4", "deploy_service": "site",
            ], on: harness)
            #expect(failing.status == .faulted && failing.error?.detail?.contains("TESTS-BROKE") == true, "\(String(describing: failing.error))")
            #expect(try await TemplateRun.status("site", on: harness).revision == 2, "nothing deployed")

            let noBranch = try await TemplateRun.run("ci-pipeline", ["repository": .string(repository.path), "branch": "nowhere"], on: harness)
            #expect(noBranch.status == .faulted && noBranch.error?.detail?.contains("nowhere") == true, "\(String(describing: noBranch.error))")
        }
    }

    @Test("configure-autoscaling records the policy as an event, scales into the bounds, says it is not enforced, and refuses bounds the wrong way round")
    func configureAutoscaling() async throws {
        try await ServiceHarness.withServices { harness, client in
            try await harness.up([harness.demo("api", port: try TestPorts.free())], client: client)
            let output = try await TemplateRun.output(
                "configure-autoscaling", ["service": "api", "min_replicas": 2, "max_replicas": 4, "target_cpu_percent": 60], on: harness)
            #expect(output["policy"] == ["min_replicas": 2, "max_replicas": 4, "target_cpu_percent": 60], "\(output)")
            #expect(output["replicas_before"] == 1 && output["replicas"] == 2 && output["scaled"] == true && output["enforced"] == false, "\(output)")
            #expect(output["recorded_as_event"]?.stringValue?.isEmpty == false)
            #expect(try await TemplateRun.status("api", on: harness).replicas == 2)

            let within = try await TemplateRun.output("configure-autoscaling", ["service": "api", "max_replicas": 3], on: harness)
            #expect(within["replicas"] == 2 && within["scaled"] == false, "\(within)")

            let backwards = try await TemplateRun.run("configure-autoscaling", ["service": "api", "min_replicas": 5, "max_replicas": 3], on: harness)
            #expect(backwards.status == .faulted && backwards.error?.status == 422, "\(String(describing: backwards.error))")
            #expect(try await TemplateRun.status("api", on: harness).replicas == 2)
        }
    }

    @Test("recommend-resources recommends replicas, CPU and memory from the measured use with reasons, skips a stopped service, and says there is no forecast")
    func recommendResources() async throws {
        try await ServiceHarness.withServices { harness, client in
            try await harness.up([harness.demo("busy", port: try TestPorts.free(), replicas: 3), harness.demo("idle", port: try TestPorts.free())], client: client)
            try await harness.manager.stop(try ServiceName("idle"))
            let output = try await TemplateRun.output("recommend-resources", ["horizon": 604_800], on: harness)
            #expect(output["forecast"] == false && output["horizon_seconds"] == 604_800, "\(output)")
            #expect(output["not_done"]?.stringValue?.contains("604800 seconds") == true)
            let recommendations = output["recommendations"]?.arrayValue ?? []
            let busy = try #require(recommendations.first { $0["service"] == "busy" }, "\(output)")
            // An idle demo needs one instance; two are kept for availability.
            #expect(busy["current"]?["replicas"] == 3 && busy["recommended"]?["replicas"] == 2 && busy["action"] == "scale down from 3 to 2", "\(busy)")
            #expect((busy["recommended"]?["memory_mib"]?.intValue ?? 0) >= 64 && (busy["recommended"]?["cpus"]?.doubleValue ?? 0) >= 0.1, "\(busy)")
            #expect((busy["reasons"]?.arrayValue?.count ?? 0) >= 3)
            let idle = try #require(recommendations.first { $0["service"] == "idle" })
            #expect(idle["recommended"] == .null && idle["status"] == "stopped", "\(idle)")
        }
    }

    @Test("cleanup removes the stopped services, keeps the running ones, and says what it did not clean")
    func cleanup() async throws {
        try await ServiceHarness.withServices { harness, client in
            try await harness.up([harness.demo("live", port: try TestPorts.free()), harness.demo("dead", port: try TestPorts.free())], client: client)
            _ = try await TemplateRun.output("stop-service", ["service": "dead"], on: harness)
            let output = try await TemplateRun.output("cleanup", ["older_than_days": 30], on: harness)
            #expect(output["removed_services"] == ["dead"], "\(output)")
            #expect(output["not_done"]?.arrayValue?.contains { $0.stringValue?.contains("older than 30 days") == true } == true, "\(output)")
            #expect(try await harness.manager.status().map(\.name.rawValue) == ["live"])

            let again = try await TemplateRun.output("cleanup", [:], on: harness)
            #expect(again["removed_services"] == [], "\(again)")
        }
    }

    @Test("deploy-worker starts a worker without a stable port, with its replicas and environment")
    func deployWorker() async throws {
        try await ServiceHarness.withServices { harness, _ in
            let output = try await TemplateRun.output(
                "deploy-worker", ["name": "jobs", "command": "baton-demo serve --role api", "replicas": 2, "env": ["QUEUE": "emails"]], on: harness)
            #expect(output["service"] == "jobs" && output["replicas"] == 2 && output["ready"] == 2 && output["status"] == "healthy", "\(output)")
            let status = try await TemplateRun.status("jobs", on: harness)
            #expect(status.ports.isEmpty && status.instances.count == 2)
            #expect(try await TemplateRun.exec("jobs", "printf %s \"$QUEUE\"", on: harness) == "emails")
        }
    }
}

/// Runs git for the repositories the tests make.
enum Git {
    @discardableResult
    static func run(_ arguments: [String], in directory: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        process.currentDirectoryURL = directory
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw GitError(message: "git \(arguments.joined(separator: " ")) exited with \(process.terminationStatus) in \(directory.path)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    struct GitError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
