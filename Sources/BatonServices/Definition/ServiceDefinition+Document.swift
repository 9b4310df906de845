import BatonWorkflow
import Foundation

extension ServiceDefinition {
    /// Where relative paths and env files of a definition are read from.
    public struct ReadingContext: Sendable {
        /// The directory of the file the definition is in.
        public var directory: String
        /// Reads an env file; by default from disk. The URL is absolute.
        public var readFile: @Sendable (String) throws -> String

        public init(directory: String, readFile: @escaping @Sendable (String) throws -> String = { try String(contentsOfFile: $0, encoding: .utf8) }) {
            self.directory = directory
            self.readFile = readFile
        }

        func absolute(_ path: String) -> String {
            let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : URL(fileURLWithPath: directory).appendingPathComponent(path)
            return url.standardizedFileURL.path
        }
    }

    /// Reads one entry of `services:` — compose's spellings included (`command` as a string or a
    /// list, `environment` as a map or `KEY=VALUE` list, `depends_on` as a list or with conditions,
    /// `restart: unless-stopped`, `healthcheck.test`).
    /// - Throws: the first problem, positioned in the file.
    public init(name: ServiceName, reader: DocumentReader, context: ReadingContext) throws(Diagnostic) {
        self = try reader.object { (object: inout ObjectReader) throws(Diagnostic) -> ServiceDefinition in
            var command = try object.optional("command") { (r: DocumentReader) throws(Diagnostic) in try Self.words(r) } ?? []
            if let args = try object.optional("args", [String].self) { command += args }
            let image = try object.optional("image", String.self)
            let workingDirectory = context.absolute(try object.optional("working_dir", String.self) ?? ".")
            var environment: [String: String] = [:]
            if let files = try object.optional("env_file", { (r: DocumentReader) throws(Diagnostic) in try Self.stringOrList(r) }) {
                let fileReader = object.reader("env_file")!
                for (index, file) in files.enumerated() {
                    let path = context.absolute(file)
                    let at = fileReader.isArray ? fileReader.child(index, .string(file)) : fileReader
                    let text: String
                    do {
                        text = try context.readFile(path)
                    } catch {
                        throw at.error("cannot read env file \(path): \(Self.reason(error)); create it or remove it from `env_file`", code: "service.env-file")
                    }
                    do throws(EnvFile.Failure) {
                        let values = try EnvFile.parse(text)
                        environment.merge(values, uniquingKeysWith: { $1 })
                    } catch {
                        throw at.error("\(path):\(error.line): \(error.problem)", code: "service.env-file")
                    }
                }
            }
            if let values = try object.optional("environment", { (r: DocumentReader) throws(Diagnostic) in try Self.keyValues(r, what: "environment variable") }) {
                environment.merge(values, uniquingKeysWith: { $1 })
            }
            let ports = try object.optional("ports") { (r: DocumentReader) throws(Diagnostic) in
                try r.array().map { (item: DocumentReader) throws(Diagnostic) in try Self.port(item) }
            } ?? []
            let replicas = try object.optional("replicas", Int.self) ?? 1
            if replicas < 0 { throw object.reader("replicas")!.error("replicas cannot be negative (\(replicas)); use 0 to run none") }
            let healthCheck = try object.optional("healthcheck") { (r: DocumentReader) throws(Diagnostic) in try HealthCheck.read(r) } ?? nil
            let restart = try object.optional("restart") { (r: DocumentReader) throws(Diagnostic) in try RestartPolicy.read(r) } ?? RestartPolicy()
            let dependsOn = try object.optional("depends_on") { (r: DocumentReader) throws(Diagnostic) in try Self.dependencies(r) } ?? [:]
            let resources = try object.optional("resources") { (r: DocumentReader) throws(Diagnostic) in try ResourceLimits.read(r) } ?? ResourceLimits()
            let labels = try object.optional("labels") { (r: DocumentReader) throws(Diagnostic) in try Self.keyValues(r, what: "label") } ?? [:]
            let version = try object.optional("version") { (r: DocumentReader) throws(Diagnostic) in try Self.scalarText(r) }
            let stopSignal = try object.optional("stop_signal") { (r: DocumentReader) throws(Diagnostic) in try SignalName.read(r) } ?? "SIGTERM"
            let stopGracePeriod = try object.optional("stop_grace_period") { (r: DocumentReader) throws(Diagnostic) in try Self.duration(r) } ?? .seconds(10)
            let update = try object.optional("update") { (r: DocumentReader) throws(Diagnostic) in try UpdatePolicy.read(r) } ?? UpdatePolicy()
            if command.isEmpty && image == nil {
                // A misspelt `command` is the real mistake: name it rather than the missing command.
                try object.checkUnknownKeys()
                throw object.error("service `\(name)` has neither `command` nor `image`: say what to run", code: "service.nothing-to-run")
            }
            return ServiceDefinition(
                name: name, command: command, image: image, environment: environment, workingDirectory: workingDirectory, ports: ports,
                replicas: replicas, healthCheck: healthCheck, restart: restart, dependsOn: dependsOn, resources: resources, labels: labels,
                version: version, stopSignal: stopSignal, stopGracePeriod: stopGracePeriod, update: update)
        }
    }

