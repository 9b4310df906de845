import BatonEngine
import BatonWorkflow
import Foundation

/// A service operation offered to workflows as a function of the default catalog
/// (`service-deploy:1.0.0@default` …). Failures are workflow errors with the status of the
/// service error (`404` unknown service, `409` conflict, `422` invalid, `408` timeout, `500`
/// failed update) and the type `https://baton.dev/errors/service-<code>`, so that workflows can
/// catch them by type or status.
struct ServiceFunction: NativeFunction {
    let name: String
    let manager: ServiceManager

    func invoke(arguments: JSONValue, context: TaskContext) async throws(WorkflowFault) -> JSONValue {
        do {
            return try await ServiceFunctions.perform(name, arguments: arguments, manager: manager)
        } catch {
            throw WorkflowFault(
                type: "https://baton.dev/errors/service-\(error.code)", status: error.code.status, title: "Service operation failed",
                detail: "\(name): \(error.message)", instance: context.reference)
        }
    }
}

/// The service functions of the default catalog: their JSON Schemas and what they do.
public enum ServiceFunctions {
    /// Every function by `name:version`, bound to `manager`, to register in the runtime's
    /// default catalog.
    public static func all(manager: ServiceManager) -> [String: any NativeFunction] {
        Dictionary(uniqueKeysWithValues: names.map { ("\($0):1.0.0", ServiceFunction(name: $0, manager: manager) as any NativeFunction) })
    }

    /// The JSON Schema of each function's `with`, by name: what docs/services.md documents and
    /// `GET /services/functions` serves.
    public static var schemas: [String: JSONValue] {
        Dictionary(uniqueKeysWithValues: definitions.map { ($0.name, $0.schema) })
    }

    /// The names of the functions, `service-deploy` …
    public static var names: [String] { definitions.map(\.name) }

    /// Checks `arguments` against the function's schema, then performs it.
    /// - Throws: ``ServiceError``: `invalid` with the path of the first bad argument; what the
    ///   operation throws.
    ///
    /// A top-level argument whose value is null counts as absent: templates pass optional
    /// parameters through as `${ .version }`, which is null when the request did not give one.
    public static func perform(_ name: String, arguments: JSONValue, manager: ServiceManager) async throws(ServiceError) -> JSONValue {
        guard let function = compiled[name] else { throw ServiceError(.notFound, "no service function `\(name)`; they are \(names.joined(separator: ", "))") }
        let arguments = arguments.objectValue.map { JSONValue.object($0.filter { $0.value != .null }) } ?? arguments
        if let first = function.schema.validate(arguments).first {
            let path = first.instancePath.isRoot ? "" : "with.\(first.instancePath): "
            throw ServiceError(.invalid, "\(path)\(first.message)")
        }
        return try await function.body(manager, arguments)
    }

    private static let compiled: [String: (schema: JSONSchema, body: Body)] = Dictionary(
        uniqueKeysWithValues: definitions.map { definition in
            // The schemas are written in this file's sibling; one that does not compile is a programming error.
            (definition.name, (try! JSONSchema(definition.schema), definition.body))
        })
}
