import BatonWorkflow
import Foundation

extension ComposeConversion {
    /// The keys of a compose service that are mapped; every other one is noted.
    static let mappedKeys: Set<String> = [
        "image", "command", "entrypoint", "environment", "env_file", "working_dir", "ports", "depends_on", "healthcheck", "restart", "deploy",
        "scale", "labels", "stop_signal", "stop_grace_period", "mem_limit", "cpus",
    ]

    /// One compose service as a Baton service, and its dependencies (for the cycle check).
    mutating func service(
        _ name: ServiceName, _ reader: DocumentReader, declared: Set<String>, runnable: Set<String>
    ) throws(Diagnostic) -> (value: [String: JSONValue], dependencies: [ServiceName: ServiceDefinition.DependencyCondition]) {
        guard let members = reader.value.objectValue else {
            if reader.value == .null {
                throw reader.error("service `\(name)` is empty: give it an `image`, or a `command` to run", code: "compose.service")
            }
            throw reader.typeMismatch(expected: "a mapping")
        }
        func child(_ key: String) -> DocumentReader? { members[key].map { reader.child(key, $0) } }
        var output: [String: JSONValue] = [:]

        // What to run: compose's entrypoint, then its command.
        var command: [String] = []
        if let entrypoint = child("entrypoint") { command += try Self.words(entrypoint) }
        if let arguments = child("command") { command += try Self.words(arguments) }
        let image = try child("image")?.string()
        guard !command.isEmpty || image != nil else {
            throw reader.error("service `\(name)` has neither an `image` nor a `command`: say what to run", code: "compose.service")
        }
        if !command.isEmpty { output["command"] = .array(command.map(JSONValue.string)) }
        if let image { output["image"] = .string(image) }

        if let environment = child("environment") {
            let values = try keyValues(environment, fromEnvironment: true)
            if !values.isEmpty { output["environment"] = .object(values.mapValues(JSONValue.string)) }
        }
        if let envFiles = child("env_file") {
            let files = try self.envFiles(envFiles)
            if !files.isEmpty { output["env_file"] = .array(files.map(JSONValue.string)) }
        }
        if let workingDirectory = child("working_dir") {
            let path = try workingDirectory.string()
            if path.hasPrefix("/"), image == nil, !importer.directoryExists(path) {
                note(
                    workingDirectory.path,
                    "\(path) does not exist here (compose runs the program inside its container): set the directory the program runs in, or the instances will not start"
                )
            }
            let relative = path.hasPrefix("/") ? path : relativeToOutput(absolute(path))
            if relative != "." { output["working_dir"] = .string(relative) }
        }
        if let ports = child("ports") {
            let bindings = try self.ports(ports, service: name.rawValue)
            if !bindings.isEmpty { output["ports"] = .array(bindings) }
        }
        var dependencies: [ServiceName: ServiceDefinition.DependencyCondition] = [:]
        if let dependsOn = child("depends_on") {
            dependencies = try self.dependencies(dependsOn, of: name, declared: declared, runnable: runnable)
            if !dependencies.isEmpty {
                output["depends_on"] = .object(
                    Dictionary(uniqueKeysWithValues: dependencies.map { ($0.key.rawValue, JSONValue.object(["condition": .string($0.value.rawValue)])) }))
            }
        }
        if let healthCheck = child("healthcheck"), let check = try self.healthCheck(healthCheck) { output["healthcheck"] = check }

        let deploy = try self.deploy(child("deploy"), scale: child("scale"), memory: child("mem_limit"), cpus: child("cpus"))
        if let replicas = deploy.replicas { output["replicas"] = .integer(replicas) }
        if !deploy.resources.isEmpty { output["resources"] = .object(deploy.resources) }
        if !deploy.update.isEmpty { output["update"] = .object(deploy.update) }
        output["restart"] = try restart(child("restart"), deployPolicy: deploy.restartPolicy)

        if let labels = child("labels") {
            let values = try keyValues(labels, fromEnvironment: false)
            if !values.isEmpty { output["labels"] = .object(values.mapValues(JSONValue.string)) }
        }
        if let signal = child("stop_signal") {
            let text = try signal.string().uppercased()
            let spelled = text.hasPrefix("SIG") ? text : "SIG" + text
            if SignalName.numbers[spelled] != nil {
                output["stop_signal"] = .string(spelled)
            } else {
                note(
                    signal.path,
                    "not mapped: Baton stops with one of \(SignalName.numbers.keys.sorted().joined(separator: ", ")); the instances get SIGTERM")
            }
        }
        if let grace = child("stop_grace_period") {
            output["stop_grace_period"] = .string(DurationText.format(try ServiceDefinition.duration(grace)))
        }
        noteUnmapped(reader, keys: entriesInFileOrder(reader).map(\.key).filter { !Self.mappedKeys.contains($0) })
        return (output, dependencies)
    }

