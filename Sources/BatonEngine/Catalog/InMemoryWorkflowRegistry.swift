import BatonWorkflow
import Synchronization

/// The workflows `run: workflow` can start, held in memory. A `version` of `latest` picks the
/// highest semantic version of that namespace and name.
public final class InMemoryWorkflowRegistry: WorkflowRegistry {
    private let workflows = Mutex<[String: Workflow]>([:])

    public init(_ workflows: [Workflow] = []) {
        for workflow in workflows { add(workflow) }
    }

    public func add(_ workflow: Workflow) {
        let document = workflow.document
        workflows.withLock { $0["\(document.namespace)/\(document.name)@\(document.version)"] = workflow }
    }

    public func workflow(namespace: String, name: String, version: String) async -> Workflow? {
        workflows.withLock { all in
            if version != "latest" { return all["\(namespace)/\(name)@\(version)"] }
            return all.values
                .filter { $0.document.namespace == namespace && $0.document.name == name }
                .max { Self.versionParts($0.document.version).lexicographicallyPrecedes(Self.versionParts($1.document.version)) }
        }
    }

    private static func versionParts(_ version: String) -> [Int] {
        version.split(separator: "-").first.map { $0.split(separator: ".").map { Int($0) ?? 0 } } ?? []
    }
}
