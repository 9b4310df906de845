import ArgumentParser
import BatonWorkflow
import Foundation

/// `baton apply FILE...`: stores workflow definitions on the server.
struct ApplyCommand: ClientCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Store workflow definitions on a Baton server.",
        discussion: """
            Each file is validated by the server; an invalid one is refused with every problem \
            and its position, and nothing of it is stored. Definitions are immutable: storing \
            the same version again with other content is refused — give it a new version.
            """)

    @Argument(help: "Workflow files (YAML or JSON).")
    var files: [String]

    @OptionGroup var connection: ServerOptions

    func run(with client: BatonClient) async throws {
        var failed = false
        for file in files {
            let text: String
            do {
                text = try String(contentsOfFile: file, encoding: .utf8)
            } catch {
                printError("baton: cannot read \(file): \(error.localizedDescription)")
                failed = true
                continue
            }
            do {
                let answer = try await client.request(.PUT, "/definitions", body: text, headers: [("Content-Type", "application/yaml")])
                for warning in answer["warnings"]?.arrayValue ?? [] { printError(ProblemText.line(warning, file: file)) }
                emit(answer) {
                    let key = "\(answer["namespace"]?.stringValue ?? "?")/\(answer["name"]?.stringValue ?? "?")@\(answer["version"]?.stringValue ?? "?")"
                    return "\(key) \(answer["created"] == true ? "stored" : "unchanged")"
                }
            } catch {
                printError("baton: \(file): " + error.description)
                for problem in error.problems { printError(ProblemText.line(problem, file: file)) }
                failed = true
            }
        }
        if failed { throw ExitCode.failure }
    }
}
