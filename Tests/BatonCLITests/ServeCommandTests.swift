import BatonTesting
import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `baton serve` as an operator runs it: the real binary on a free port, stopped by SIGTERM.
@Suite("baton serve")
struct ServeCommandTests {
    /// A running `baton serve`, its standard error in a file the test reads while it runs.
    final class Server {
        let process = Process()
        let errorURL: URL

        init(arguments: [String], folder: ScratchFolder) throws {
            errorURL = folder.url.appendingPathComponent("serve.stderr")
            _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
            process.executableURL = CommandRunner.executable
            process.arguments = ["serve"] + arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = try FileHandle(forWritingTo: errorURL)
            process.standardInput = FileHandle.nullDevice
            try process.run()
        }

        var standardError: String { (try? String(contentsOf: errorURL, encoding: .utf8)) ?? "" }

        /// The port from the listening line, polled a bounded number of times.
        func waitForPort() async throws -> Int {
            var port: Int?
            try await eventually("baton serve says where it listens", attempts: 3000) {
                if let match = standardError.firstMatch(of: /baton serve: listening on http:\/\/127\.0\.0\.1:(\d+) \(database (.+)\)\n/) {
                    port = Int(match.1)
                }
                return port != nil || !process.isRunning
            }
            return try #require(port, "no listening line; standard error: \(standardError)")
        }

        /// Waits, a bounded number of times, for the process to exit.
        func waitForExit() async throws -> Bool {
            try? await eventually("baton serve exits", attempts: 3000) { !process.isRunning }
            return !process.isRunning
        }

        deinit {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
    }

    @Test("listens on a free port and says so, answers /health, keeps a second server off its database, and exits 0 on SIGTERM")
    func serveAndStop() async throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let database = folder.url.appendingPathComponent("baton.sqlite").path
        let server = try Server(arguments: ["--db", database, "--port", "0"], folder: folder)
        let port = try await server.waitForPort()
        #expect(port > 0)
        #expect(server.standardError.contains("(database \(database))"))

        let (data, response) = try await URLSession.shared.data(from: try #require(URL(string: "http://127.0.0.1:\(port)/health")))
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: data, as: UTF8.self) == #"{"status":"ok"}"#)
        #expect((response as? HTTPURLResponse)?.value(forHTTPHeaderField: "Content-Type") == "application/json")

        let second = try CommandRunner.run(["serve", "--db", database, "--port", "0"])
        #expect(second.status == 1)
        #expect(second.standardError.contains("\(database) is in use by another `baton serve`"), "\(second.standardError)")

        server.process.terminate()
        #expect(try await server.waitForExit(), "the server did not stop after SIGTERM")
        #expect(server.process.terminationReason == .exit)
        #expect(server.process.terminationStatus == 0, "standard error: \(server.standardError)")
    }

    @Test("a bad option is a usage error (exit 2)")
    func usage() throws {
        let result = try CommandRunner.run(["serve", "--port", "70000"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("--port"))
    }
}
