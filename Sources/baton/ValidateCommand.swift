import ArgumentParser
import BatonWorkflow
import Foundation

struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check workflow documents (YAML or JSON) and report every problem.",
        discussion: """
            Each document is read, checked against the Open Workflow Specification 1.0.3 \
            (structure, types, allowed keys and values), and then checked for mistakes the \
            specification's schema cannot see: `then` targets that name no task, duplicate task \
            names, runtime expressions that do not compile, references to undefined `use` \
            entries and secrets, and tasks that can never run.

            Every problem is printed on its own line as FILE:LINE:COLUMN: PATH: MESSAGE. \
            The exit status is 0 when every document is valid and 1 otherwise; warnings alone \
            do not fail a document.

            With --schema (or BATON_OWS_SCHEMA) the documents are also checked against an OWS \
            JSON Schema file such as the specification's schema/workflow.yaml.
            """
    )

    @Argument(help: "The workflow documents to check.", completion: .file(extensions: ["yaml", "yml", "json"]))
    var files: [String]

    @Option(help: "How to print the result: text, one problem a line, or json for machines.")
    var format: ReportFormat = .text

    @OptionGroup var options: DocumentOptions

    func run() async throws {
        let validator = try options.makeValidator()
        let reports = files.map { validator.validate(fileAt: URL(fileURLWithPath: $0), displayName: $0) }
        switch format {
        case .text:
            for report in reports {
                for diagnostic in report.diagnostics {
                    print(diagnostic.description)
                }
                if report.isValid {
                    print("\(report.file): valid\(report.workflow.map { " (\($0.document.namespace)/\($0.document.name)@\($0.document.version))" } ?? "")")
                }
            }
        case .json:
            print(JSONValue.array(reports.map(\.jsonValue)).jsonText(pretty: true))
        }
        if !reports.allSatisfy(\.isValid) {
            throw ExitCode.failure
        }
    }
}

enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}
