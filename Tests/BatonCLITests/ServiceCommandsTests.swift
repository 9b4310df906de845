import BatonTesting
import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The service commands (`baton up`, `ps`, `logs`, …) against a real `baton serve`, whose
/// services are `baton-demo serve` instances and `sh -c` one-liners on loopback.
@Suite("baton service commands")
struct ServiceCommandsTests {
    /// A `baton serve` on a free port with its own range of instance ports, and a services file
    /// of two services in `folder`: `api` (a baton-demo on `apiPort`) and `web` (a shell
    /// one-liner that needs `api` healthy). The server is stopped (SIGTERM) at the end.
    struct Node {
        let folder: ScratchFolder
        let server: ServeCommandTests.Server
        let port: Int
        let apiPort: Int

        static func withNode(_ body: (Node) async throws -> Void) async throws {
            let folder = try ScratchFolder()
            defer { folder.remove() }
            let range = TestPorts.instanceRange()
            let server = try ServeCommandTests.Server(
                arguments: [
                    "--db", folder.url.appendingPathComponent("b.sqlite").path, "--port", "0",
                    "--instance-ports", "\(range.lowerBound)-\(range.upperBound - 1)",
                ], folder: folder)
            let node = Node(folder: folder, server: server, port: try await server.waitForPort(), apiPort: try TestPorts.free())
            try folder.write("services.yaml", """
                name: shop
                services:
                  api:
                    command: [baton-demo, serve, --role, api]
                    ports: [\(node.apiPort)]
                    healthcheck: {http: /health, interval: 1s, timeout: 1s}
                    stop_grace_period: 5s
                  web:
                    command: [sh, -c, "echo web up as $BATON_INSTANCE; exec sleep 600"]
                    environment: {MODE: a}
                    depends_on: {api: {condition: service_healthy}}
                    stop_grace_period: 5s
                """)
            do {
                try await body(node)
            } catch {
                if server.process.isRunning { server.process.terminate() }
                _ = try await server.waitForExit()
                throw error
            }
            // SIGTERM (unless the test sent it): the server stops its services and exits 0.
            if server.process.isRunning { server.process.terminate() }
            #expect(try await server.waitForExit(), "baton serve did not stop after SIGTERM")
            #expect(server.process.terminationStatus == 0, "\(server.standardError)")
        }

        /// Runs `baton` with BATON_SERVER pointing at the node.
        func baton(_ arguments: [String], environment: [String: String] = [:], standardInput: String? = nil) throws -> CommandRunner.Result {
            try CommandRunner.run(
                arguments, in: folder.url, environment: ["BATON_SERVER": "http://127.0.0.1:\(port)"].merging(environment) { $1 }, standardInput: standardInput)
        }

        /// `baton up .`, expected to succeed.
        func up() throws {
            let result = try baton(["up", "."])
            #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
        }
    }

    /// A `baton` command that runs until the test stops it, its standard output in a file.
    final class Background {
        let process = Process()
        let outputURL: URL

        init(_ arguments: [String], node: Node) throws {
            outputURL = node.folder.url.appendingPathComponent("background-\(UUID().uuidString).out")
            _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
            process.executableURL = CommandRunner.executable
            process.arguments = arguments
            var environment = ProcessInfo.processInfo.environment
            environment["BATON_SERVER"] = "http://127.0.0.1:\(node.port)"
            process.environment = environment
            process.standardOutput = try FileHandle(forWritingTo: outputURL)
            process.standardError = FileHandle.nullDevice
            process.standardInput = FileHandle.nullDevice
            try process.run()
        }

        var standardOutput: String { (try? String(contentsOf: outputURL, encoding: .utf8)) ?? "" }

        deinit {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
    }

    /// A request to a service's stable port; its status.
    static func get(_ port: Int, _ path: String) async throws -> Int {
        // A session of its own, closed afterwards: a connection kept open for reuse would hold
        // up the instance's stop, which lets open connections finish first.
        let session = URLSession(configuration: .ephemeral)
        defer { session.invalidateAndCancel() }
        let (_, response) = try await session.data(from: try #require(URL(string: "http://127.0.0.1:\(port)\(path)")))
        return (response as? HTTPURLResponse)?.statusCode ?? 0
    }

    /// A JSON object printed by `--format json`.
    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not a JSON object: \(text)")
    }