    // MARK: - Pieces

    /// compose's `command` and `entrypoint`: a list, or a string split like a shell.
    static func words(_ reader: DocumentReader) throws(Diagnostic) -> [String] {
        switch reader.value {
        case .null: return []
        case .string: return try ServiceDefinition.words(reader)
        case .array: return try reader.array().map { (item: DocumentReader) throws(Diagnostic) in try ServiceDefinition.scalarText(item) }
        default: throw reader.typeMismatch(expected: "a string or a list of strings")
        }
    }

    /// `environment` or `labels`: a mapping, or a list of `KEY=VALUE`. An environment variable
    /// without a value takes the process environment's (or `.env`'s), as in compose.
    mutating func keyValues(_ reader: DocumentReader, fromEnvironment: Bool) throws(Diagnostic) -> [String: String] {
        var pairs: [(key: String, value: String?, reader: DocumentReader)] = []
        if reader.isArray {
            for item in try reader.array() {
                let text = try ServiceDefinition.scalarText(item)
                if let equals = text.firstIndex(of: "=") {
                    pairs.append((String(text[..<equals]), String(text[text.index(after: equals)...]), item))
                } else {
                    pairs.append((text, nil, item))
                }
            }
        } else {
            for (key, item) in try reader.entries() {
                pairs.append((key, item.value == .null ? nil : try ServiceDefinition.scalarText(item), item))
            }
        }
        var values: [String: String] = [:]
        for (key, value, item) in pairs {
            guard !key.isEmpty else { throw item.error("expected KEY=VALUE, not “=\(value ?? "")”", code: "compose.key-value") }
            if let value {
                values[key] = value
            } else if !fromEnvironment {
                values[key] = ""
            } else if let inherited = variable(key) {
                values[key] = inherited
            } else {
                note(item.path, "left out: `\(key)` takes its value from the environment, where it is not set (nor in .env)")
            }
        }
        return values
    }

    /// `env_file`: a path, or a list of paths or `{path, required, format}`. Each is checked now,
    /// since `baton up` reads it.
    mutating func envFiles(_ reader: DocumentReader) throws(Diagnostic) -> [String] {
        let items = reader.isArray ? try reader.array() : [reader]
        var files: [String] = []
        for item in items {
            var path: String
            var required = true
            var at = item
            if item.isObject {
                path = ""
                try item.object { (object: inout ObjectReader) throws(Diagnostic) in
                    guard let pathReader = object.reader("path") else { throw object.error("an env_file entry has a `path`", code: "compose.env-file") }
                    path = try pathReader.string()
                    at = pathReader
                    required = try object.optional("required", Bool.self) ?? true
                    if let format = object.reader("format") {
                        note(format.path, "not mapped: Baton reads env files in compose's default format")
                    }
                }
            } else {
                path = try item.string()
            }
            let file = absolute(path)
            guard let text = try? importer.readFile(file) else {
                if required {
                    note(at.path, "\(path) does not exist: create it before `baton up`, which reads it")
                } else {
                    note(at.path, "left out: \(path) does not exist (`required: false`)")
                    continue
                }
                files.append(relativeToOutput(file))
                continue
            }
            do throws(EnvFile.Failure) {
                _ = try EnvFile.parse(text)
            } catch {
                note(at.path, "Baton cannot read \(path): line \(error.line): \(error.problem)")
            }
            files.append(relativeToOutput(file))
        }
        return files
    }

    // MARK: - Ports

