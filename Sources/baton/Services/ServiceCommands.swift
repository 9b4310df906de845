import ArgumentParser
import BatonWorkflow
import Foundation
import NIOCore

/// `baton restart SERVICE [--all-at-once]`.
struct RestartCommand: ClientCommand {
    static let configuration = CommandConfiguration(
        commandName: "restart", abstract: "Restart a service's instances, one at a time (each new one healthy before the old one stops).")

    @Argument(help: "The service.") var service: String
    @Flag(help: "Stop all instances, then start them again.") var allAtOnce = false
    @OptionGroup var connection: ServerOptions

    func run(with client: BatonClient) async throws {
        let answer = try await client.request(.POST, "/services/\(service)/restart", json: ["rolling": .bool(!allAtOnce)], timeout: .minutes(30))
        emit(answer) { "\(service) restarted: \(answer["ready"]?.intValue ?? 0)/\(answer["replicas"]?.intValue ?? 0) ready" }
    }
}

/// `baton stop SERVICE`.
struct StopCommand: ClientCommand {
    static let configuration = CommandConfiguration(
        commandName: "stop", abstract: "Stop a service's instances; its definition stays (start it again with `baton up`).")

    @Argument(help: "The service.") var service: String
    @OptionGroup var connection: ServerOptions

    func run(with client: BatonClient) async throws {
        let answer = try await client.request(.POST, "/services/\(service)/stop", timeout: .minutes(5))
        emit(answer) { "\(service) stopped" }
    }
}

/// `baton scale SERVICE N`.
struct ScaleCommand: ClientCommand {
    static let configuration = CommandConfiguration(commandName: "scale", abstract: "Set the number of instances of a service.")

    @Argument(help: "The service.") var service: String
    @Argument(help: "How many instances (0 or more).") var replicas: Int
    @OptionGroup var connection: ServerOptions

    func validate() throws {
        guard replicas >= 0 else { throw ValidationError("the number of instances is 0 or more, not \(replicas)") }
    }

    func run(with client: BatonClient) async throws {
        let answer = try await client.request(.POST, "/services/\(service)/scale", json: ["replicas": .integer(replicas)], timeout: .minutes(5))
        emit(answer) { "\(service) scaled to \(replicas)" }
    }
}

/// `baton rollback SERVICE [--to N]`.
struct RollbackCommand: ClientCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback", abstract: "Return a service to its previous revision (or --to a given one), rolled out like an update.")

    @Argument(help: "The service.") var service: String
    @Option(help: "The revision to return to (see `baton history`).") var to: Int?
    @OptionGroup var connection: ServerOptions

    func run(with client: BatonClient) async throws {
        let body: JSONValue = to.map { ["revision": .integer($0)] } ?? [:]
        let answer = try await client.request(.POST, "/services/\(service)/rollback", json: body, timeout: .minutes(30))
        emit(answer) { UpdateText.text(answer) }
    }
}

/// `baton history SERVICE`.
struct HistoryCommand: ClientCommand {
    static let configuration = CommandConfiguration(commandName: "history", abstract: "List a service's revisions and what changed in each.")

    @Argument(help: "The service.") var service: String
    @OptionGroup var connection: ServerOptions

    func run(with client: BatonClient) async throws {
        let answer = try await client.request(.GET, "/services/\(service)/history")
        emit(answer) {
            let current = answer["current"]?.intValue
            return (answer["revisions"]?.arrayValue ?? []).map { revision in
                let number = revision["revision"]?.intValue ?? 0
                let marker = number == current ? "*" : " "
                let version = revision["version"]?.stringValue.map { " version \($0)" } ?? ""
                var lines = ["\(marker) \(number)  \(revision["created_at"]?.stringValue ?? "")  \(revision["cause"]?.stringValue ?? "")\(version)"]
                for change in revision["changes"]?.arrayValue ?? [] { lines.append("      \(change.stringValue ?? "")") }
                return lines.joined(separator: "\n")
            }.joined(separator: "\n")
        }
    }
}

enum UpdateText {
    /// An update's report: revisions, strategy, steps.
    static func text(_ answer: JSONValue) -> String {
        var lines = [
            "\(answer["service"]?.stringValue ?? "?"): revision \(answer["from_revision"]?.intValue ?? 0) → \(answer["to_revision"]?.intValue ?? 0) (\(answer["strategy"]?.stringValue ?? "?"))"
        ]
        for change in answer["changes"]?.arrayValue ?? [] { lines.append("  \(change.stringValue ?? "")") }
        for step in answer["steps"]?.arrayValue ?? [] { lines.append("  - \(step.stringValue ?? "")") }
        return lines.joined(separator: "\n")
    }
}