    @Test("up DIR prints each service and exits 0; ps shows them (text columns, --format json); down removes them")
    func upPsDown() async throws {
        try await Node.withNode { node in
            let up = try node.baton(["up", "."])
            #expect(up.status == 0, "\(up.standardError)")
            let lines = up.standardOutput.split(separator: "\n").map(String.init)
            #expect(lines.first?.hasPrefix("shop: applying 2 services from ") == true && lines.first?.hasSuffix("services.yaml…") == true, "\(lines)")
            #expect(lines.dropFirst() == ["  api          created   revision 1   healthy", "  web          created   revision 1   healthy", "done"])

            let ps = try node.baton(["ps"])
            #expect(ps.status == 0, "\(ps.standardError)")
            let rows = ps.standardOutput.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
            #expect(rows.first == ["SERVICE", "STATUS", "READY", "REVISION", "PORTS", "INSTANCE", "STATE", "PID", "PORT", "RESTARTS", "UPTIME", "CPU", "MEMORY"])
            #expect(rows.count == 3, "\(ps.standardOutput)")
            #expect(rows.dropFirst().first?.prefix(7) == ["api", "healthy", "1/1", "1", "\(node.apiPort)", "api-1", "healthy"], "\(ps.standardOutput)")
            #expect(rows.last?.prefix(7) == ["web", "healthy", "1/1", "1", "-", "web-1", "running"], "\(ps.standardOutput)")

            let json = try Self.json(try node.baton(["ps", "--format", "json"]).standardOutput)
            let services = try #require(json["services"] as? [[String: Any]])
            #expect(services.compactMap { $0["name"] as? String } == ["api", "web"])
            #expect(services.compactMap { $0["status"] as? String } == ["healthy", "healthy"])

            let down = try node.baton(["down", "."])
            #expect(down.status == 0, "\(down.standardError)")
            #expect(down.standardOutput == "  web stopped and removed\n  api stopped and removed\n")
            #expect(try node.baton(["ps"]).standardOutput == "no services (define some with `baton up FILE`)\n")
        }
    }

