import BatonWorkflow
import Foundation

/// One run of ``ComposeImporter``: the file's top level, interpolation, and the checks across
/// services; each service is converted in `ComposeConversion+Service.swift`.
struct ComposeConversion {
    let importer: ComposeImporter
    let sourceMap: SourceMap
    /// The compose file's directory (standardized, absolute).
    let directory: String
    /// Where the services file goes: relative paths are written relative to it.
    let outputDirectory: String
    /// The `.env` beside the compose file.
    var dotEnv: [String: String] = [:]
    var notes: [ImportNote] = []
    var errors: [Diagnostic] = []
    /// Which service publishes each port so far.
    var portOwners: [Int: String] = [:]

    init(importer: ComposeImporter, sourceMap: SourceMap, directory: String, outputDirectory: String) {
        self.importer = importer
        self.sourceMap = sourceMap
        self.directory = directory
        self.outputDirectory = outputDirectory
    }

    mutating func run(_ value: JSONValue) throws(DocumentErrors) -> ComposeImport {
        guard case .object(let root) = value, root["services"] != nil else {
            let found = value.objectValue == nil ? "it is \(value.typeNameWithArticle), not a mapping" : "it has no `services:` mapping"
            throw DocumentErrors([
                Diagnostic(
                    code: "compose.not-compose", message: "not a compose file: \(found); a compose file has `services:`, one entry per service",
                    path: .root, in: sourceMap)
            ])
        }
        try readDotEnv()
        let reader = DocumentReader(value: interpolated(value, at: .root), sourceMap: sourceMap)
        guard errors.isEmpty else { throw DocumentErrors(errors) }

        var projectName = URL(fileURLWithPath: directory).lastPathComponent.lowercased()
        var services: [String: JSONValue] = [:]
        var order: [String] = []
        for (key, member) in entriesInFileOrder(reader) {
            switch key {
            case "name":
                do throws(Diagnostic) {
                    projectName = try member.string().lowercased()
                } catch {
                    errors.append(error)
                }
            case "services":
                (services, order) = convertServices(member)
            case "version":
                note(member.path, "ignored: compose no longer reads it either")
            case "volumes":
                note(member.path, "not mapped: \(Self.volumesReason)")
            case "networks":
                note(member.path, "not mapped: \(Self.networksReason)")
            case "secrets", "configs":
                note(member.path, "not mapped: \(Self.secretsReason)")
            case "include":
                note(member.path, "not mapped: import each included file on its own")
            case let other where other.hasPrefix("x-"):
                continue
            default:
                note(member.path, "not a compose key; ignored")
            }
        }
        guard errors.isEmpty else { throw DocumentErrors(errors) }
        let sortedNotes = notes.enumerated().sorted { a, b in
            (a.element.location.line, a.element.location.column, a.offset) < (b.element.location.line, b.element.location.column, b.offset)
        }.map(\.element)
        return ComposeImport(
            project: .object(["name": .string(projectName), "services": .object(services)]), serviceOrder: order, notes: sortedNotes)
    }

    // MARK: - Services

    private mutating func convertServices(_ reader: DocumentReader) -> ([String: JSONValue], [String]) {
        guard reader.isObject else {
            errors.append(reader.typeMismatch(expected: "a mapping of services"))
            return ([:], [])
        }
        let entries = entriesInFileOrder(reader)
        let declared = Set(entries.map(\.key))
        // A service with only a `build` has nothing Baton can run: it is left out, and so are
        // dependencies on it.
        let runnable = Set(entries.filter { entry in
            guard let members = entry.reader.value.objectValue else { return true }
            return members["image"] != nil || members["command"] != nil || members["entrypoint"] != nil || members["build"] == nil
        }.map(\.key))
        var services: [String: JSONValue] = [:]
        var order: [String] = []
        var dependencies: [ServiceName: [ServiceName: ServiceDefinition.DependencyCondition]] = [:]
        var keys: [ServiceName: String] = [:]
        for (key, member) in entries {
            do throws(Diagnostic) {
                let name = try ServiceDefinition.serviceName(member, key)
                if let other = keys[name] {
                    throw member.error("services `\(other)` and `\(key)` are one service to Baton, which ignores case: rename one", code: "compose.service")
                }
                keys[name] = key
                guard runnable.contains(key) else {
                    note(member.path, "not imported: it is built from source (`build`) and has no `image` or `command`; give it a `command` that runs the program")
                    noteUnmapped(member, keys: ["build"])
                    continue
                }
                let converted = try service(name, member, declared: declared, runnable: runnable)
                services[name.rawValue] = .object(converted.value)
                dependencies[name] = converted.dependencies
                order.append(name.rawValue)
            } catch {
                errors.append(error)
            }
        }
        if errors.isEmpty { checkCycles(dependencies, keys: keys, reader: reader) }
        return (services, order)
    }

