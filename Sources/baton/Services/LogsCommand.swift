import ArgumentParser
import BatonWorkflow
import Foundation

/// `baton logs SERVICE [-f] [--since] [--grep] [--tail]`.
struct LogsCommand: ClientCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs",
        abstract: "Show a service's logs: every instance, by time (docker compose logs).",
        discussion: "Each line: time, instance, stream (out or err), text. -f keeps following, instances that start later included.")

    @Argument(help: "The service.")
    var service: String

    @Flag(name: [.short, .customLong("follow")], help: "Keep printing new lines until interrupted.")
    var follow = false

    @Option(help: "Only lines from this long ago (10m, 1h) or since this time (2026-11-29T10:00:00Z).")
    var since: String?

    @Option(help: "Only lines containing this text.")
    var grep: String?

    @Option(help: "At most this many lines of what is already written.")
    var tail: Int = 200

    @OptionGroup var connection: ServerOptions

    func run(with client: BatonClient) async throws {
        var query: [(String, String)] = [("tail", String(tail))]
        if let since { query.append(("since", since)) }
        if let grep { query.append(("grep", grep)) }
        if follow {
            try await client.followEvents("/services/\(service)/logs", query: query + [("follow", "true")]) { _, line in
                printLine(line)
            }
            return
        }
        let answer = try await client.request(.GET, "/services/\(service)/logs", query: query)
        if connection.format == .json {
            print(answer.jsonText(pretty: true))
            return
        }
        for line in answer["lines"]?.arrayValue ?? [] { printLine(line) }
    }

    private func printLine(_ line: JSONValue) {
        let text: String
        if connection.format == .json {
            text = line.jsonText()
        } else {
            let stream = line["stream"]?.stringValue == "err" ? "err" : "out"
            text = "\(line["time"]?.stringValue ?? "") \(line["instance"]?.stringValue ?? "?") \(stream) \(line["text"]?.stringValue ?? "")"
        }
        // Straight to the descriptor: a follower piped into grep sees each line as it comes.
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}
