import ArgumentParser
import BatonWorkflow
import Foundation

/// `baton ps`: every service in dependency order, with its instances.
struct PsCommand: ClientCommand {
    static let configuration = CommandConfiguration(
        commandName: "ps",
        abstract: "List services and their instances: status, health, restarts, uptime, CPU and memory.")

    @Argument(help: "Only these services.")
    var services: [String] = []

    @OptionGroup var connection: ServerOptions

    func run(with client: BatonClient) async throws {
        let answer = try await client.request(.GET, "/services")
        let all = (answer["services"]?.arrayValue ?? []).filter { services.isEmpty || services.contains($0["name"]?.stringValue ?? "") }
        emit(.object(["services": .array(all)])) { Self.table(all) }
    }

    static func table(_ services: [JSONValue]) -> String {
        guard !services.isEmpty else { return "no services (define some with `baton up FILE`)" }
        var rows: [[String]] = [["SERVICE", "STATUS", "READY", "REVISION", "PORTS", "INSTANCE", "STATE", "PID", "PORT", "RESTARTS", "UPTIME", "CPU", "MEMORY"]]
        for service in services {
            let name = service["name"]?.stringValue ?? "?"
            let ready = "\(service["ready"]?.intValue ?? 0)/\(service["replicas"]?.intValue ?? 0)"
            let ports = (service["ports"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: ",")
            let revision = "\(service["revision"]?.intValue ?? 0)" + (service["version"]?.stringValue.map { " (\($0))" } ?? "")
            let instances = service["instances"]?.arrayValue ?? []
            let head = [name, service["status"]?.stringValue ?? "?", ready, revision, ports.isEmpty ? "-" : ports]
            if instances.isEmpty {
                rows.append(head + ["-", "-", "-", "-", "-", "-", "-", "-"])
            }
            for (index, instance) in instances.enumerated() {
                let first = index == 0 ? head : ["", "", "", "", ""]
                rows.append(first + [
                    instance["name"]?.stringValue ?? "?",
                    (instance["status"]?.stringValue ?? "?") + (instance["revision"]?.intValue.map { $0 != service["revision"]?.intValue ? " r\($0)" : "" } ?? ""),
                    instance["pid"]?.intValue.map(String.init) ?? "-",
                    instance["port"]?.intValue.map(String.init) ?? "-",
                    instance["restarts"]?.intValue.map(String.init) ?? "0",
                    instance["uptime_seconds"]?.doubleValue.map(Self.uptime) ?? "-",
                    instance["cpu_percent"]?.doubleValue.map { String(format: "%.1f%%", $0) } ?? "-",
                    instance["memory_bytes"]?.intValue.map(Self.memory) ?? "-",
                ])
            }
        }
        var text = TextTable.render(rows)
        let problems = services.flatMap { service in
            (service["instances"]?.arrayValue ?? []).compactMap { instance -> String? in
                guard let status = instance["status"]?.stringValue, !["healthy", "running"].contains(status) else { return nil }
                guard let why = instance["last_event"]?.stringValue ?? instance["last_check"]?.stringValue else { return nil }
                return "  \(instance["name"]?.stringValue ?? "?"): \(why)"
            }
        }
        if !problems.isEmpty { text += "\n\n" + problems.joined(separator: "\n") }
        return text
    }

    static func uptime(_ seconds: Double) -> String {
        let whole = Int(seconds)
        if whole < 60 { return "\(whole)s" }
        if whole < 3600 { return "\(whole / 60)m\(whole % 60)s" }
        if whole < 86400 { return "\(whole / 3600)h\(whole % 3600 / 60)m" }
        return "\(whole / 86400)d\(whole % 86400 / 3600)h"
    }

    static func memory(_ bytes: Int) -> String {
        bytes >= 1 << 30 ? String(format: "%.1fG", Double(bytes) / Double(1 << 30)) : String(format: "%.1fM", Double(bytes) / Double(1 << 20))
    }
}

/// Columns padded to their widest cell.
enum TextTable {
    static func render(_ rows: [[String]]) -> String {
        let widths = (0..<(rows.map(\.count).max() ?? 0)).map { column in rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { index, cell in index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }.joined(separator: "\n")
    }
}
