import ArgumentParser
import Foundation

/// Where the server is: `--server URL`, else `BATON_SERVER`.
struct ServerOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The Baton server to talk to, e.g. http://127.0.0.1:8080; default: $BATON_SERVER.", valueName: "url"))
    var server: String?

    @Option(help: "How to print what the server answers: text or json.")
    var format: OutputFormat = .text

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    func validate() throws {
        _ = try serverURL()
    }

    func serverURL() throws -> URL {
        guard let text = server ?? ProcessInfo.processInfo.environment["BATON_SERVER"], !text.isEmpty else {
            throw ValidationError("no server given: pass --server URL or set BATON_SERVER (start a server with `baton serve`)")
        }
        return try Self.url(text)
    }

    /// A server's URL as given on the command line, checked.
    static func url(_ text: String) throws -> URL {
        guard let url = URL(string: text), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
            throw ValidationError("--server \(text): expected an http:// or https:// URL such as http://127.0.0.1:8080")
        }
        return url
    }

    func client() throws -> BatonClient {
        BatonClient(server: try serverURL())
    }
}