    /// Published ports: `"8080:80"`, `"127.0.0.1:8080:80"`, `"8000-8002:8000-8002"`, `3000`, or
    /// `{target, published, host_ip, protocol}`. Baton listens on the published port itself.
    mutating func ports(_ reader: DocumentReader, service: String) throws(Diagnostic) -> [JSONValue] {
        var bindings: [JSONValue] = []
        var everyAddress: [Int] = []
        for item in try reader.array() {
            let port = try Self.composePort(item)
            if port.protocolName != "tcp" {
                note(item.path, "not mapped: Baton proxies TCP ports only, not \(port.protocolName)")
                continue
            }
            var published = port.published
            if published == nil {
                note(item.path, "compose publishes it on a port it picks; Baton needs a stable one and listens on \(port.target.lowerBound)")
                published = port.target
            }
            guard let range = published else { continue }
            guard range.count <= 100 else {
                note(item.path, "not mapped: a range of \(range.count) ports; list the ones clients use")
                continue
            }
            var address: String?
            let onEveryAddress = port.hostAddress?.isEmpty ?? true
            switch port.hostAddress {
            case nil, "":
                break
            case "127.0.0.1":
                break
            case let host? where host.contains(":"):
                note(item.path, "Baton listens on IPv4 addresses only: on 127.0.0.1 instead of \(host)")
            case let host?:
                address = host
            }
            for number in range {
                if let owner = portOwners[number] {
                    note(
                        item.path,
                        owner == service
                            ? "left out: port \(number) is listed twice" : "left out: port \(number) is already published by service `\(owner)`")
                    continue
                }
                portOwners[number] = service
                if onEveryAddress { everyAddress.append(number) }
                bindings.append(address.map { .string("\($0):\(number)") } ?? .integer(number))
            }
        }
        if let first = everyAddress.first {
            note(
                reader.path,
                "published on 127.0.0.1 only, Baton's default (compose publishes on every address); write \"0.0.0.0:\(first)\" to accept connections from other machines"
            )
        }
        return bindings
    }

    struct ComposePort {
        var hostAddress: String?
        /// nil when compose picks the port.
        var published: ClosedRange<Int>?
        var target: ClosedRange<Int>
        var protocolName: String
    }

    static func composePort(_ reader: DocumentReader) throws(Diagnostic) -> ComposePort {
        if reader.isObject {
            return try reader.object { (object: inout ObjectReader) throws(Diagnostic) -> ComposePort in
                object.optionalKeysOnly(["mode", "name", "app_protocol"])
                guard let targetReader = object.reader("target") else { throw object.error("a port has a `target`", code: "compose.port") }
                let target = try range(targetReader, ServiceDefinition.scalarText(targetReader))
                let published = try object.optional("published") { (r: DocumentReader) throws(Diagnostic) in
                    try range(r, ServiceDefinition.scalarText(r))
                }
                return ComposePort(
                    hostAddress: try object.optional("host_ip", String.self), published: published, target: target,
                    protocolName: try object.optional("protocol", String.self)?.lowercased() ?? "tcp")
            }
        }
        var text = try ServiceDefinition.scalarText(reader)
        var protocolName = "tcp"
        if let slash = text.lastIndex(of: "/") {
            protocolName = text[text.index(after: slash)...].lowercased()
            text = String(text[..<slash])
        }
        var host: String?
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            host = String(text[text.index(after: text.startIndex)..<close])
            text = String(text[text.index(after: close)...].drop { $0 == ":" })
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        switch (parts.count, host) {
        case (1, nil):
            return ComposePort(hostAddress: nil, published: nil, target: try range(reader, parts[0]), protocolName: protocolName)
        case (2, _):
            let published = parts[0].isEmpty ? nil : try range(reader, parts[0])
            return ComposePort(hostAddress: host, published: published, target: try range(reader, parts[1]), protocolName: protocolName)
        case (3, nil):
            let published = parts[1].isEmpty ? nil : try range(reader, parts[1])
            return ComposePort(hostAddress: parts[0], published: published, target: try range(reader, parts[2]), protocolName: protocolName)
        default:
            throw reader.error("“\(try ServiceDefinition.scalarText(reader))” is not a compose port: write \"8080:80\", \"127.0.0.1:8080:80\" or 8080", code: "compose.port")
        }
    }

    /// `8080` or `8000-8002`.
    private static func range(_ reader: DocumentReader, _ text: String) throws(Diagnostic) -> ClosedRange<Int> {
        let bounds = text.split(separator: "-", maxSplits: 1).map { Int($0) }
        guard !bounds.isEmpty, let low = bounds[0], let high = bounds.count == 2 ? bounds[1] : low, 1 <= low, low <= high, high <= 65535 else {
            throw reader.error("“\(text)” is not a port or a range of ports (1–65535)", code: "compose.port")
        }
        return low...high
    }

