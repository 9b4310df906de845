import BatonWorkflow
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// What `service-audit` checks in a service's current definition, each problem a ``Finding``
/// with the field it is in and what to do:
///
/// - a stable port on another address than loopback (the local proxy binds 127.0.0.1 unless the
///   definition gives an address: `0.0.0.0:8080` publishes it on every interface) — high;
/// - a secret in a plain environment value: a name with PASSWORD, PASSWD, SECRET, TOKEN, KEY or
///   CREDENTIAL in it, or a URL with a password (`postgres://user:pass@…`) — high;
/// - running as root: the local driver runs instances as Baton's user, unless the command drops
///   privileges itself (`setpriv`, `runuser`, `su`, `gosu`) — high;
/// - an image tagged `latest`, or without a tag — medium;
/// - no health check — medium;
/// - no restart (`restart: never`), no resource limits — low.
public struct ServiceAudit: Sendable {
    /// Whether Baton runs as root (the instances' user on the local driver).
    public var runsAsRoot: Bool

    public init(runsAsRoot: Bool = geteuid() == 0) {
        self.runsAsRoot = runsAsRoot
    }

    public static let notChecked = [
        "default or weak credentials inside the services (their own user tables and configuration files)",
        "outdated versions against a vulnerability feed",
        "TLS on the services' ports",
        "permissions of the services' files and data directories",
    ]

    static let secretWords = ["PASSWORD", "PASSWD", "SECRET", "TOKEN", "KEY", "CREDENTIAL", "PRIVATE"]
    static let privilegeDroppers: Set<String> = ["setpriv", "runuser", "su", "gosu", "su-exec", "chpst", "setuidgid"]

    public func findings(of definition: ServiceDefinition) -> [Finding] {
        let name = definition.name.rawValue
        var found: [Finding] = []
        for (index, port) in definition.ports.enumerated() where !["127.0.0.1", "localhost", "::1"].contains(port.address) {
            found.append(Finding(
                severity: .high, service: name, field: "ports[\(index)]",
                message: "port \(port.port) is published on \(port.address == "0.0.0.0" || port.address.isEmpty ? "all interfaces" : port.address), reachable from other machines",
                advice: "publish it on 127.0.0.1 (write the port alone) and put a proxy with TLS and authentication in front if others need it"))
        }
        for key in definition.environment.keys.sorted() {
            let value = definition.environment[key] ?? ""
            guard !value.isEmpty else { continue }
            let words = key.uppercased().split(whereSeparator: { !$0.isLetter })
            if words.contains(where: { word in Self.secretWords.contains { word == $0 || ($0.count > 3 && (word.hasSuffix($0) || word.hasPrefix($0))) } }) {
                found.append(Finding(
                    severity: .high, service: name, field: "environment.\(key)", message: "\(key) holds a secret in plain text in the service's definition (stored in every revision)",
                    advice: "give it from a file the service reads (env_file outside the repository, mode 0600) or a secret store, and rotate it"))
            } else if Self.hasURLPassword(value) {
                found.append(Finding(
                    severity: .high, service: name, field: "environment.\(key)", message: "\(key) is a URL with a password in it, in plain text in the service's definition",
                    advice: "pass the password separately from a secret file or store, and rotate it"))
            }
        }
        if runsAsRoot, let program = definition.command.first, !runsUnprivileged(definition.command) {
            found.append(Finding(
                severity: .high, service: name, field: "command", message: "\(program) runs as root (the local driver runs instances as Baton's user, which is root)",
                advice: "run Baton as an unprivileged user, or start the program through `setpriv --reuid=USER --regid=USER --init-groups --`"))
        }
        if let image = definition.image {
            let last = image.split(separator: "/").last.map(String.init) ?? image
            if !last.contains(":") && !image.contains("@") {
                found.append(Finding(severity: .medium, service: name, field: "image", message: "image \(image) has no tag: it means `latest`, whatever that is when pulled", advice: "pin a version tag or a digest"))
            } else if last.hasSuffix(":latest") {
                found.append(Finding(severity: .medium, service: name, field: "image", message: "image \(image) is `latest`: what runs changes with each pull", advice: "pin a version tag or a digest"))
            }
        }
        if definition.healthCheck == nil {
            found.append(Finding(
                severity: .medium, service: name, field: "healthcheck", message: "no health check: an instance that hangs or fails its work still counts as running",
                advice: "add one: `healthcheck: {http: /health}` or `{tcp: true}`"))
        }
        if definition.restart.condition == .never {
            found.append(Finding(severity: .low, service: name, field: "restart", message: "restart: never — a crashed instance stays down", advice: "use `restart: on-failure` or `always`"))
        }
        if definition.resources.memoryBytes == nil && definition.resources.cpus == nil {
            found.append(Finding(
                severity: .low, service: name, field: "resources", message: "no resource limits: one runaway instance can starve the others",
                advice: "set `resources: {memory: 512M, cpus: 1}`"))
        }
        return found
    }

    /// `scheme://user:password@host`.
    static func hasURLPassword(_ value: String) -> Bool {
        guard let schemeEnd = value.range(of: "://") else { return false }
        let rest = value[schemeEnd.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard let at = authority.lastIndex(of: "@") else { return false }
        let userInfo = authority[..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return false }
        return !userInfo[userInfo.index(after: colon)...].isEmpty
    }

    private func runsUnprivileged(_ command: [String]) -> Bool {
        command.contains { word in
            let program = URL(fileURLWithPath: word).lastPathComponent
            return Self.privilegeDroppers.contains(program) || word.contains("setpriv ") || word.contains("runuser ")
        }
    }
}
