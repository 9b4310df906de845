import BatonTesting
import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A `baton-demo` process started by a test, its output in files the test reads while it runs;
/// killed and its files removed when the test lets go of it.
final class DemoProcess {
    /// The `baton-demo` binary in the build products folder, next to the test bundle.
    static let executable: URL = {
        let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [products, products.deletingLastPathComponent()].map { $0.appendingPathComponent("baton-demo") }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }()

    let process = Process()
    private let folder: URL

    /// Starts `baton-demo` with `arguments` and only `environment` (and `PATH`), so that the
    /// variables of the test run (a `PORT`, a `FAULTS`) do not leak in.
    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("baton-demo-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in ["stdout", "stderr"] {
            _ = FileManager.default.createFile(atPath: folder.appendingPathComponent(name).path, contents: nil)
        }
        process.executableURL = Self.executable
        process.arguments = arguments
        var processEnvironment = environment
        processEnvironment["PATH"] = ProcessInfo.processInfo.environment["PATH"]
        process.environment = processEnvironment
        process.standardOutput = try FileHandle(forWritingTo: folder.appendingPathComponent("stdout"))
        process.standardError = try FileHandle(forWritingTo: folder.appendingPathComponent("stderr"))
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    /// Starts `baton-demo serve` on a port of the system's choosing, waits until it listens, and
    /// runs `body` with it; kills it when `body` returns, if it still runs.
    static func withServe<T>(
        _ arguments: [String] = [], environment: [String: String] = [:], _ body: (DemoProcess, _ port: Int) async throws -> T
    ) async throws -> T {
        let demo = try DemoProcess(["serve"] + arguments, environment: environment.merging(["PORT": "0"]) { old, _ in old })
        defer { demo.stop() }
        return try await body(demo, try await demo.waitForPort())
    }

    var standardOutput: String { read("stdout") }
    var standardError: String { read("stderr") }

    private func read(_ name: String) -> String {
        (try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)) ?? ""
    }

    /// The port from the listening line.
    func waitForPort() async throws -> Int {
        var port: Int?
        try await eventually("baton-demo says where it listens", attempts: 3000) {
            port = standardError.firstMatch(of: /listening on http:\/\/127\.0\.0\.1:(\d+)/).flatMap { Int($0.1) }
            return port != nil || !process.isRunning
        }
        return try #require(port, "no listening line; standard error: \(standardError)")
    }

    /// The exit status, once the process has exited.
    func waitForExit() async throws -> Int32 {
        try await eventually("baton-demo exits", attempts: 3000) { !process.isRunning }
        return process.terminationStatus
    }

    /// Kills the process if it still runs.
    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: folder)
    }
}

/// A plain HTTP client for the tests.
enum HTTP {
    struct Answer {
        var status: Int
        var body: String
        var headers: [AnyHashable: Any] = [:]

        func header(_ name: String) -> String? {
            headers.first { ($0.key as? String)?.lowercased() == name.lowercased() }?.value as? String
        }

        /// The body parsed as a JSON object.
        func json() throws -> [String: Any] {
            try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any], "not a JSON object: \(body)")
        }
    }

    static func get(_ port: Int, _ path: String) async throws -> Answer {
        try await send("GET", port, path)
    }

    static func send(_ method: String, _ port: Int, _ path: String, body: String? = nil) async throws -> Answer {
        var request = URLRequest(url: try #require(URL(string: "http://127.0.0.1:\(port)\(path)")))
        request.httpMethod = method
        request.timeoutInterval = 30
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as? HTTPURLResponse
        return Answer(status: http?.statusCode ?? 0, body: String(decoding: data, as: UTF8.self), headers: http?.allHeaderFields ?? [:])
    }
}
