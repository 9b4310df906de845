import ArgumentParser
import Foundation

extension ServeCommand {
    /// The configuration from the flags and `environment`; a flag wins over its variable.
    /// - Throws: `ValidationError` saying which flag or variable is wrong.
    func resolve(environment: [String: String]) throws -> DemoConfiguration {
        func variable(_ key: String) -> String? {
            environment[key].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        }
        func number(_ flag: Double?, _ option: String, _ key: String) throws -> Double? {
            if let flag { return flag }
            guard let text = variable(key) else { return nil }
            guard let value = Double(text.trimmingCharacters(in: .whitespaces)) else {
                throw ValidationError("\(key) must be a number, not “\(text)” (or pass \(option))")
            }
            return value
        }
        func seconds(_ flag: Double?, _ option: String, _ key: String) throws -> Duration? {
            guard let value = try number(flag, option, key) else { return nil }
            guard value.isFinite, value >= 0 else { throw ValidationError("\(option) / \(key) must be 0 or more seconds, not \(value.compact)") }
            return .milliseconds(value * 1000)
        }

        let role: Role
        if let flag = self.role {
            role = flag
        } else if let text = variable("ROLE") {
            guard let value = Role(rawValue: text.lowercased()) else {
                throw ValidationError("ROLE must be one of \(Role.allCases.map(\.rawValue).joined(separator: ", ")), not “\(text)”")
            }
            role = value
        } else {
            role = .web
        }

        guard let portValue = try number(port.map(Double.init), "--port", "PORT") else {
            throw ValidationError("set PORT (or pass --port) to the port to listen on; 0 picks a free one")
        }
        guard portValue.rounded() == portValue, (0...65535).contains(portValue) else {
            throw ValidationError("--port / PORT must be from 0 to 65535, not \(portValue.compact)")
        }

        let name = self.name ?? variable("SERVICE_NAME") ?? role.rawValue
        var configuration = DemoConfiguration(
            name: name, instance: variable("BATON_INSTANCE") ?? name, role: role, port: Int(portValue), work: .zero)

        let workMs = try number(workMs, "--work-ms", "WORK_MS") ?? role.defaultWorkMs
        guard workMs.isFinite, workMs >= 0 else { throw ValidationError("--work-ms / WORK_MS must be 0 or more, not \(workMs.compact)") }
        configuration.work = .milliseconds(workMs)

        let downstreamText = downstream ?? variable("DOWNSTREAM") ?? ""
        configuration.downstream = try downstreamText.split(separator: ",").map { item in
            let target = item.trimmingCharacters(in: .whitespaces)
            guard let url = URL(string: target), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil else {
                throw ValidationError("DOWNSTREAM / --downstream holds “\(target)”, which is not an http:// URL")
            }
            return target
        }

        if let timeout = try number(downstreamTimeoutMs, "--downstream-timeout-ms", "DOWNSTREAM_TIMEOUT_MS") {
            guard timeout.isFinite, timeout > 0 else {
                throw ValidationError("--downstream-timeout-ms / DOWNSTREAM_TIMEOUT_MS must be above 0, not \(timeout.compact)")
            }
            configuration.downstreamTimeout = .milliseconds(timeout)
        }

        if let text = faults ?? variable("FAULTS") {
            do {
                configuration.faults = try Faults.none.applying(json: text)
            } catch {
                throw ValidationError("FAULTS / --faults: \(error.description)")
            }
        }
        configuration.failHealthAfter = try seconds(failHealthAfter, "--fail-health-after", "FAIL_HEALTH_AFTER_S")
        configuration.crashAfter = try seconds(crashAfter, "--crash-after", "CRASH_AFTER_S")
        guard drainTimeout.isFinite, drainTimeout >= 0 else {
            throw ValidationError("--drain-timeout must be 0 or more seconds, not \(drainTimeout.compact)")
        }
        configuration.drainTimeout = .milliseconds(drainTimeout * 1000)
        return configuration
    }
}