    // MARK: - Dependencies

    /// `depends_on`: a list, or `{service: {condition, required, restart}}`.
    mutating func dependencies(
        _ reader: DocumentReader, of service: ServiceName, declared: Set<String>, runnable: Set<String>
    ) throws(Diagnostic) -> [ServiceName: ServiceDefinition.DependencyCondition] {
        var entries: [(key: String, reader: DocumentReader, condition: ServiceDefinition.DependencyCondition, required: Bool)] = []
        if reader.isArray {
            for item in try reader.array() { entries.append((try item.string(), item, .started, true)) }
        } else {
            for (key, item) in entriesInFileOrder(reader) {
                var condition = ServiceDefinition.DependencyCondition.started
                var required = true
                if item.value != .null {
                    try item.object { (object: inout ObjectReader) throws(Diagnostic) in
                        if let conditionReader = object.reader("condition") {
                            switch try conditionReader.string() {
                            case "service_started": condition = .started
                            case "service_healthy": condition = .healthy
                            case "service_completed_successfully":
                                note(
                                    conditionReader.path,
                                    "mapped to `service_started`: Baton runs long-lived services, and starts this one once `\(key)` has started, not finished")
                            case let other:
                                throw conditionReader.error(
                                    "unknown condition “\(other)”: compose has service_started, service_healthy and service_completed_successfully",
                                    code: "compose.depends-on")
                            }
                        }
                        required = try object.optional("required", Bool.self) ?? true
                        if let restart = object.reader("restart"), try restart.bool() {
                            note(restart.path, "not mapped: Baton does not restart a service when one it depends on restarts")
                        }
                    }
                }
                entries.append((key, item, condition, required))
            }
        }
        var result: [ServiceName: ServiceDefinition.DependencyCondition] = [:]
        for (key, item, condition, required) in entries {
            let dependency = try ServiceDefinition.serviceName(item, key)
            if dependency == service { throw item.error("a service cannot depend on itself", code: "compose.depends-on") }
            guard declared.contains(key) else {
                guard required else {
                    note(item.path, "left out: `\(key)` is not a service of this file (`required: false`)")
                    continue
                }
                throw item.error("`\(key)` is not a service of this file: define it or remove the dependency", code: "compose.depends-on")
            }
            guard runnable.contains(key) else {
                note(item.path, "left out: service `\(key)` is not imported")
                continue
            }
            if !required { note(item.path, "Baton waits for every dependency; `required: false` is not mapped") }
            result[dependency] = condition
        }
        return result
    }

    // MARK: - Health check

    /// `healthcheck`: `test` (`["CMD", …]`, `["CMD-SHELL", "…"]`, `["NONE"]` or a string),
    /// `interval`, `timeout`, `retries`, `start_period`, `disable`. Nil for no check.
    mutating func healthCheck(_ reader: DocumentReader) throws(Diagnostic) -> JSONValue? {
        guard let members = reader.value.objectValue else { throw reader.typeMismatch(expected: "a mapping") }
        if members["disable"] == .bool(true) || members["disable"] == .string("true") { return nil }
        guard let test = members["test"] else {
            note(reader.path, "not mapped: it has no `test`, and Baton does not know the image's own check; add one")
            return nil
        }
        let testReader = reader.child("test", test)
        var words: [String]
        switch test {
        case .string(let script):
            words = ["/bin/sh", "-c", script]
        case .array:
            let items = try testReader.array().map { (item: DocumentReader) throws(Diagnostic) in try ServiceDefinition.scalarText(item) }
            switch items.first {
            case "NONE": return nil
            case "CMD": words = Array(items.dropFirst())
            case "CMD-SHELL": words = ["/bin/sh", "-c", items.dropFirst().joined(separator: " ")]
            default:
                throw testReader.error("a `test` list starts with CMD, CMD-SHELL or NONE (got “\(items.first ?? "")”)", code: "compose.healthcheck")
            }
        default:
            throw testReader.typeMismatch(expected: "a string or a list")
        }
        guard let program = words.first, !program.isEmpty, !(words.count == 3 && words[0] == "/bin/sh" && words[2].allSatisfy(\.isWhitespace)) else {
            throw testReader.error("the health check command is empty", code: "compose.healthcheck")
        }
        var check: [String: JSONValue] = ["command": .array(words.map(JSONValue.string))]
        for key in ["interval", "timeout", "start_period"] {
            guard let value = members[key] else { continue }
            let duration = try ServiceDefinition.duration(reader.child(key, value))
            if duration == .zero && key != "start_period" {
                let byDefault = key == "interval" ? "an interval longer than 0s, and uses its default of 10s" : "a timeout longer than 0s, and uses its default of 2s"
                note(reader.path.appending(key), "left out: Baton needs \(byDefault)")
            } else {
                check[key] = .string(DurationText.format(duration))
            }
        }
        if let value = members["retries"] {
            let retries = try Self.integer(reader.child("retries", value))
            if retries < 1 {
                note(reader.path.appending("retries"), "left out: Baton needs at least 1 retry, and uses its default of 3")
            } else {
                check["retries"] = .integer(retries)
            }
        }
        if members["start_interval"] != nil {
            note(reader.path.appending("start_interval"), "not mapped: Baton checks every `interval`, in the start period too")
        }
        for key in members.keys.sorted() where !["test", "interval", "timeout", "start_period", "retries", "start_interval", "disable"].contains(key) {
            note(reader.path.appending(key), "not a compose key; ignored")
        }
        return .object(check)
    }

