import ArgumentParser
import BatonWorkflow
import Foundation

/// Documents per second through `baton validate`'s pipeline (read with positions, typed model,
/// semantic checks, and optionally the official JSON Schema), and the time to read a large document.
struct ValidationBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Measure workflow validation: documents per second, and a 10 MB document."
    )

    @Argument(help: "Folders or files of workflow documents to validate (default: examples/).")
    var paths: [String] = ["examples"]

    @Option(help: "An OWS JSON Schema to check against as well, e.g. the specification's schema/workflow.yaml.")
    var schema: String?

    @Option(help: "Seconds to run each case.")
    var duration: Double = 2

    @Option(help: "Size of the large generated document, in MB.")
    var largeMegabytes: Int = 10

    func run() throws {
        let files = try Self.documents(in: paths)
        guard !files.isEmpty else { throw ValidationError("no .yaml, .yml or .json documents under \(paths.joined(separator: ", "))") }
        let texts = try files.map { try String(contentsOf: $0, encoding: .utf8) }
        var validator = WorkflowValidator()
        if let schema {
            validator.schema = try WorkflowValidator.loadSchema(contentsOf: URL(fileURLWithPath: schema))
        }
        let invalid = zip(files, texts).filter { !validator.validate(text: $1, file: $0.path).isValid }
        guard invalid.isEmpty else {
            throw ValidationError("these documents are not valid, so they would not measure the full pipeline: \(invalid.map(\.0.path).joined(separator: ", "))")
        }
        let bytes = texts.map(\.utf8.count).reduce(0, +)
        print("Validating \(files.count) documents (\(bytes / files.count) bytes on average)\(schema == nil ? "" : " with the JSON Schema too"), \(duration)s per case")
        let loader = DocumentLoader()
        let configured = validator
        let measurements = [
            Measurement.run("read with positions only", duration: duration, warmUp: 2) { _, count in
                _ = try? loader.load(text: texts[count < 0 ? 0 : count % texts.count], file: "bench.yaml")
            },
            Measurement.run("full validation", duration: duration, warmUp: 2) { _, count in
                let index = count < 0 ? 0 : count % texts.count
                _ = configured.validate(text: texts[index], file: "bench.yaml")
            },
        ]
        for measurement in measurements {
            let name = measurement.name.padding(toLength: 28, withPad: " ", startingAt: 0)
            print("  " + name + String(format: "%9.0f documents/s  %7.1f µs/document", measurement.perSecond, 1e6 / measurement.perSecond))
        }

        let large = Self.largeDocument(bytes: largeMegabytes * 1_000_000)
        var largeValidator = validator
        largeValidator.loader = DocumentLoader(limits: .init(maximumBytes: large.utf8.count + 1))
        let clock = ContinuousClock()
        var report: ValidationReport?
        let elapsed = clock.measure { report = largeValidator.validate(text: large, file: "large.yaml") }
        guard report?.isValid == true else { throw ValidationError("the generated large document did not validate: \(report?.diagnostics ?? [])") }
        let refusedElapsed = clock.measure { _ = validator.validate(text: large, file: "large.yaml") }
        print("  \(String(format: "%.1f MB", Double(large.utf8.count) / 1e6)) document: validated in \(elapsed); refused by the default limit in \(refusedElapsed)")
    }

    static func documents(in paths: [String]) throws -> [URL] {
        var files: [URL] = []
        for path in paths {
            let url = URL(fileURLWithPath: path)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw ValidationError("\(path): no such file or folder") }
            if isDirectory.boolValue {
                let contents = FileManager.default.enumerator(at: url, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
                files += contents.filter { ["yaml", "yml", "json"].contains($0.pathExtension) }.sorted { $0.path < $1.path }
            } else {
                files.append(url)
            }
        }
        return files
    }

    /// A valid workflow of about `bytes` bytes: one `set` task holding a long list of strings.
    static func largeDocument(bytes: Int) -> String {
        var text = "document:\n  dsl: '1.0.3'\n  namespace: bench\n  name: large\n  version: '1.0.0'\ndo:\n  - fill:\n      set:\n        values:\n"
        let line = "          - \"" + String(repeating: "x", count: 88) + "\"\n"
        text.reserveCapacity(bytes + line.utf8.count)
        while text.utf8.count < bytes { text += line }
        return text
    }
}
