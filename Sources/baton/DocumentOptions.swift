import ArgumentParser
import BatonWorkflow
import Foundation

/// How documents are read and checked, shared by the commands that read workflows.
struct DocumentOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Also check against this OWS JSON Schema file (e.g. the specification's schema/workflow.yaml); default: $BATON_OWS_SCHEMA.",
            valueName: "path"
        )
    )
    var schema: String?

    @Option(name: .long, help: ArgumentHelp("The largest document to read, in MiB.", valueName: "MiB"))
    var maxDocumentSize: Int = 4

    func validate() throws {
        guard maxDocumentSize > 0 else { throw ValidationError("--max-document-size must be at least 1 (MiB)") }
    }

    var loader: DocumentLoader {
        DocumentLoader(limits: .init(maximumBytes: maxDocumentSize << 20))
    }

    /// The validator these options describe; a schema file that cannot be read is an error here,
    /// before any document is checked.
    func makeValidator() throws -> WorkflowValidator {
        var validator = WorkflowValidator(loader: loader)
        if let path = schema ?? ProcessInfo.processInfo.environment["BATON_OWS_SCHEMA"].flatMap({ $0.isEmpty ? nil : $0 }) {
            do {
                validator.schema = try WorkflowValidator.loadSchema(contentsOf: URL(fileURLWithPath: path), displayName: path)
            } catch {
                printError(error.description)
                throw ExitCode.failure
            }
        }
        return validator
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