    // MARK: - Restart, deploy

    /// `restart` (compose's first choice), else `deploy.restart_policy`, else compose's default `no`.
    mutating func restart(_ reader: DocumentReader?, deployPolicy: DocumentReader?) throws(Diagnostic) -> JSONValue {
        if let reader {
            if let deployPolicy { note(deployPolicy.path, "ignored: `restart` is set, and compose uses it first") }
            let text = reader.value == .bool(false) ? "no" : try reader.string()
            switch text {
            case "no": return ["policy": "never"]
            case "always", "unless-stopped": return ["policy": "always"]
            case "on-failure": return ["policy": "on-failure"]
            default:
                if text.hasPrefix("on-failure:"), let attempts = Int(text.dropFirst("on-failure:".count)), attempts >= 0 {
                    return ["policy": "on-failure", "max_attempts": .integer(attempts)]
                }
                throw reader.error("unknown restart policy “\(text)”: compose has no, always, on-failure[:N] and unless-stopped", code: "compose.restart")
            }
        }
        guard let deployPolicy else { return ["policy": "never"] }
        guard let members = deployPolicy.value.objectValue else { throw deployPolicy.typeMismatch(expected: "a mapping") }
        var policy: [String: JSONValue] = ["policy": "always"]
        if let condition = members["condition"] {
            let conditionReader = deployPolicy.child("condition", condition)
            switch try conditionReader.string() {
            case "none": policy["policy"] = "never"
            case "on-failure": policy["policy"] = "on-failure"
            case "any": policy["policy"] = "always"
            case let other:
                throw conditionReader.error("unknown condition “\(other)”: compose has none, on-failure and any", code: "compose.restart")
            }
        }
        if let attempts = members["max_attempts"] {
            let attemptsReader = deployPolicy.child("max_attempts", attempts)
            let count = try Self.integer(attemptsReader)
            guard count >= 0 else { throw attemptsReader.error("max_attempts cannot be negative", code: "compose.restart") }
            policy["max_attempts"] = .integer(count)
        }
        if let delay = members["delay"] {
            let initial = try ServiceDefinition.duration(deployPolicy.child("delay", delay))
            var backoff: [String: JSONValue] = ["initial": .string(DurationText.format(initial))]
            if initial > RestartPolicy().maximumBackoff { backoff["max"] = .string(DurationText.format(initial)) }
            policy["backoff"] = .object(backoff)
        }
        if members["window"] != nil {
            note(deployPolicy.path.appending("window"), "not mapped: Baton starts the back-off again once an instance has run for `restart.backoff.reset_after`")
        }
        return .object(policy)
    }

    struct Deploy {
        var replicas: Int?
        var resources: [String: JSONValue] = [:]
        var update: [String: JSONValue] = [:]
        var restartPolicy: DocumentReader?
    }

