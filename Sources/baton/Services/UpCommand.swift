import ArgumentParser
import BatonServices
import BatonWorkflow
import Foundation
import NIOCore

/// `baton up [FILE|DIR]`: applies a services file on the server and waits until its services are healthy.
struct UpCommand: ClientCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Define and start the services of a services file (docker compose up).",
        discussion: """
            Reads FILE (or DIR/services.yaml; default: ./services.yaml), checks it here — every \
            problem with file:line:column — and sends it to the server, which stores a revision \
            for each new or changed service and starts them in dependency order: new services \
            start, changed ones are updated by their update strategy, others stay as they are. \
            Waits until every service is healthy (--no-wait returns once they are started). \
            When something cannot start (a port in use, a missing program) nothing is changed; \
            when a service fails while starting, the report says what started and what did not.
            """)

    @Argument(help: "A services file, or a directory holding services.yaml.")
    var path: String = "."

    @Flag(help: "Return once the processes are started, without waiting for them to be healthy.")
    var noWait = false

    @Option(help: "How long to wait for the services to be healthy (e.g. 90s, 2m).")
    var timeout: String = "120s"

    @OptionGroup var connection: ServerOptions

    func run(with client: BatonClient) async throws {
        let project: ServiceProject
        do {
            project = try ServiceProject.load(path: path)
        } catch {
            for diagnostic in error.diagnostics { printError(diagnostic.description) }
            throw ExitCode.failure
        }
        guard DurationText.parse(timeout) != nil else {
            throw ValidationError("--timeout \(timeout): expected a duration such as 90s or 2m")
        }
        let services = JSONValue.object(Dictionary(uniqueKeysWithValues: project.services.map { ($0.name.rawValue, $0.documentValue) }))
        if connection.format == .text {
            print("\(project.name): applying \(project.services.count) services from \(project.file)…")
        }
        let answer: JSONValue
        do {
            answer = try await client.request(
                .POST, "/services/up",
                json: ["project": .string(project.name), "file": .string(project.file), "services": services, "wait": .bool(!noWait), "timeout": .string(timeout)],
                timeout: .seconds(Int64((DurationText.parse(timeout)?.components.seconds ?? 120) + 60)))
        } catch {
            // A report of services that did not come up is still a report.
            guard error.status == 500, error.answer["services"] != nil else { throw error }
            answer = error.answer
        }
        emit(answer) { Self.text(answer) }
        if answer["succeeded"] != true { throw ExitCode.failure }
    }

    static func text(_ answer: JSONValue) -> String {
        var lines: [String] = []
        for entry in answer["services"]?.arrayValue ?? [] {
            let name = entry["service"]?.stringValue ?? "?"
            let action = entry["action"]?.stringValue ?? "?"
            let revision = entry["revision"]?.intValue.map { "revision \($0)" } ?? ""
            let state =
                entry["problem"]?.stringValue.map { "FAILED: \($0)" }
                ?? (entry["replicas"]?.intValue == 0 ? "no instances (replicas: 0)" : entry["ready"] == true ? "healthy" : "started")
            lines.append("  \(name.padding(toLength: 12, withPad: " ", startingAt: 0)) \(action.padding(toLength: 9, withPad: " ", startingAt: 0)) \(revision.padding(toLength: 12, withPad: " ", startingAt: 0)) \(state)")
            if action == "updated" {
                for change in entry["changes"]?.arrayValue ?? [] { lines.append("      \(change.stringValue ?? "")") }
            }
        }
        lines.append(answer["succeeded"] == true ? "done" : "some services did not come up: see above, `baton ps` and `baton logs SERVICE`")
        return lines.joined(separator: "\n")
    }
}

/// `baton down [FILE|DIR] [SERVICE...]`: stops and removes a project's services.
struct DownCommand: ClientCommand {
    static let configuration = CommandConfiguration(
        commandName: "down",
        abstract: "Stop and remove the services of a services file (docker compose down).",
        discussion: "Stops the project's services, dependents first, and removes their definitions and revisions. Their log files stay.")

    @Argument(help: "A services file or its directory (the project is its `name:`), or a project name.")
    var project: String = "."

    @OptionGroup var connection: ServerOptions

    func run(with client: BatonClient) async throws {
        let name = (try? ServiceProject.load(path: project).name) ?? project
        let answer = try await client.request(.POST, "/services/down", json: ["project": .string(name)])
        emit(answer) {
            let removed = (answer["removed"]?.arrayValue ?? []).compactMap(\.stringValue)
            return removed.map { "  \($0) stopped and removed" }.joined(separator: "\n")
        }
    }
}