    /// Reads a definition from JSON text in a service file's form (the canonical form included):
    /// what the store keeps, the API receives and the service functions take.
    /// - Parameters:
    ///   - file: how problems name the document.
    ///   - directory: what relative paths are relative to.
    /// - Throws: ``DocumentErrors`` with the problem and its position.
    public init(name: ServiceName, jsonText: String, file: String, directory: String) throws(DocumentErrors) {
        let loaded = try DocumentLoader().load(text: jsonText, file: file)
        do throws(Diagnostic) {
            self = try ServiceDefinition(name: name, reader: DocumentReader(loaded), context: ReadingContext(directory: directory))
        } catch {
            throw DocumentErrors([error])
        }
    }

    /// The canonical written form: every key spelled one way, durations and sizes as text,
    /// defaults written out. Reading it back gives the same definition.
    public var documentValue: JSONValue {
        var object: [String: JSONValue] = [
            "working_dir": .string(workingDirectory),
            "replicas": .integer(replicas),
            "restart": restart.documentValue,
            "stop_signal": .string(stopSignal),
            "stop_grace_period": .string(DurationText.format(stopGracePeriod)),
            "update": update.documentValue,
        ]
        if !command.isEmpty { object["command"] = .array(command.map(JSONValue.string)) }
        if let image { object["image"] = .string(image) }
        if !environment.isEmpty { object["environment"] = .object(environment.mapValues(JSONValue.string)) }
        if !ports.isEmpty {
            object["ports"] = .array(ports.map { $0.address == PortBinding.defaultAddress ? .integer($0.port) : .string($0.description) })
        }
        if let healthCheck { object["healthcheck"] = healthCheck.documentValue }
        if !dependsOn.isEmpty {
            object["depends_on"] = .object(
                Dictionary(uniqueKeysWithValues: dependsOn.map { ($0.key.rawValue, JSONValue.object(["condition": .string($0.value.rawValue)])) }))
        }
        let resourceValue = resources.documentValue
        if resourceValue != .object([:]) { object["resources"] = resourceValue }
        if !labels.isEmpty { object["labels"] = .object(labels.mapValues(JSONValue.string)) }
        if let version { object["version"] = .string(version) }
        return .object(object)
    }

    // MARK: - Pieces

    /// A command as a list, or as a string split into words the way a shell would (quotes and
    /// backslashes), without running a shell — as docker-compose does.
    static func words(_ reader: DocumentReader) throws(Diagnostic) -> [String] {
        if reader.isString {
            let text = try reader.string()
            do {
                return try ShellWords.split(text)
            } catch {
                throw reader.error("cannot split the command into words: \(error.problem); write it as a list instead", code: "service.command")
            }
        }
        return try reader.array(of: String.self)
    }

    static func stringOrList(_ reader: DocumentReader) throws(Diagnostic) -> [String] {
        reader.isString ? [try reader.string()] : try reader.array(of: String.self)
    }

