import BatonEngine
import BatonStore
import BatonWorkflow
import Foundation
import Synchronization

/// `schedule-create:1.0.0@default`: makes a command (or a catalog function call) recur on a cron
/// schedule by storing a generated workflow through the orchestrator — the same durable
/// schedules as any workflow's `schedule.cron` (docs/durability.md): it survives restarts, and a
/// time missed while the node was down fires once when it comes back.
///
/// Arguments (`with`): `name` (lower-case letters, digits and `-`), `cron` (5 fields, UTC), and
/// one of `command` (a shell command line, run by `/bin/sh -c`) or `call` (`{function:
/// "database-backup:1.0.0@default", with: {…}}`). The workflow is `schedules/<name>`; a second
/// call with the same name stores the next version (`1.0.1` …), which replaces the schedule
/// (only a name's latest version is scheduled); the same arguments again change nothing.
/// Output: `{workflow, version, cron, next_run, replaced}`.
struct ScheduleFunction: NativeFunction {
    static let namespace = "schedules"
    let orchestrator: OrchestratorReference

    func invoke(arguments: JSONValue, context: TaskContext) async throws(WorkflowFault) -> JSONValue {
        func invalid(_ message: String) -> WorkflowFault { .validation("schedule-create:1.0.0: \(message)", instance: context.reference) }
        // Null arguments count as absent (templates pass optional parameters as `${ .x }`).
        guard let object = arguments.objectValue?.filter({ $0.value != .null }) else { throw invalid("`with` is an object: {name, cron, command}") }
        if let unknown = object.keys.sorted().first(where: { !["name", "cron", "command", "call"].contains($0) }) {
            throw invalid("with.\(unknown): unknown argument; it takes name, cron, and command or call")
        }
        guard let name = object["name"]?.stringValue, name.range(of: "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", options: .regularExpression) != nil else {
            throw invalid("with.name: lower-case letters, digits and `-` (at most 63), like nightly-backup")
        }
        guard let cron = object["cron"]?.stringValue else { throw invalid("with.cron: a 5-field cron string such as \"0 2 * * *\"") }
        let schedule: CronSchedule
        do {
            schedule = try CronSchedule(cron)
        } catch {
            throw invalid("with.cron: \(error)")
        }
        let task: JSONValue
        switch (object["command"], object["call"]) {
        case (.string(let command)?, nil) where !command.trimmingCharacters(in: .whitespaces).isEmpty:
            task = ["run": ["shell": ["command": .string(command)]]]
        case (nil, .object(let call)?):
            guard let function = call["function"]?.stringValue, function.contains(":") else {
                throw invalid("with.call.function: a catalog function such as database-backup:1.0.0@default")
            }
            // Nulls are dropped here too: the stored job shows only what was given.
            let with = call["with"]?.objectValue?.filter { $0.value != .null } ?? [:]
            task = ["call": .string(function), "with": .object(with)]
        default:
            throw invalid("give one of with.command (a non-empty shell command line) or with.call ({function, with})")
        }
        guard let orchestrator = orchestrator.value else { throw .runtime("schedule-create:1.0.0: the orchestrator is not running", instance: context.reference) }

        var version = "1.0.0"
        var replaced = false
        do throws(OrchestratorError) {
            let latest = try await orchestrator.definition(namespace: Self.namespace, name: name, version: nil)
            replaced = true
            if latest.source != Self.source(name: name, version: latest.key.version, cron: cron, task: task) {
                let parts = latest.key.version.split(separator: ".").compactMap { Int($0) }
                version = parts.count == 3 ? "\(parts[0]).\(parts[1]).\(parts[2] + 1)" : "\(latest.key.version)-1"
            } else {
                version = latest.key.version
            }
        } catch {
            guard error.kind == .notFound else { throw .runtime("schedule-create:1.0.0: \(error)", instance: context.reference) }
        }
        do {
            _ = try await orchestrator.apply(source: Self.source(name: name, version: version, cron: cron, task: task), file: "schedule-create \(name)")
        } catch {
            throw .runtime("schedule-create:1.0.0: the generated workflow was refused: \(error)", instance: context.reference)
        }
        var output: [String: JSONValue] = [
            "workflow": .string("\(Self.namespace)/\(name)"), "version": .string(version), "cron": .string(cron), "replaced": .bool(replaced),
        ]
        if let next = schedule.nextFire(after: orchestrator.clock.now()) { output["next_run"] = .string(ISO8601DateFormatter().string(from: next)) }
        return .object(output)
    }

    /// The stored workflow, as JSON (which is YAML): deterministic for the same arguments.
    static func source(name: String, version: String, cron: String, task: JSONValue) -> String {
        let document: JSONValue = [
            "document": ["dsl": "1.0.3", "namespace": .string(namespace), "name": .string(name), "version": .string(version)],
            "schedule": ["cron": .string(cron)],
            "do": [["run": task]],
        ]
        return document.jsonText()
    }
}

/// The orchestrator, for a function of its own catalog, which exists before it does.
/// Weak: the orchestrator holds the catalog that holds this.
final class OrchestratorReference: Sendable {
    private struct Weak {
        weak var orchestrator: Orchestrator?
    }

    private let stored = Mutex(Weak())
    var value: Orchestrator? { stored.withLock { $0.orchestrator } }
    func set(_ orchestrator: Orchestrator) { stored.withLock { $0.orchestrator = orchestrator } }
}
