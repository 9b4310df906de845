import ArgumentParser
import BatonWorkflow
import Foundation
import Subprocess
import SystemPackage

/// `baton graph [--format text|dot|svg]`: the services' dependency graph with live status.
struct GraphCommand: ClientCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Draw the services' dependency graph with their live status.",
        discussion: "text: an indented tree, dependencies under their dependents. dot: Graphviz source. svg: drawn by Graphviz's `dot` (install the graphviz package).")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, dot, svg
    }

    @Option(name: .customLong("as"), help: "text, dot or svg.") var shape: Format = .text
    @OptionGroup var connection: ServerOptions

    func run(with client: BatonClient) async throws {
        let graph = try await client.request(.GET, "/services/graph")
        if connection.format == .json {
            print(graph.jsonText(pretty: true))
            return
        }
        switch shape {
        case .text: print(Self.text(graph))
        case .dot: print(Self.dot(graph))
        case .svg:
            guard let dot = ProcessLookup.find("dot") else {
                printError("baton: drawing SVG needs Graphviz's `dot`, which is not installed: install it (apt-get install graphviz), or use --as dot and draw it elsewhere")
                throw ExitCode.failure
            }
            let result = try await Subprocess.run(
                .path(FilePath(dot)), arguments: ["-Tsvg"], input: .string(Self.dot(graph)), output: .string(limit: 16 << 20), error: .string(limit: 1 << 20))
            guard result.terminationStatus.isSuccess else {
                printError("baton: dot failed: \(result.standardError)")
                throw ExitCode.failure
            }
            print(result.standardOutput, terminator: "")
        }
    }

    /// Each service at the top level that nothing depends on, its dependencies indented under it.
    static func text(_ graph: JSONValue) -> String {
        let nodes = Dictionary(uniqueKeysWithValues: (graph["nodes"]?.arrayValue ?? []).map { ($0["name"]?.stringValue ?? "", $0) })
        let edges = (graph["edges"]?.arrayValue ?? []).map { ($0["from"]?.stringValue ?? "", $0["to"]?.stringValue ?? "", $0["condition"]?.stringValue ?? "") }
        guard !nodes.isEmpty else { return "no services (define some with `baton up FILE`)" }
        let dependedOn = Set(edges.map(\.1))
        var lines: [String] = []
        func label(_ name: String) -> String {
            let node = nodes[name]
            return "\(name) [\(node?["status"]?.stringValue ?? "?") \(node?["ready"]?.intValue ?? 0)/\(node?["replicas"]?.intValue ?? 0)]"
        }
        func walk(_ name: String, depth: Int, condition: String?, path: Set<String>) {
            lines.append(String(repeating: "  ", count: depth) + (depth > 0 ? "└─ " : "") + label(name) + (condition.map { "  (\($0))" } ?? ""))
            for edge in edges where edge.0 == name && !path.contains(edge.1) {
                walk(edge.1, depth: depth + 1, condition: edge.2, path: path.union([edge.1]))
            }
        }
        for name in nodes.keys.sorted() where !dependedOn.contains(name) { walk(name, depth: 0, condition: nil, path: [name]) }
        return lines.joined(separator: "\n")
    }

    /// Graphviz source: one node per service coloured by status, one edge per dependency.
    static func dot(_ graph: JSONValue) -> String {
        let colors = ["healthy": "palegreen", "degraded": "gold", "starting": "lightblue", "unhealthy": "salmon", "stopped": "lightgrey"]
        var lines = ["digraph services {", "  rankdir=LR;", "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\"];"]
        for node in graph["nodes"]?.arrayValue ?? [] {
            let name = node["name"]?.stringValue ?? "?"
            let status = node["status"]?.stringValue ?? "?"
            let ports = (node["ports"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: ",")
            let label = "\(name)\\n\(status) \(node["ready"]?.intValue ?? 0)/\(node["replicas"]?.intValue ?? 0)" + (ports.isEmpty ? "" : "\\n:\(ports)")
            lines.append("  \"\(name)\" [label=\"\(label)\", fillcolor=\(colors[status] ?? "white")];")
        }
        for edge in graph["edges"]?.arrayValue ?? [] {
            let style = edge["condition"]?.stringValue == "healthy" ? "solid" : "dashed"
            lines.append("  \"\(edge["from"]?.stringValue ?? "")\" -> \"\(edge["to"]?.stringValue ?? "")\" [style=\(style)];")
        }
        lines.append("}")
        return lines.joined(separator: "\n")
    }
}

enum ProcessLookup {
    /// The path of a program on `PATH`, if it is installed.
    static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
