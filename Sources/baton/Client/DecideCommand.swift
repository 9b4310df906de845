import ArgumentParser
import BatonWorkflow
import Foundation

/// `baton approve RUN` / `baton reject RUN`: a person's decision on what a run waits for.
struct ApproveCommand: ClientCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve", abstract: "Approve what a run waits for (approval:1.0.0); who, when and why are stored with the run.")
    @OptionGroup var decision: DecisionOptions
    @OptionGroup var connection: ServerOptions
    func run(with client: BatonClient) async throws { try await decision.send(.approve, client: client, command: self) }
}

struct RejectCommand: ClientCommand {
    static let configuration = CommandConfiguration(
        commandName: "reject", abstract: "Reject what a run waits for: the waiting task fails with approval-rejected.")
    @OptionGroup var decision: DecisionOptions
    @OptionGroup var connection: ServerOptions
    func run(with client: BatonClient) async throws { try await decision.send(.reject, client: client, command: self) }
}

struct DecisionOptions: ParsableArguments {
    enum Verdict: String { case approve, reject }

    @Argument(help: "The run's id.")
    var run: String
    @Option(help: "Which approval, when the run waits for several.")
    var approval: String?
    @Option(help: "Who decides; default: $USER.")
    var by: String?
    @Option(help: "Why, in your words; stored with the decision.")
    var reason: String?

    func send(_ verdict: Verdict, client: BatonClient, command: some ClientCommand) async throws {
        guard let person = by ?? ProcessInfo.processInfo.environment["USER"], !person.isEmpty else {
            throw ValidationError("say who decides with --by NAME (USER is not set)")
        }
        var body: [String: JSONValue] = ["by": .string(person)]
        if let reason { body["reason"] = .string(reason) }
        if let approval { body["approval"] = .string(approval) }
        let answer = try await client.request(.POST, "/runs/\(run)/\(verdict.rawValue)", json: .object(body))
        command.emit(answer) {
            "\(verdict == .approve ? "approved" : "rejected") \(answer["id"]?.stringValue ?? "") of run \(run): \(answer["message"]?.stringValue ?? "")"
        }
    }
}
