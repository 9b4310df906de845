import ArgumentParser
import BatonConformance
import Foundation

/// `baton-ctk`: runs Gherkin features of the Open Workflow Specification conformance kit on
/// Baton's engine, with local fakes standing in for the hosts the scenarios call.
struct BatonCTK: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baton-ctk",
        abstract: "Run Open Workflow Specification conformance kit features on Baton's engine.",
        discussion: """
            Each scenario of the given feature files runs on Baton's workflow executor. HTTP calls \
            to petstore.swagger.io and httpbin.org go to local fakes started for the run on \
            127.0.0.1, so no scenario reaches the network.

            The output is a line per scenario, `✔ FILE:LINE NAME` or `✘ FILE:LINE NAME — REASON`, \
            then `N passed, N failed` as the last line. The exit status is 0 when every scenario \
            passes, 1 when any fails (or a feature file does not parse), and 2 for a usage error.
            """
    )

    @Argument(help: "Feature files, or folders searched recursively for *.feature files.", completion: .file(extensions: ["feature"]))
    var paths: [String]

    @Option(help: "Run only the scenarios whose name contains this text (ignoring case).")
    var filter: String?

    @Flag(help: "Print the events of each run and the requests the fakes answer.")
    var verbose = false

    @Option(help: "Seconds a workflow may run before its scenario fails.")
    var timeout: Double = 60

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("give at least one feature file or folder") }
        guard timeout > 0 else { throw ValidationError("--timeout must be a positive number of seconds") }
    }

    /// Runs the scenarios and returns the exit status.
    func runSuite() async -> Int32 {
        let entries: [FeatureFiles.Entry]
        do {
            entries = try FeatureFiles.collect(paths)
        } catch {
            return Self.usageError(error.description)
        }
        let suite = ConformanceSuite.load(entries).filtered(nameContaining: filter)
        if suite.scenarios.isEmpty && suite.errors.isEmpty {
            return Self.usageError("no scenario name contains \"\(filter ?? "")\"")
        }
        do {
            let summary = try await suite.run(
                makeExecutor: { hosts in EngineScenarioExecutor.conformanceKit(hosts: hosts) }, timeout: .milliseconds(Int(timeout * 1000)),
                verbose: verbose, output: Self.printLine
            )
            return summary.failed == 0 ? 0 : 1
        } catch {
            Self.printError("baton-ctk: \(error)")
            return 1
        }
    }

    @Sendable static func printLine(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    static func usageError(_ message: String) -> Int32 {
        printError("Error: \(message)\nUsage: \(usageString())\n  See 'baton-ctk --help' for more information.")
        return 2
    }
}
