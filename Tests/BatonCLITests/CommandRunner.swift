import Foundation

/// Runs the `baton` executable built beside the tests and collects what it printed.
struct CommandRunner {
    struct Result {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    /// The `baton` binary in the build products folder, next to the test bundle.
    static let executable: URL = {
        let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [products, products.deletingLastPathComponent()].map { $0.appendingPathComponent("baton") }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }()

    /// - Parameter standardInput: what the command reads on standard input (typed answers);
    ///   nil: nothing (end of file at once).
    static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:], standardInput: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var processEnvironment = ProcessInfo.processInfo.environment
        processEnvironment.removeValue(forKey: "BATON_OWS_SCHEMA")
        processEnvironment.merge(environment) { _, new in new }
        process.environment = processEnvironment
        // Output goes to files rather than pipes, so that however much the command prints, it
        // never blocks on a full pipe while the test waits for it.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("baton-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let outputURL = folder.appendingPathComponent("stdout"), errorURL = folder.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        let output = try FileHandle(forWritingTo: outputURL), error = try FileHandle(forWritingTo: errorURL)
        defer {
            try? output.close()
            try? error.close()
        }
        process.standardOutput = output
        process.standardError = error
        if let standardInput {
            let inputURL = folder.appendingPathComponent("stdin")
            try Data(standardInput.utf8).write(to: inputURL)
            process.standardInput = try FileHandle(forReadingFrom: inputURL)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        try process.run()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            standardOutput: String(decoding: try Data(contentsOf: outputURL), as: UTF8.self),
            standardError: String(decoding: try Data(contentsOf: errorURL), as: UTF8.self)
        )
    }
}

/// A scratch folder for one test, removed when the test ends.
struct ScratchFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("baton-cli-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try Data(text.utf8).write(to: url.appendingPathComponent(name))
        return name
    }

    @discardableResult
    func write(_ name: String, data: Data) throws -> String {
        try data.write(to: url.appendingPathComponent(name))
        return name
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}
