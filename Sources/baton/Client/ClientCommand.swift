import ArgumentParser
import BatonWorkflow
import Foundation

/// What the commands that talk to a server share: the client, and turning its errors into a
/// message on standard error and exit status 1.
protocol ClientCommand: AsyncParsableCommand {
    var connection: ServerOptions { get }
    func run(with client: BatonClient) async throws
}

extension ClientCommand {
    func run() async throws {
        do {
            try await run(with: connection.client())
        } catch let error as ClientError {
            printError("baton: " + error.description)
            for problem in error.problems { printError(ProblemText.line(problem)) }
            throw ExitCode.failure
        }
    }

    /// Prints an answer: as JSON with `--format json`, else as `text` says.
    func emit(_ value: JSONValue, text: () -> String) {
        switch connection.format {
        case .json: print(value.jsonText(pretty: true))
        case .text: print(text())
        }
    }
}

enum ProblemText {
    /// `file:line:column: severity: path: message`, as `baton validate` prints problems.
    static func line(_ problem: JSONValue, file: String? = nil) -> String {
        let name = file ?? problem["file"]?.stringValue ?? "document"
        let place = [problem["line"], problem["column"]].compactMap { $0?.intValue.map(String.init) }.joined(separator: ":")
        let path = problem["path"]?.stringValue.map { $0.isEmpty ? "" : $0 + ": " } ?? ""
        let severity = problem["severity"]?.stringValue ?? "error"
        return "\(name)\(place.isEmpty ? "" : ":" + place): \(severity): \(path)\(problem["message"]?.stringValue ?? problem.jsonText())"
    }
}

/// Reads `--input`/`--data` values: JSON text, or `@FILE` (JSON or YAML), `@-` for standard input.
func readJSONArgument(_ argument: String, option: String) throws -> JSONValue {
    do {
        return try RunCommand.readInput(argument)
    } catch let error as ValidationError {
        throw ValidationError(error.message.replacingOccurrences(of: "--input", with: option))
    }
}
