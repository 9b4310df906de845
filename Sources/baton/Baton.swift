import ArgumentParser
import Foundation

@main
struct Baton: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baton",
        abstract: "Orchestrate and manage services with durable workflows.",
        discussion: """
            Baton runs workflows written in the Open Workflow Specification (OWS) 1.0.3 \
            against your services. Start by checking a workflow, then run it:

              baton validate deploy.yaml      report every problem as file:line:column
              baton show deploy.yaml          print the workflow's outline for review
              baton run deploy.yaml --input '{"version": "1.4.2"}'

            For runs that survive crashes, start a server and talk to it (--server or BATON_SERVER):

              baton serve --db baton.sqlite   the HTTP API over durable runs
              baton apply deploy.yaml; baton start ops/deploy --wait
              baton runs list; baton approve RUN --reason "..."

            Or say what you want, in English or Chinese; Baton plans it from its template
            library, shows the plan, and runs it once you confirm:

              baton ask "restart checkout one instance at a time"
              baton ask "我想部署一个新的Web应用程序"

            Exit status: 0 on success, 1 when a document is invalid or a command fails,
            2 for a usage error (an unknown option, a missing argument).
            """,
        subcommands: [
            ValidateCommand.self, ShowCommand.self, RunCommand.self, ServeCommand.self, ImportCommand.self,
            ApplyCommand.self, StartCommand.self, RunsCommand.self, ApproveCommand.self, RejectCommand.self, EmitCommand.self,
            UpCommand.self, DownCommand.self, PsCommand.self, LogsCommand.self, RestartCommand.self, StopCommand.self, ScaleCommand.self,
            RollbackCommand.self, HistoryCommand.self, GraphCommand.self, AskCommand.self, EvalCommand.self,
        ]
    )

    /// Runs the command line, with usage errors ending in exit status 2 (rather than
    /// ArgumentParser's 64) so that scripts can tell a bad call from a failed check.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
