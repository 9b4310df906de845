import ArgumentParser
import Foundation

@main
struct BatonDemo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baton-demo",
        abstract: "A demo microservice that misbehaves on demand, and a load generator to drive it.",
        discussion: """
            `serve` (the default) answers HTTP like a small microservice: it calls its \
            downstreams, exports Prometheus metrics and switches faults on and off over \
            /faults. `load` sends requests to a URL at a fixed rate and reports latency.

              PORT=7300 baton-demo serve --role web
              curl -X POST localhost:7300/faults -d '{"error_rate": 0.5}'
              baton-demo load http://127.0.0.1:7300/ --rate 20/s --duration 30s

            Exit status: 0 on success, 1 when a command fails, 2 for a usage error, 3 when \
            the crash fault ends `serve`.
            """,
        subcommands: [ServeCommand.self, LoadCommand.self],
        defaultSubcommand: ServeCommand.self
    )

    /// Runs the command line, with usage errors ending in exit status 2 (rather than
    /// ArgumentParser's 64), as `baton` does.
    static func main() async {
        // Output goes to pipes that a supervisor may close; a write then fails instead of
        // killing the process.
        signal(SIGPIPE, SIG_IGN)
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                LineOutput.standardError.write(fullMessage(for: error))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
