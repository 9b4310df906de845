import ArgumentParser
import BatonWorkflow

@main
struct Baton: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baton",
        abstract: "Orchestrate and manage services with durable workflows."
    )
}
