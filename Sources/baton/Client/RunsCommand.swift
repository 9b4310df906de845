import ArgumentParser
import BatonWorkflow
import Foundation

/// `baton runs ...`: looks at and steers the runs on a server.
struct RunsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List, inspect and steer the runs on a Baton server.",
        subcommands: [List.self, Show.self, Events.self, Cancel.self, Suspend.self, Resume.self])

    struct List: ClientCommand {
        static let configuration = CommandConfiguration(abstract: "List runs, newest first.")

        @Option(help: "Only runs in these statuses, comma-separated (pending, running, waiting, suspended, cancelled, faulted, completed).")
        var status: String?
        @Option(help: "Only runs of workflows in this namespace.")
        var namespace: String?
        @Option(help: "Only runs of workflows of this name.")
        var name: String?
        @Option(help: "At most this many runs.")
        var limit = 50
        @OptionGroup var connection: ServerOptions

        func run(with client: BatonClient) async throws {
            var query: [(String, String)] = [("limit", String(limit))]
            if let status { query.append(("status", status)) }
            if let namespace { query.append(("namespace", namespace)) }
            if let name { query.append(("name", name)) }
            let answer = try await client.request(.GET, "/runs", query: query)
            emit(answer) {
                let runs = answer["runs"]?.arrayValue ?? []
                let rows = runs.map { run in
                    [
                        run["id"]?.stringValue ?? "", run["status"]?.stringValue ?? "",
                        "\(run["namespace"]?.stringValue ?? "")/\(run["name"]?.stringValue ?? "")@\(run["version"]?.stringValue ?? "")",
                        run["createdAt"]?.stringValue ?? "",
                    ]
                }
                return Table.render(header: ["ID", "STATUS", "WORKFLOW", "CREATED"], rows: rows)
            }
        }
    }

    struct Show: ClientCommand {
        static let configuration = CommandConfiguration(abstract: "Show a run: status, input, output or error, pending approvals.")
        @Argument(help: "The run's id.") var id: String
        @OptionGroup var connection: ServerOptions

        func run(with client: BatonClient) async throws {
            let run = try await client.request(.GET, "/runs/\(id)")
            emit(run) { RunText.describe(run) }
        }
    }

    struct Events: ClientCommand {
        static let configuration = CommandConfiguration(abstract: "Print a run's events; --follow keeps printing them live until the run ends.")
        @Argument(help: "The run's id.") var id: String
        @Flag(help: "Follow the run's events as they happen, until it ends.") var follow = false
        @OptionGroup var connection: ServerOptions

        func run(with client: BatonClient) async throws {
            if follow {
                try await client.followEvents("/runs/\(id)/events") { _, event in
                    print(connection.format == .json ? event.jsonText() : RunText.event(event))
                }
                return
            }
            let answer = try await client.request(.GET, "/runs/\(id)/events")
            emit(answer) { (answer["events"]?.arrayValue ?? []).map(RunText.event).joined(separator: "\n") }
        }
    }

    struct Cancel: ClientCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel a run: it ends cancelled, its running tasks are stopped.")
        @Argument(help: "The run's id.") var id: String
        @OptionGroup var connection: ServerOptions
        func run(with client: BatonClient) async throws { try await steer(client, id, "cancel") }
    }

    struct Suspend: ClientCommand {
        static let configuration = CommandConfiguration(abstract: "Suspend a run where it is, until resumed.")
        @Argument(help: "The run's id.") var id: String
        @OptionGroup var connection: ServerOptions
        func run(with client: BatonClient) async throws { try await steer(client, id, "suspend") }
    }

    struct Resume: ClientCommand {
        static let configuration = CommandConfiguration(abstract: "Resume a suspended run from where it stopped.")
        @Argument(help: "The run's id.") var id: String
        @OptionGroup var connection: ServerOptions
        func run(with client: BatonClient) async throws { try await steer(client, id, "resume") }
    }
}

extension ClientCommand {
    /// `POST /runs/{id}/{action}` and prints the run's new status.
    func steer(_ client: BatonClient, _ id: String, _ action: String) async throws {
        let run = try await client.request(.POST, "/runs/\(id)/\(action)")
        emit(run) { "run \(id) \(run["status"]?.stringValue ?? "?")" }
    }
}

/// How runs and their events read on a terminal.
enum RunText {
    static func describe(_ run: JSONValue) -> String {
        var lines = [
            "run:      \(run["id"]?.stringValue ?? "?")",
            "workflow: \(run["namespace"]?.stringValue ?? "")/\(run["name"]?.stringValue ?? "")@\(run["version"]?.stringValue ?? "")",
            "status:   \(run["status"]?.stringValue ?? "?")",
            "created:  \(run["createdAt"]?.stringValue ?? "")",
        ]
        if let started = run["startedAt"]?.stringValue { lines.append("started:  \(started)") }
        if let finished = run["finishedAt"]?.stringValue { lines.append("finished: \(finished)") }
        lines.append("input:    \((run["input"] ?? .null).jsonText())")
        if let output = run["output"] { lines.append("output:   \(output.jsonText())") }
        if let error = run["error"] { lines.append("error:    \(error.jsonText())") }
        for approval in run["pendingApprovals"]?.arrayValue ?? [] {
            lines.append("waiting for approval \(approval["id"]?.stringValue ?? "?"): \(approval["message"]?.stringValue ?? "")")
            lines.append("  data: \((approval["data"] ?? .null).jsonText())")
            lines.append("  decide with: baton approve \(run["id"]?.stringValue ?? "RUN") --reason '...'  (or baton reject)")
        }
        return lines.joined(separator: "\n")
    }

    /// `#3 taskCompleted step /do/0/step → {"a":1}`
    static func event(_ event: JSONValue) -> String {
        var text = "#\(event["sequence"]?.intValue.map(String.init) ?? "?") \(event["at"]?.stringValue ?? "") \(event["kind"]?.stringValue ?? "?")"
        if let task = event["task"]?.stringValue { text += " \(task)" }
        if let position = event["position"]?.stringValue ?? event["reference"]?.stringValue { text += " \(position)" }
        if let output = event["output"] { text += " → \(output.jsonText())" }
        if let error = event["error"] { text += " ✗ \(error["title"]?.stringValue ?? "") \(error["detail"]?.stringValue ?? "")" }
        return text
    }
}

/// Left-aligned columns, two spaces apart.
enum Table {
    static func render(header: [String], rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
