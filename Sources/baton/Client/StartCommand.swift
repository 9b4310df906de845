import ArgumentParser
import BatonWorkflow
import Foundation

/// `baton start NAME`: starts a run of a stored workflow on the server.
struct StartCommand: ClientCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Start a run of a stored workflow.",
        discussion: "Prints the run's id; with --wait, follows the run and prints its output (exit 1 if it faults or is cancelled).")

    @Argument(help: "The workflow's name (`namespace/name` or `name` in --namespace).")
    var name: String

    @Option(help: "The workflow's namespace when NAME has none.")
    var namespace = "default"

    @Option(help: "The version to run; default: the latest stored.")
    var version: String?

    @Option(help: ArgumentHelp("The run's input: JSON text, or @FILE (JSON or YAML), @- for standard input.", valueName: "json"))
    var input: String?

    @Option(help: "The run's id; default: a new one.")
    var id: String?

    @Flag(help: "Wait for the run to finish and print its output.")
    var wait = false

    @OptionGroup var connection: ServerOptions

    func validate() throws {
        if let input { _ = try readJSONArgument(input, option: "--input") }
    }

    func run(with client: BatonClient) async throws {
        let parts = name.split(separator: "/", maxSplits: 1).map(String.init)
        var body: [String: JSONValue] = [
            "namespace": .string(parts.count == 2 ? parts[0] : namespace), "name": .string(parts.last ?? name),
            "input": try input.map { try readJSONArgument($0, option: "--input") } ?? .object([:]),
        ]
        if let version { body["version"] = .string(version) }
        if let id { body["id"] = .string(id) }
        let run = try await client.request(.POST, "/runs", json: .object(body))
        guard let runID = run["id"]?.stringValue else { throw ClientError("the server answered a run without an id: \(run.jsonText())") }
        guard wait else {
            emit(run) { runID }
            return
        }
        printError("run \(runID) started")
        try await client.followEvents("/runs/\(runID)/events") { _, _ in }
        let finished = try await client.request(.GET, "/runs/\(runID)")
        switch finished["status"]?.stringValue {
        case "completed":
            emit(finished) { (finished["output"] ?? .null).jsonText(pretty: true) }
        default:
            emit(finished) { "run \(runID) \(finished["status"]?.stringValue ?? "?")" }
            if let error = finished["error"] { printError(error.jsonText(pretty: true)) }
            throw ExitCode.failure
        }
    }
}