    /// `deploy` (replicas, resources.limits, restart_policy, update_config), with the older
    /// `scale`, `mem_limit` and `cpus` where `deploy` does not say.
    mutating func deploy(_ reader: DocumentReader?, scale: DocumentReader?, memory: DocumentReader?, cpus: DocumentReader?) throws(Diagnostic) -> Deploy {
        var deploy = Deploy()
        var limits: DocumentReader?
        if let reader {
            guard reader.isObject else { throw reader.typeMismatch(expected: "a mapping") }
            for (key, member) in entriesInFileOrder(reader) {
                switch key {
                case "replicas":
                    deploy.replicas = try Self.replicas(member)
                case "resources":
                    for (part, value) in entriesInFileOrder(member) {
                        if part == "limits" {
                            limits = value
                        } else if part == "reservations" {
                            note(value.path, "not mapped: Baton reserves nothing; it keeps the limits")
                        } else {
                            note(value.path, "not a compose key; ignored")
                        }
                    }
                case "restart_policy":
                    deploy.restartPolicy = member
                case "update_config":
                    deploy.update = try update(member)
                case "mode":
                    if (try? member.string()) == "global" {
                        note(member.path, "not mapped: Baton runs `replicas` instances on this machine, not one per node")
                    }
                case "labels", "placement", "endpoint_mode", "rollback_config":
                    note(member.path, "not mapped: Baton has no counterpart for `deploy.\(key)`")
                default:
                    note(member.path, "not a compose key; ignored")
                }
            }
        }
        if let scale {
            let count = try Self.replicas(scale)
            if let replicas = deploy.replicas, replicas != count {
                note(scale.path, "ignored: `deploy.replicas` is set (compose refuses the two when they differ)")
            } else {
                deploy.replicas = count
            }
        }
        var memoryReader = memory, cpusReader = cpus
        if let limits {
            for (key, value) in entriesInFileOrder(limits) {
                switch key {
                case "memory":
                    if let memory { note(memory.path, "ignored: `deploy.resources.limits.memory` is set") }
                    memoryReader = value
                case "cpus":
                    if let cpus { note(cpus.path, "ignored: `deploy.resources.limits.cpus` is set") }
                    cpusReader = value
                default:
                    note(value.path, "not mapped: Baton limits memory and cpus only")
                }
            }
        }
        if let memoryReader {
            let text = try ServiceDefinition.scalarText(memoryReader)
            guard let bytes = ByteSizeText.parse(text), bytes > 0 else {
                throw memoryReader.error("“\(text)” is not a size: write 256M, 1G or a number of bytes", code: "compose.resources")
            }
            deploy.resources["memory"] = .string(ByteSizeText.format(bytes))
        }
        if let cpusReader {
            let text = try ServiceDefinition.scalarText(cpusReader)
            guard let value = Double(text), value >= 0, value.isFinite else {
                throw cpusReader.error("“\(text)” is not a number of CPUs, like 0.5", code: "compose.resources")
            }
            // compose reads 0 as no limit.
            if value > 0 { deploy.resources["cpus"] = Int(exactly: value).map(JSONValue.integer) ?? .number(value) }
        }
        return deploy
    }

    /// `deploy.update_config`: `parallelism` is Baton's `batch_size`, `failure_action: rollback` its `auto_rollback`.
    mutating func update(_ reader: DocumentReader) throws(Diagnostic) -> [String: JSONValue] {
        guard reader.isObject else { throw reader.typeMismatch(expected: "a mapping") }
        var update: [String: JSONValue] = [:]
        for (key, member) in entriesInFileOrder(reader) {
            switch key {
            case "parallelism":
                let batch = try Self.integer(member)
                if batch >= 1 {
                    update["batch_size"] = .integer(batch)
                } else {
                    note(member.path, "not mapped: Baton replaces instances in batches of at least 1")
                }
            case "failure_action":
                let action = try member.string()
                update["auto_rollback"] = .bool(action == "rollback")
            default:
                note(member.path, "not mapped: Baton's `update` has strategy, batch_size, health_timeout and auto_rollback")
            }
        }
        return update
    }

    static func replicas(_ reader: DocumentReader) throws(Diagnostic) -> Int {
        let count = try integer(reader)
        guard count >= 0 else { throw reader.error("replicas cannot be negative (\(count))", code: "compose.replicas") }
        return count
    }

    /// An integer, also as text (what `${REPLICAS:-2}` leaves).
    static func integer(_ reader: DocumentReader) throws(Diagnostic) -> Int {
        switch reader.value {
        case .integer(let number): return number
        case .string(let text):
            if let number = Int(text) { return number }
        default: break
        }
        throw reader.typeMismatch(expected: "an integer")
    }
}
