import BatonServices
import BatonTesting
import Foundation
import Hummingbird
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct HealthProberTests {
    let prober = HealthProber()

    /// `/health` 200, `/unavailable` 503, `/moved` 302, `/slow` waits for `gate`.
    static func router(gate: Gate) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("health") { _, _ in "ok" }
        router.get("unavailable") { _, _ in Response(status: .serviceUnavailable) }
        router.get("moved") { _, _ in Response(status: .found, headers: [.location: "/health"]) }
        router.get("slow") { _, _ -> String in
            await gate.wait()
            return "late"
        }
        return router
    }

    func withServer(_ body: (Int) async throws -> Void) async throws {
        let gate = Gate()
        defer { gate.open() }
        try await TestServers.withHTTPServer(Self.router(gate: gate)) { port in
            do {
                try await body(port)
            } catch {
                gate.open()
                throw error
            }
            gate.open()
        }
    }

    @Test func httpTwoHundredIsHealthy() async throws {
        try await withServer { port in
            let result = await prober.check(.http("/health", timeout: Self.generousTimeout), target: .init(port: port))
            #expect(result.healthy)
            #expect(result.detail == "HTTP 200 from /health")
            #expect(result.duration > .zero)
        }
    }

    @Test func httpRedirectIsHealthy() async throws {
        try await withServer { port in
            let result = await prober.check(.http("moved", timeout: Self.generousTimeout), target: .init(port: port))
            #expect(result.healthy)
            #expect(result.detail == "HTTP 302 from /moved")
        }
    }

    @Test func http503IsUnhealthyAndSaysSo() async throws {
        try await withServer { port in
            let result = await prober.check(.http("/unavailable", timeout: Self.generousTimeout), target: .init(port: port))
            #expect(!result.healthy)
            #expect(result.detail == "HTTP 503 from /unavailable")
        }
    }

    @Test func httpWithoutAnswerTimesOut() async throws {
        try await withServer { port in
            let result = await prober.check(.http("/slow", timeout: .milliseconds(300)), target: .init(port: port))
            #expect(!result.healthy)
            #expect(result.detail == "timed out after 300ms")
        }
    }

    @Test func httpOnAClosedPortIsRefused() async throws {
        let port = try await TestServers.closedPort()
        let result = await prober.check(.http("/health", timeout: Self.generousTimeout), target: .init(port: port))
        #expect(!result.healthy)
        #expect(result.detail == "connection refused on 127.0.0.1:\(port)")
    }

    @Test func theProbesPortWinsOverTheInstancePort() async throws {
        let closed = try await TestServers.closedPort()
        try await withServer { port in
            let result = await prober.check(.http("/health", port: port), target: .init(port: closed))
            #expect(result.healthy)
        }
    }

    @Test func httpOnANonHTTPServerIsUnhealthy() async throws {
        try await TestServers.withEchoServer(greeting: "SSH-2.0-OpenSSH\r\n") { port in
            let result = await prober.check(.http("/health", timeout: Self.generousTimeout), target: .init(port: port))
            #expect(!result.healthy)
            #expect(result.detail.contains("not an HTTP response"))
        }
    }

    @Test func withoutAPortTheProbeSaysWhatIsMissing() async {
        let result = await prober.check(.tcp(), target: .init(port: nil))
        #expect(!result.healthy)
        #expect(result.detail.contains("no port to probe"))
    }

    @Test func tcpConnectsToAListeningPort() async throws {
        try await TestServers.withEchoServer { port in
            let result = await prober.check(.tcp(), target: .init(port: port))
            #expect(result.healthy)
            #expect(result.detail == "connected to 127.0.0.1:\(port)")
        }
    }

    @Test func tcpOnAClosedPortIsRefused() async throws {
        let port = try await TestServers.closedPort()
        let result = await prober.check(.tcp(), target: .init(port: port))
        #expect(!result.healthy)
        #expect(result.detail == "connection refused on 127.0.0.1:\(port)")
    }

    // MARK: - Commands

    /// Generous: these tests are about what an outcome means, and on a loaded machine
    /// (the whole suite starts processes at once) a shell can take seconds to start and be reaped.
    static let generousTimeout = Duration.seconds(30)

    @Test func commandExitingZeroIsHealthyWithItsLastLine() async {
        let result = await prober.check(.command(["/bin/sh", "-c", "echo starting; echo ready; echo"], timeout: Self.generousTimeout), target: .init())
        #expect(result.healthy)
        #expect(result.detail == "ready")
    }

    @Test func commandExitingOneIsUnhealthyWithItsErrorOutput() async {
        let result = await prober.check(.command(["/bin/sh", "-c", "echo checking; echo database is down >&2; exit 1"], timeout: Self.generousTimeout), target: .init())
        #expect(!result.healthy)
        #expect(result.detail == "exit status 1: database is down")
    }

    @Test func commandRunsInTheInstanceEnvironmentAndDirectory() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("probe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let target = HealthProbe.Target(environment: ["GREETING": "hello"], workingDirectory: directory.path)
        let result = await prober.check(.command(["/bin/sh", "-c", #"echo "$GREETING from $(pwd)""#], timeout: Self.generousTimeout), target: target)
        #expect(result.healthy)
        #expect(result.detail == "hello from \(directory.path)")
    }

    @Test func commandNotFoundSaysWhere() async {
        let result = await prober.check(.command(["baton-no-such-probe"]), target: .init(environment: ["PATH": "/nonexistent"]))
        #expect(!result.healthy)
        #expect(result.detail.hasPrefix("cannot run `baton-no-such-probe`"))
    }

    @Test func commandPastItsTimeoutIsKilledWithItsChildren() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("probe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // The shell and its child `sleep` write their process ids, then wait far past the timeout.
        let script = "echo $$ > shell.pid; sleep 60 & echo $! > child.pid; echo waiting for the database; wait"
        let result = await prober.check(
            .command(["/bin/sh", "-c", script], timeout: .milliseconds(500)), target: .init(workingDirectory: directory.path)
        )
        #expect(!result.healthy)
        #expect(result.detail == "timed out after 500ms; last output: waiting for the database")
        for name in ["shell.pid", "child.pid"] {
            let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            let pid = try #require(pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)))
            try await eventually("process \(pid) (\(name)) is gone") { Self.isGone(pid) }
        }
    }

    /// Whether no process `pid` runs: none exists, or only its zombie is left for init to reap.
    static func isGone(_ pid: pid_t) -> Bool {
        if kill(pid, 0) != 0 { return errno == ESRCH }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let afterName = stat.range(of: ") ", options: .backwards)
        else { return true }
        return stat[afterName.upperBound...].hasPrefix("Z")
    }
}