    /// A map of scalars, or a list of `KEY=VALUE` (compose's two forms of `environment` and `labels`).
    static func keyValues(_ reader: DocumentReader, what: String) throws(Diagnostic) -> [String: String] {
        var values: [String: String] = [:]
        if reader.isArray {
            for item in try reader.array() {
                let text = try item.string()
                guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
                    throw item.error("expected KEY=VALUE, not “\(text)”", code: "service.key-value")
                }
                values[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            return values
        }
        for (key, item) in try reader.entries() {
            if item.value == .null {
                throw item.error("\(what) `\(key)` has no value; give one (an empty string is \"\")", code: "service.key-value")
            }
            values[key] = try scalarText(item)
        }
        return values
    }

    /// A string, number or boolean as text (`PORT: 80`, `DEBUG: true`).
    static func scalarText(_ reader: DocumentReader) throws(Diagnostic) -> String {
        switch reader.value {
        case .string(let text): return text
        case .integer(let number): return String(number)
        case .number(let number): return String(number)
        case .bool(let flag): return flag ? "true" : "false"
        default: throw reader.typeMismatch(expected: "a string, number or boolean")
        }
    }

    /// `8080`, `"8080"`, `"8080:80"` (compose's published:target; locally the published port is
    /// the one), `"0.0.0.0:8080"` or `"0.0.0.0:8080:80"`.
    static func port(_ reader: DocumentReader) throws(Diagnostic) -> PortBinding {
        func number(_ text: Substring) throws(Diagnostic) -> Int {
            guard let port = Int(text.split(separator: "/").first ?? ""), (1...65535).contains(port) else {
                throw reader.error("“\(text)” is not a port number (1–65535)", code: "service.port")
            }
            return port
        }
        if case .integer(let port) = reader.value {
            guard (1...65535).contains(port) else { throw reader.error("\(port) is not a port number (1–65535)", code: "service.port") }
            return PortBinding(port: port)
        }
        let text = try reader.string()
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        switch parts.count {
        case 1: return PortBinding(port: try number(parts[0]))
        case 2 where parts[0].contains("."): return PortBinding(address: String(parts[0]), port: try number(parts[1]))
        case 2: _ = try number(parts[1]); return PortBinding(port: try number(parts[0]))
        case 3: _ = try number(parts[2]); return PortBinding(address: String(parts[0]), port: try number(parts[1]))
        default: throw reader.error("“\(text)” is not a port: write 8080, \"8080:80\" or \"0.0.0.0:8080\"", code: "service.port")
        }
    }

    static func dependencies(_ reader: DocumentReader) throws(Diagnostic) -> [ServiceName: DependencyCondition] {
        var result: [ServiceName: DependencyCondition] = [:]
        if reader.isArray {
            for item in try reader.array() {
                result[try serviceName(item, try item.string())] = .started
            }
            return result
        }
        for (key, item) in try reader.entries() {
            let name = try serviceName(item, key)
            result[name] = try item.object { (object: inout ObjectReader) throws(Diagnostic) -> DependencyCondition in
                object.optionalKeysOnly(["restart", "required"])
                guard let condition = object.reader("condition") else { return .started }
                switch try condition.string() {
                case "started", "service_started": return .started
                case "healthy", "service_healthy": return .healthy
                case let other:
                    throw condition.error(
                        "unknown condition “\(other)”: use `service_started` (or `started`) or `service_healthy` (or `healthy`)",
                        code: "service.depends-on")
                }
            }
        }
        return result
    }

    static func serviceName(_ reader: DocumentReader, _ text: String) throws(Diagnostic) -> ServiceName {
        do {
            return try ServiceName(text)
        } catch {
            throw reader.error(error.description, code: "service.name")
        }
    }

    static func duration(_ reader: DocumentReader) throws(Diagnostic) -> Duration {
        let text: String
        switch reader.value {
        case .integer(let seconds): text = String(seconds)
        case .number(let seconds): text = String(seconds)
        default: text = try reader.string()
        }
        guard let duration = DurationText.parse(text) else {
            throw reader.error("“\(text)” is not a duration: write 10s, 500ms, 1m30s or a number of seconds", code: "service.duration")
        }
        return duration
    }

    private static func reason(_ error: any Error) -> String {
        (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
    }
}

extension ObjectReader {
    /// Marks keys compose allows but Baton has no use for as read, so they are not reported.
    mutating func optionalKeysOnly(_ keys: [String]) {
        for key in keys { _ = reader(key) }
    }
}
