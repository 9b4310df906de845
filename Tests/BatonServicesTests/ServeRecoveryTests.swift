import BatonTesting
import Foundation
import Testing
@testable import BatonServices

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// What happens to services when `baton serve` itself is killed, with the built `baton` and
/// `baton-demo` as an operator runs them: the instances die with it, and the next server on the
/// same database brings back what was declared.
@Suite("baton serve recovery", .timeLimit(.minutes(1)))
struct ServeRecoveryTests {
    /// A running `baton serve`, its standard error in a file; killed when let go of.
    final class Server {
        let process = Process()
        let errorURL: URL

        init(arguments: [String], folder: String, name: String) throws {
            errorURL = URL(fileURLWithPath: folder).appendingPathComponent("\(name).stderr")
            _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
            process.executableURL = URL(fileURLWithPath: try BuiltProducts.path("baton"))
            process.arguments = ["serve"] + arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = try FileHandle(forWritingTo: errorURL)
            process.standardInput = FileHandle.nullDevice
            try process.run()
        }

        var standardError: String { (try? String(contentsOf: errorURL, encoding: .utf8)) ?? "" }

        /// The API's port, from the line `baton serve` prints once it listens.
        func waitForPort() async throws -> Int {
            var port: Int?
            try await eventually("baton serve says where it listens", attempts: 3000) {
                port = standardError.firstMatch(of: /listening on http:\/\/127\.0\.0\.1:(\d+)/).flatMap { Int($0.1) }
                return port != nil || !process.isRunning
            }
            return try #require(port, "no listening line; standard error: \(standardError)")
        }

        func waitForExit() async throws {
            try await eventually("baton serve exits", attempts: 3000) { !process.isRunning }
        }

        deinit {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
    }

    /// Runs a `baton` command to its end without blocking a thread of the test.
    static func baton(_ arguments: [String], server: Int, folder: String) async throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try BuiltProducts.path("baton"))
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["BATON_SERVER"] = "http://127.0.0.1:\(server)"
        process.environment = environment
        let outputURL = URL(fileURLWithPath: folder).appendingPathComponent("command-\(UUID().uuidString).out")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        let output = try FileHandle(forWritingTo: outputURL)
        defer { try? output.close() }
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try await eventually("baton \(arguments.joined(separator: " ")) ends", attempts: 6000) { !process.isRunning }
        return (process.terminationStatus, (try? String(contentsOf: outputURL, encoding: .utf8)) ?? "")
    }

    /// `GET /services`: each service's status and its instances' names, statuses and pids.
    static func services(_ server: Int) async throws -> [String: (status: String, instances: [(name: String, status: String, pid: Int32?)])] {
        let url = try #require(URL(string: "http://127.0.0.1:\(server)/services"))
        let (data, _) = try await URLSession.shared.data(from: url)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var result: [String: (status: String, instances: [(name: String, status: String, pid: Int32?)])] = [:]
        for service in object["services"] as? [[String: Any]] ?? [] {
            let instances = (service["instances"] as? [[String: Any]] ?? []).map { instance in
                (name: instance["name"] as? String ?? "?", status: instance["status"] as? String ?? "?", pid: (instance["pid"] as? Int).map(Int32.init))
            }
            result[service["name"] as? String ?? "?"] = (service["status"] as? String ?? "?", instances)
        }
        return result
    }

    @Test("kill -9 of baton serve leaves no instance running; the next baton serve on the database restores the services, healthy on their ports")
    func killedServerLeavesNoOrphans() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("baton-serve-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try BuiltProducts.path("baton-demo")
        let (alphaPort, betaPort) = (try TestPorts.free(), try TestPorts.free())
        let instancePorts = TestPorts.instanceRange()
        let file = folder + "/services.yaml"
        try """
            name: pair
            services:
              alpha:
                command: [baton-demo, serve, --drain-timeout, "1"]
                environment: {WORK_MS: "0"}
                ports: [\(alphaPort)]
                healthcheck: {http: /health, interval: 500ms}
                stop_grace_period: 3s
              beta:
                command: [baton-demo, serve, --drain-timeout, "1"]
                environment: {WORK_MS: "0", DOWNSTREAM: "http://127.0.0.1:\(alphaPort)/"}
                ports: [\(betaPort)]
                healthcheck: {http: /health, interval: 500ms}
                depends_on: {alpha: {condition: service_healthy}}
                stop_grace_period: 3s
            """.write(toFile: file, atomically: true, encoding: .utf8)
        let arguments = ["--db", folder + "/baton.sqlite", "--port", "0", "--instance-ports", "\(instancePorts.lowerBound)-\(instancePorts.upperBound - 1)"]
        // Whatever happens, no instance outlives the test: each leads its own process group.
        var seen: Set<Int32> = []
        defer { for pid in seen where !hasEnded(pid) { kill(-pid, SIGKILL) } }

        let first = try Server(arguments: arguments, folder: folder, name: "first")
        let firstPort = try await first.waitForPort()
        let up = try await Self.baton(["up", file, "--timeout", "30s"], server: firstPort, folder: folder)
        try #require(up.status == 0, "baton up: \(up.output)")
        let before = try await Self.services(firstPort)
        #expect(before["alpha"]?.status == "healthy" && before["beta"]?.status == "healthy", "\(before)")
        let oldPids = before.values.flatMap { $0.instances.compactMap(\.pid) }
        #expect(oldPids.count == 2)
        seen.formUnion(oldPids)
        #expect(LoopbackClient.get(port: betaPort).status == 200)

        kill(first.process.processIdentifier, SIGKILL)
        try await first.waitForExit()
        try await waitUntil("every instance has died with its server", state: { "running: \(oldPids.filter { !hasEnded($0) })" }) {
            oldPids.allSatisfy { hasEnded($0) }
        }
        #expect(LoopbackClient.get(port: alphaPort).status == nil, "the stable port went with the server")

        let second = try Server(arguments: arguments, folder: folder, name: "second")
        let secondPort = try await second.waitForPort()
        var after: [String: (status: String, instances: [(name: String, status: String, pid: Int32?)])] = [:]
        try await waitUntil("the services are back and healthy", state: { "\(after)" }) {
            after = try await Self.services(secondPort)
            seen.formUnion(after.values.flatMap { $0.instances.compactMap(\.pid) })
            return after["alpha"]?.status == "healthy" && after["beta"]?.status == "healthy"
        }
        let newPids = after.values.flatMap { $0.instances.compactMap(\.pid) }
        #expect(newPids.count == 2)
        #expect(Set(newPids).isDisjoint(with: oldPids), "new processes")
        #expect(LoopbackClient.get(port: alphaPort).status == 200)
        #expect(LoopbackClient.get(port: betaPort).status == 200, "beta answers, calling alpha through its stable port")

        second.process.terminate()
        try await second.waitForExit()
        #expect(second.process.terminationStatus == 0, "standard error: \(second.standardError)")
        #expect(newPids.allSatisfy { hasEnded($0) }, "a graceful stop stops the instances")
    }
}