    /// compose refuses a dependency cycle, and so does Baton.
    private mutating func checkCycles(
        _ dependencies: [ServiceName: [ServiceName: ServiceDefinition.DependencyCondition]], keys: [ServiceName: String], reader: DocumentReader
    ) {
        let definitions = dependencies.map { ServiceDefinition(name: $0.key, command: [$0.key.rawValue], workingDirectory: directory, dependsOn: $0.value) }
        do throws(ServiceGraphError) {
            _ = try ServiceGraph(definitions)
        } catch {
            guard case .cycle(let path) = error, let from = keys[path[0]] else { return }
            let dependency = reader.value.objectValue?[from]?.objectValue?["depends_on"]
            let spelled = dependency?.objectValue?.keys.first { $0.lowercased() == path[1].rawValue }
            let at = reader.path.appending(from).appending("depends_on")
            errors.append(Diagnostic(code: "compose.cycle", message: error.description, path: spelled.map { at.appending($0) } ?? at, in: sourceMap, atKey: true))
        }
    }

    // MARK: - Interpolation

    private mutating func readDotEnv() throws(DocumentErrors) {
        let path = URL(fileURLWithPath: directory).appendingPathComponent(".env").path
        guard let text = try? importer.readFile(path) else { return }
        do throws(EnvFile.Failure) {
            dotEnv = try EnvFile.parse(text)
        } catch {
            throw DocumentErrors([
                Diagnostic(code: "compose.dotenv", message: error.problem, path: .root, location: SourceLocation(file: path, line: error.line, column: 1))
            ])
        }
    }

    /// A variable's value: the process environment's, else the `.env` file's.
    func variable(_ name: String) -> String? {
        importer.environment[name] ?? dotEnv[name]
    }

    /// `value` with `${VAR}` replaced in every string (not in keys, not under `x-` keys).
    private mutating func interpolated(_ value: JSONValue, at path: DocumentPath) -> JSONValue {
        switch value {
        case .string(let text):
            let environment = importer.environment, dotEnv = dotEnv
            var interpolation = ComposeInterpolation { environment[$0] ?? dotEnv[$0] }
            do throws(ComposeInterpolation.Failure) {
                let result = try interpolation.interpolate(text)
                for name in interpolation.unresolved {
                    notes.append(
                        ImportNote(
                            path: path, message: "`\(name)` is not set in the environment or .env: it became an empty string, as compose does",
                            location: sourceMap.location(of: path)))
                }
                return .string(result)
            } catch {
                errors.append(Diagnostic(code: "compose.interpolation", message: error.problem, path: path, in: sourceMap))
                return value
            }
        case .array(let items):
            return .array(items.enumerated().map { interpolated($0.element, at: path.appending($0.offset)) })
        case .object(let members):
            var result: [String: JSONValue] = [:]
            for (key, member) in members {
                result[key] = key.hasPrefix("x-") ? member : interpolated(member, at: path.appending(key))
            }
            return .object(result)
        default:
            return value
        }
    }

    // MARK: - Helpers

