import ArgumentParser
import BatonWorkflow
import Foundation

struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a workflow for review: an outline of its tasks, or its normalized JSON.",
        discussion: """
            The document is validated first, as by `baton validate`; an invalid document is \
            not shown, its problems are printed instead and the exit status is 1.
            """
    )

    @Argument(help: "The workflow document.", completion: .file(extensions: ["yaml", "yml", "json"]))
    var file: String

    @Option(help: "text for an outline of the tasks, json for the whole document as JSON.")
    var format: ReportFormat = .text

    @OptionGroup var options: DocumentOptions

    func run() async throws {
        let report = try options.makeValidator().validate(fileAt: URL(fileURLWithPath: file), displayName: file)
        for diagnostic in report.diagnostics {
            printError(diagnostic.description)
        }
        guard report.isValid, let workflow = report.workflow else { throw ExitCode.failure }
        switch format {
        case .text: print(WorkflowOutline(workflow))
        case .json: print(workflow.documentValue.jsonText(pretty: true))
        }
    }
}
