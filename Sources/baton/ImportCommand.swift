import ArgumentParser
import BatonServices
import BatonWorkflow
import Foundation

/// `baton import …`: other tools' files as Baton's.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Convert another tool's files into Baton's.",
        subcommands: [ImportComposeCommand.self]
    )
}

struct ImportComposeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compose",
        abstract: "Convert a docker-compose file into a Baton services file.",
        discussion: """
            The services file is written as YAML to standard output, or to the file named by -o. \
            What Baton has no counterpart for (volumes, networks, build, user, secrets, …) is \
            reported on standard error, one note a line as FILE:LINE:COLUMN: PATH: MESSAGE; \
            notes are not failures. `${VAR}` is replaced from the environment and the .env file \
            beside the compose file, as compose does. Paths (working_dir, env_file) are written \
            relative to the output file's directory (with -o) or the current directory.

            Exit status: 0 when the file was converted, notes or not; 1 when it is not a compose \
            file or has values compose would refuse too.
            """
    )

    @Argument(help: "The compose file (docker-compose.yml, compose.yaml).", completion: .file(extensions: ["yaml", "yml"]))
    var file: String

    @Option(name: [.short, .long], help: ArgumentHelp("Write the services file here instead of to standard output.", valueName: "services.yaml"))
    var output: String?

    @Flag(help: "Overwrite the output file if it exists.")
    var force = false

    func run() async throws {
        if let output, !force, FileManager.default.fileExists(atPath: output) {
            printError("\(output) exists: name another file, or pass --force to overwrite it")
            throw ExitCode.failure
        }
        let outputDirectory = output.map { URL(fileURLWithPath: $0).deletingLastPathComponent().path } ?? FileManager.default.currentDirectoryPath
        let result: ComposeImport
        do {
            result = try ComposeImporter().importFile(path: file, outputDirectory: outputDirectory)
        } catch {
            for diagnostic in error.diagnostics { printError(diagnostic.description) }
            throw ExitCode.failure
        }
        for note in result.notes { printError(note.description) }
        let text = result.yamlText(source: URL(fileURLWithPath: file).lastPathComponent)
        guard let output else {
            print(text, terminator: "")
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output))
        } catch {
            printError("\(output): cannot write the services file: \(error.localizedDescription)")
            throw ExitCode.failure
        }
        let count = result.serviceOrder.count
        printError("\(output): \(count) service\(count == 1 ? "" : "s") imported from \(file)\(result.notes.isEmpty ? "" : ", with the notes above")")
    }
}