    /// The members of a mapping in the order they are written.
    func entriesInFileOrder(_ reader: DocumentReader) -> [(key: String, reader: DocumentReader)] {
        guard let members = reader.value.objectValue else { return [] }
        return members.keys.map { key -> (String, SourceMap.Position) in
            (key, sourceMap.keyPosition(of: reader.path.appending(key)) ?? .init(line: .max, column: 0))
        }
        .sorted { ($0.1.line, $0.1.column, $0.0) < ($1.1.line, $1.1.column, $1.0) }
        .map { ($0.0, reader.child($0.0, members[$0.0]!)) }
    }

    mutating func note(_ path: DocumentPath, _ message: String) {
        notes.append(ImportNote(path: path, message: message, location: sourceMap.keyLocation(of: path)))
    }

    /// Notes the keys of `reader` (a service, `deploy`, …) that have no counterpart in Baton.
    mutating func noteUnmapped(_ reader: DocumentReader, keys: [String]) {
        for key in keys where !key.hasPrefix("x-") {
            guard let value = reader.value.objectValue?[key] else { continue }
            note(reader.path.appending(key), Self.unmappedReason(key, value: value))
        }
    }

    /// Why a compose service key is not mapped, as the note says it.
    static func unmappedReason(_ key: String, value: JSONValue) -> String {
        switch key {
        case "volumes", "volumes_from", "tmpfs": return "not mapped: \(volumesReason)"
        case "networks", "network_mode", "links", "external_links", "extra_hosts", "hostname", "domainname", "dns", "dns_opt", "dns_search",
            "mac_address":
            return "not mapped: \(networksReason)"
        case "build": return "not mapped: Baton does not build images; build it and name it in `image`, or run the program with `command`"
        case "user", "group_add", "userns_mode": return "not mapped: instances run as the user that runs Baton"
        case "secrets", "configs": return "not mapped: \(secretsReason)"
        case "profiles": return "not mapped: every service is imported; remove the ones you do not want"
        case "extends": return "not mapped: write out the keys of the service it extends"
        case "logging": return "not mapped: Baton keeps each instance's output in its own log"
        case "container_name": return "not mapped: Baton names the instances <service>-<n>"
        case "expose": return "not mapped: Baton proxies only `ports`"
        case "pull_policy", "platform", "runtime", "isolation", "privileged", "cap_add", "cap_drop", "security_opt", "devices", "init", "ulimits",
            "sysctls", "shm_size", "ipc", "pid", "read_only", "tty", "stdin_open", "cgroup", "cgroup_parent", "gpus", "oom_kill_disable",
            "oom_score_adj", "storage_opt", "uts", "mem_reservation", "mem_swappiness", "memswap_limit", "pids_limit", "cpu_count",
            "cpu_percent", "cpu_period", "cpu_quota", "cpu_rt_period", "cpu_rt_runtime", "cpu_shares", "cpuset", "blkio_config",
            "credential_spec", "device_cgroup_rules", "annotations", "attach", "develop", "post_start", "pre_stop", "label_file", "models",
            "provider", "use_api_socket", "driver_opts":
            return "not mapped: Baton has no counterpart for `\(key)`"
        default: return "not a compose key; ignored"
        }
    }

    static let volumesReason = "the local driver has no volumes; data stays in the working directory"
    static let networksReason = "the local driver has no networks; services reach each other at their ports on 127.0.0.1"
    static let secretsReason = "Baton has no secrets or configs; pass the values in `environment` or an `env_file`"

    /// `path` (absolute) written relative to the output directory, when they share more than `/`.
    func relativeToOutput(_ path: String) -> String {
        let target = URL(fileURLWithPath: path).standardizedFileURL.pathComponents
        let base = URL(fileURLWithPath: outputDirectory).pathComponents
        var common = 0
        while common < target.count, common < base.count, target[common] == base[common] { common += 1 }
        guard common > 1 || base.count == 1 else { return URL(fileURLWithPath: path).standardizedFileURL.path }
        let parts = Array(repeating: "..", count: base.count - common) + target[common...]
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }

    /// A path of the compose file, absolute.
    func absolute(_ path: String) -> String {
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : URL(fileURLWithPath: directory).appendingPathComponent(path)
        return url.standardizedFileURL.path
    }
}
