import Foundation
import Testing
@testable import BatonWorkflow
import BatonTesting

/// The official JSON-Schema-Test-Suite, draft 2020-12 (the required tests): every case of every file.
@Suite(.enabled(if: SharedFiles.isAvailable, Comment(rawValue: SharedFiles.absenceReason)))
struct JSONSchemaSuiteTests {
    static let folder = "spec/json-schema-test-suite/tests/draft2020-12"

    /// Tests that are known to fail, by `file / case / test`, each with the reason. The suite asserts
    /// that exactly these fail, so both a regression and a fix show up.
    static let knownFailures: [String: String] = [:]

    static var fileNames: [String] {
        SharedFiles.files(under: folder, extensions: ["json"]).map(\.lastPathComponent)
    }

    /// Serves `http://localhost:1234/...` from the suite's `remotes/` folder, as the suite requires.
    static let registry = SchemaRegistry { uri in
        let prefix = "http://localhost:1234/"
        guard uri.hasPrefix(prefix) else { return nil }
        let file = SharedFiles.url("spec/json-schema-test-suite/remotes").appendingPathComponent(String(uri.dropFirst(prefix.count)))
        guard let data = FileManager.default.contents(atPath: file.path) else { return nil }
        return try JSONValue(jsonText: String(decoding: data, as: UTF8.self), file: file.path)
    }

    struct Outcome {
        var passed = 0
        var failures: [String: String] = [:]
    }

    /// Runs every test of one file; a failure records what went wrong.
    static func run(_ fileName: String) throws -> Outcome {
        let url = SharedFiles.url(folder).appendingPathComponent(fileName)
        let text = try String(contentsOf: url, encoding: .utf8)
        var outcome = Outcome()
        for testCase in try JSONValue(jsonText: text, file: fileName).arrayValue ?? [] {
            let caseName = testCase["description"]?.stringValue ?? "?"
            let tests = testCase["tests"]?.arrayValue ?? []
            let schema: JSONSchema
            do {
                schema = try JSONSchema(testCase["schema"] ?? .null, registry: registry)
            } catch {
                for test in tests {
                    outcome.failures["\(fileName) / \(caseName) / \(test["description"]?.stringValue ?? "?")"] = "does not compile: \(error)"
                }
                continue
            }
            for test in tests {
                let name = "\(fileName) / \(caseName) / \(test["description"]?.stringValue ?? "?")"
                let expected = test["valid"]?.boolValue ?? false
                let data = test["data"] ?? .null
                let errors = schema.validate(data)
                let quick = schema.isValid(data)
                if errors.isEmpty == expected && quick == expected {
                    outcome.passed += 1
                } else {
                    outcome.failures[name] = "expected \(expected ? "valid" : "invalid"); validate: \(errors.isEmpty ? "valid" : errors.map(\.description).joined(separator: "; ")), isValid: \(quick)"
                }
            }
        }
        return outcome
    }

    @Test(arguments: fileNames)
    func file(_ fileName: String) throws {
        let outcome = try Self.run(fileName)
        let expected = Self.knownFailures.filter { $0.key.hasPrefix(fileName + " / ") }
        print("JSON Schema suite \(fileName): \(outcome.passed) passed, \(outcome.failures.count) failed")
        for (name, reason) in outcome.failures.sorted(by: { $0.key < $1.key }) where expected[name] == nil {
            Issue.record("\(name): \(reason)")
        }
        for name in expected.keys.sorted() where outcome.failures[name] == nil {
            Issue.record("\(name) is listed as a known failure but passes now; remove it from the list")
        }
    }

    @Test func totalPassCount() throws {
        var passed = 0
        var failed = 0
        for fileName in Self.fileNames {
            let outcome = try Self.run(fileName)
            passed += outcome.passed
            failed += outcome.failures.count
        }
        print("JSON Schema suite draft2020-12: \(passed) of \(passed + failed) tests pass")
        #expect(passed + failed == 1299)
        #expect(failed == Self.knownFailures.count)
    }
}
