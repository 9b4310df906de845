import BatonWorkflow
import Foundation
import Synchronization

/// Resolves catalog functions: the runtime's `default` catalog holds native functions registered
/// by name and version (Baton's own operations plug in here); any other catalog is read from the
/// endpoint declared in `use.catalogs`, following the catalog layout
/// `{endpoint}/functions/{name}/{version}/function.yaml` (dsl.md §Catalogs). Catalog endpoints
/// on disk (`file://` URIs or paths) are read directly; fetched definitions are cached.
public final class StandardFunctionCatalog: FunctionCatalog {
    private let native: Mutex<[String: any NativeFunction]>
    private let cache = Mutex<[String: WorkflowTask]>([:])

    public init(native: [String: any NativeFunction] = [:]) {
        self.native = Mutex(native)
    }

    /// Adds a function to the default catalog as `name:version`.
    public func register(_ function: any NativeFunction, name: String, version: String) {
        native.withLock { $0["\(name):\(version)"] = function }
    }

    public func resolve(name: String, version: String, catalog: String, declared: Catalog?) async throws(WorkflowFault) -> CatalogFunction {
        let reference = "\(name):\(version)@\(catalog)"
        if catalog == "default" && declared == nil {
            guard let function = native.withLock({ $0["\(name):\(version)"] }) else {
                let known = native.withLock { $0.keys.sorted() }
                throw .configuration(
                    "the default catalog has no function \(name):\(version)" + (known.isEmpty ? "" : "; it has \(known.joined(separator: ", "))"))
            }
            return .native(function)
        }
        guard let declared else {
            throw .configuration("`\(reference)` names the catalog `\(catalog)`, which is not declared under `use.catalogs`")
        }
        if let cached = cache.withLock({ $0[reference] }) { return .task(cached) }
        let task = try load(name: name, version: version, endpoint: declared.endpoint.uri.documentValue.stringValue ?? "", reference: reference)
        cache.withLock { $0[reference] = task }
        return .task(task)
    }

    private func load(name: String, version: String, endpoint: String, reference: String) throws(WorkflowFault) -> WorkflowTask {
        let root: URL
        if let url = URL(string: endpoint), url.scheme == "file" {
            root = url
        } else if endpoint.hasPrefix("/") || endpoint.hasPrefix(".") {
            root = URL(fileURLWithPath: endpoint)
        } else {
            throw .configuration("the catalog of `\(reference)` is at \(endpoint); Baton reads catalogs from the file system (file:// or a path) for now, not over the network")
        }
        let file = root.appendingPathComponent("functions").appendingPathComponent(name).appendingPathComponent(version).appendingPathComponent("function.yaml")
        do {
            let document = try DocumentLoader().load(contentsOf: file, displayName: file.path)
            return try WorkflowTask(from: DocumentReader(document))
        } catch let errors as DocumentErrors {
            throw .configuration("cannot read `\(reference)` from \(file.path): \(errors)")
        } catch {
            throw .configuration("cannot read `\(reference)` from \(file.path): \(error)")
        }
    }
}