    @Test("up with a bad file exits 1 printing each problem as file:line:column, and sends nothing")
    func badFile() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        try folder.write("services.yaml", """
            name: shop
            services:
              web:
                command: [sh, -c, "true"]
                replicas: two
              api:
                command: [sh, -c, "true"]
                healthcheck: {http: /health, interval: soon}
            """)
        // No server listens there: the file is refused before anything is sent.
        let result = try CommandRunner.run(["up", "services.yaml"], in: folder.url, environment: ["BATON_SERVER": "http://127.0.0.1:9"])
        #expect(result.status == 1)
        #expect(result.standardOutput == "")
        let problems = Set(result.standardError.split(separator: "\n").map(String.init))
        #expect(problems == [
            "services.yaml:5:5: services.web.replicas: expected an integer, found a string",
            "services.yaml:8:34: services.api.healthcheck.interval: “soon” is not a duration: write 10s, 500ms, 1m30s or a number of seconds",
        ], "\(result.standardError)")
    }

    @Test("logs --tail --grep prints the matching lines; logs -f prints new ones, and ends when the server stops")
    func logs() async throws {
        try await Node.withNode { node in
            try node.up()
            for _ in 0..<3 { #expect(try await Self.get(node.apiPort, "/hello") == 404) }
            var shown: [String] = []
            try await eventually("the three requests are logged") {
                shown = try node.baton(["logs", "api", "--tail", "5", "--grep", "/hello"]).standardOutput.split(separator: "\n").map(String.init)
                return shown.count == 3
            }
            #expect(shown.allSatisfy { $0.firstMatch(of: #/^\S+Z api-1 out \S+ api-1 "GET /hello" 404 /#) != nil }, "\(shown)")
            #expect(try node.baton(["logs", "api", "--tail", "2", "--grep", "/hello"]).standardOutput.split(separator: "\n").count == 2)
            #expect(try node.baton(["logs", "web"]).standardOutput.hasSuffix(" web-1 out web up as web-1\n"))
            let badSince = try node.baton(["logs", "api", "--since", "soon"])
            #expect(badSince.status == 1 && badSince.standardError.contains("400 invalid-input"), "\(badSince.standardError)")

            let follower = try Background(["logs", "api", "-f", "--tail", "1"], node: node)
            try await eventually("the follower prints the last line") { !follower.standardOutput.isEmpty }
            #expect(try await Self.get(node.apiPort, "/follow-me") == 404)
            try await eventually("the follower prints the new line; it printed: \(follower.standardOutput)") {
                follower.standardOutput.contains(#"api-1 "GET /follow-me" 404"#)
            }
            // SIGTERM with the follower attached: the server ends its stream and stops.
            node.server.process.terminate()
            #expect(try await node.server.waitForExit(), "baton serve did not stop while a follower was attached")
            try await eventually("the follower ends with the stream") { !follower.process.isRunning }
            #expect(follower.process.terminationStatus == 0)
        }
    }

    @Test("scale, restart, up of a changed file, history, rollback and stop")
    func revisions() async throws {
        try await Node.withNode { node in
            try node.up()
            let scaled = try node.baton(["scale", "web", "2"])
            #expect(scaled.status == 0 && scaled.standardOutput == "web scaled to 2\n", "\(scaled.standardError)")
            let restarted = try node.baton(["restart", "web"])
            #expect(restarted.status == 0 && restarted.standardOutput == "web restarted: 2/2 ready\n", "\(restarted.standardError)")

            let file = node.folder.url.appendingPathComponent("services.yaml")
            try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "MODE: a", with: "MODE: b").write(to: file, atomically: true, encoding: .utf8)
            let updated = try node.baton(["up", "."])
            #expect(updated.status == 0, "\(updated.standardError)")
            #expect(updated.standardOutput.contains("  web          updated   revision 2   healthy\n      environment.MODE: \"a\" → \"b\"\n"), "\(updated.standardOutput)")
            #expect(updated.standardOutput.contains("  api          unchanged revision 1   healthy\n"), "\(updated.standardOutput)")

            let history = try node.baton(["history", "web"]).standardOutput.split(separator: "\n").map(String.init)
            #expect(history.count == 4, "\(history)")
            #expect(history[0].firstMatch(of: #/^  1  \S+Z  up \S+services\.yaml$/#) != nil, "\(history)")
            #expect(history[1] == "      created")
            #expect(history[2].firstMatch(of: #/^\* 2  \S+Z  up \S+services\.yaml$/#) != nil, "\(history)")
            #expect(history[3] == #"      environment.MODE: "a" → "b""#)

            let rollback = try node.baton(["rollback", "web"])
            #expect(rollback.status == 0, "\(rollback.standardError)")
            let report = rollback.standardOutput.split(separator: "\n").map(String.init)
            #expect(report.prefix(2) == ["web: revision 2 → 3 (rolling)", #"  environment.MODE: "b" → "a""#], "\(report)")
            #expect(report.dropFirst(2).allSatisfy { $0.hasPrefix("  - web-") }, "\(report)")
            #expect(try node.baton(["history", "web"]).standardOutput.contains("* 3  "))
            let unknown = try node.baton(["rollback", "web", "--to", "7"])
            #expect(unknown.status == 1)
            #expect(unknown.standardError == "baton: the server refused (404 not-found): `web` has no revision 7; it has 1, 2, 3\n")

            #expect(try node.baton(["stop", "web"]).standardOutput == "web stopped\n")
            let web = try #require((try Self.json(try node.baton(["ps", "web", "--format", "json"]).standardOutput)["services"] as? [[String: Any]])?.first)
            #expect(web["status"] as? String == "stopped" && web["desired"] as? String == "stopped")
        }
    }

    @Test("graph: a text tree, Graphviz source with --as dot, and without Graphviz --as svg exits 1 saying how to install it")
    func graph() async throws {
        try await Node.withNode { node in
            try node.up()
            let tree = try node.baton(["graph"])
            #expect(tree.status == 0)
            #expect(tree.standardOutput == "web [healthy 1/1]\n  └─ api [healthy 1/1]  (healthy)\n")

            let dot = try node.baton(["graph", "--as", "dot"])
            #expect(dot.status == 0)
            #expect(dot.standardOutput.hasPrefix("digraph services {\n"))
            #expect(dot.standardOutput.contains(#"  "api" [label="api\nhealthy 1/1\n:\#(node.apiPort)", fillcolor=palegreen];"#), "\(dot.standardOutput)")
            #expect(dot.standardOutput.contains(#"  "web" -> "api" [style=solid];"#), "\(dot.standardOutput)")

            // A PATH without Graphviz, whether or not this machine has it.
            let svg = try node.baton(["graph", "--as", "svg"], environment: ["PATH": node.folder.url.path])
            #expect(svg.status == 1)
            #expect(svg.standardOutput == "")
            #expect(svg.standardError.contains("needs Graphviz's `dot`, which is not installed: install it (apt-get install graphviz), or use --as dot"), "\(svg.standardError)")
        }
    }
}
