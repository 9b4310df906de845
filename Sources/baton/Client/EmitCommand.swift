import ArgumentParser
import BatonWorkflow
import Foundation

/// `baton emit`: sends a CloudEvent to the server's event log, where `listen` tasks and
/// `schedule.on` see it.
struct EmitCommand: ClientCommand {
    static let configuration = CommandConfiguration(
        commandName: "emit", abstract: "Send a CloudEvent to a Baton server (listen tasks and schedule.on see it).")

    @Option(help: "The event's type, e.g. com.example.order.placed.") var type: String
    @Option(help: "The event's source, a URI reference; default: baton-cli.") var source = "baton-cli"
    @Option(help: "The event's id; default: a new one. Same source and id = the same event.") var id: String?
    @Option(help: "The event's subject.") var subject: String?
    @Option(help: ArgumentHelp("The event's data: JSON text, or @FILE (JSON or YAML), @- for standard input.", valueName: "json"))
    var data: String?
    @OptionGroup var connection: ServerOptions

    func validate() throws {
        if let data { _ = try readJSONArgument(data, option: "--data") }
    }

    func run(with client: BatonClient) async throws {
        var event: [String: JSONValue] = [
            "specversion": "1.0", "type": .string(type), "source": .string(source),
            "id": .string(id ?? UUID().uuidString.lowercased()),
            "time": .string(ISO8601DateFormatter().string(from: Date())),
        ]
        if let subject { event["subject"] = .string(subject) }
        if let data {
            event["data"] = try readJSONArgument(data, option: "--data")
            event["datacontenttype"] = "application/json"
        }
        let answer = try await client.request(
            .POST, "/events", body: JSONValue.object(event).jsonText(), headers: [("Content-Type", "application/cloudevents+json")])
        emit(answer) {
            answer["duplicate"] == true
                ? "event \(event["id"]?.stringValue ?? "") was already in the log (#\(answer["sequence"]?.intValue ?? 0)); not delivered again"
                : "event \(event["id"]?.stringValue ?? "") logged as #\(answer["sequence"]?.intValue ?? 0)"
        }
    }
}
