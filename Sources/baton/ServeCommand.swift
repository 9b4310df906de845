import ArgumentParser
import BatonServer
import Foundation

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the Baton server: durable runs kept in a SQLite database, the services it supervises, and the HTTP API over both.",
        discussion: """
            Stores workflow definitions, starts and drives their runs, takes approvals and \
            CloudEvents over HTTP (see docs/api.md, or GET /openapi.json). Runs survive the \
            process: unfinished ones resume at the next start. One server per database: a \
            second one on the same --db stops at once, saying so.

            It also runs the services defined with `baton up` as supervised local processes \
            (see docs/services.md); at start it brings back every service declared running.

            SIGTERM or SIGINT shuts down gracefully: /ready answers 503, no new runs start, \
            running tasks get a few seconds to finish and the rest resume at the next start; \
            service instances are stopped; then the server exits with status 0.

            When it listens it prints one line to standard error:
              baton serve: listening on http://HOST:PORT (database PATH)
            """
    )

    @Option(help: ArgumentHelp("The SQLite database; created when absent.", valueName: "path"))
    var db = "./baton.sqlite"

    @Option(help: ArgumentHelp("The address to listen on; 0.0.0.0 for every interface.", valueName: "address"))
    var host = "127.0.0.1"

    @Option(help: ArgumentHelp("The port to listen on; 0 picks a free one.", valueName: "port"))
    var port = 8080

    @Option(help: ArgumentHelp("The largest request body accepted, in MiB; larger ones are answered 413.", valueName: "MiB"))
    var maxBodySize = 4

    @Option(help: ArgumentHelp("Where service logs go; default: the database's path without its extension, plus .services.", valueName: "path"))
    var servicesDir: String?

    @Option(help: ArgumentHelp("The ports service instances get (PORT), as FIRST-LAST.", valueName: "range"))
    var instancePorts = "20000-29999"

    @Option(help: ArgumentHelp("The assistant's template library; default: BATON_TEMPLATES, or the templates directory Baton was installed or built with.", valueName: "dir"))
    var templates: String?

    func validate() throws {
        _ = try instancePortRange()
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535, not \(port)") }
        guard (1...1024).contains(maxBodySize) else { throw ValidationError("--max-body-size must be from 1 to 1024 (MiB), not \(maxBodySize)") }
        guard !db.isEmpty else { throw ValidationError("--db needs a path") }
    }

    func run() async throws {
        let configuration = ServerConfiguration(
            host: host, port: port, databasePath: db, maxBodySize: maxBodySize << 20, servicesDirectory: servicesDir,
            instancePorts: try instancePortRange(), templatesDirectory: templates)
        let (host, db) = (host, db)
        do {
            try await ServerNode.run(configuration) { port in
                printError("baton serve: listening on http://\(host):\(port) (database \(db))")
            }
        } catch {
            printError("baton serve: \(error)")
            throw ExitCode.failure
        }
    }

    private func instancePortRange() throws -> Range<Int> {
        let parts = instancePorts.split(separator: "-").map { Int($0) }
        guard parts.count == 2, let first = parts[0], let last = parts[1], 1024 <= first, first <= last, last <= 65535 else {
            throw ValidationError("--instance-ports \(instancePorts): expected FIRST-LAST within 1024-65535, such as 20000-29999")
        }
        return first..<(last + 1)
    }
}
