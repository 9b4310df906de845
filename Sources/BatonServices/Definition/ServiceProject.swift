import BatonWorkflow
import Foundation

/// A set of services declared together — one file, like a compose project: what `baton up`
/// applies and `baton down` removes.
public struct ServiceProject: Sendable, Hashable {
    /// The project's name: the file's `name:`, else the name of its directory.
    public var name: String
    public var services: [ServiceDefinition]
    /// The file it came from, as the user named it.
    public var file: String

    public init(name: String, services: [ServiceDefinition], file: String) {
        self.name = name
        self.services = services
        self.file = file
    }

    /// The services in start order (dependencies first).
    public func graph() throws(ServiceGraphError) -> ServiceGraph { try ServiceGraph(services) }

    /// The file names `baton up DIR` looks for, in order.
    public static let defaultFileNames = ["services.yaml", "services.yml", "baton.yaml", "baton.yml"]

    /// Loads a services file — or, given a directory, the first of ``defaultFileNames`` in it.
    /// - Throws: ``DocumentErrors`` with every problem found, each with file:line:column and the
    ///   path of the key (`services.web.healthcheck.interval`).
    public static func load(path: String, loader: DocumentLoader = DocumentLoader()) throws(DocumentErrors) -> ServiceProject {
        var isDirectory: ObjCBool = false
        var file = path
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            let candidates = defaultFileNames.map { URL(fileURLWithPath: path).appendingPathComponent($0).path }
            guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
                throw DocumentErrors([
                    Diagnostic(
                        code: "service.no-file", message: "no services file in this directory: create \(defaultFileNames[0]) (or name the file)",
                        path: .root, location: SourceLocation(file: path, line: 1, column: 1))
                ])
            }
            file = found
        }
        let (document, directory) = try loader.loadServiceFile(file, kind: "a services file")
        return try read(document, file: file, context: ServiceDefinition.ReadingContext(directory: directory))
    }

    /// Reads a loaded services document and checks the set: dependencies that exist and make no
    /// cycle, no stable port used twice.
    public static func read(_ document: LoadedDocument, file: String, context: ServiceDefinition.ReadingContext) throws(DocumentErrors) -> ServiceProject {
        let reader = DocumentReader(document)
        var diagnostics: [Diagnostic] = []
        var projectName = URL(fileURLWithPath: context.directory).lastPathComponent
        var services: [ServiceDefinition] = []
        do throws(Diagnostic) {
            try reader.object { (object: inout ObjectReader) throws(Diagnostic) -> Void in
                for key in object.members.keys where key.hasPrefix("x-") { _ = object.reader(key) }
                if let name = try object.optional("name", String.self) { projectName = name }
                guard let servicesReader = object.reader("services") else {
                    try object.checkUnknownKeys()
                    throw object.error("a services file has a `services:` mapping, one entry per service", code: "service.no-services")
                }
                var keys: [ServiceName: String] = [:]
                for (key, serviceReader) in try servicesReader.entries() {
                    do throws(Diagnostic) {
                        let name = try ServiceDefinition.serviceName(serviceReader, key)
                        if let other = keys[name] {
                            throw serviceReader.error(
                                "`\(other)` and `\(key)` are one service (names ignore case): rename or remove one", code: "service.duplicate")
                        }
                        keys[name] = key
                        services.append(try ServiceDefinition(name: name, reader: serviceReader, context: context))
                    } catch {
                        diagnostics.append(error)
                    }
                }
            }
        } catch {
            diagnostics.append(error)
        }
        if diagnostics.isEmpty { diagnostics = check(services, reader: reader) }
        guard diagnostics.isEmpty else { throw DocumentErrors(diagnostics) }
        return ServiceProject(name: projectName.lowercased(), services: services, file: file)
    }

    private static func check(_ services: [ServiceDefinition], reader: DocumentReader) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let written = reader.value.objectValue?["services"]?.objectValue ?? [:]
        /// The path of a service's key as written (`Web` for the service `web`), then `path`.
        func at(_ path: [String], index: Int? = nil, _ message: String, code: String, atKey: Bool = false) -> Diagnostic {
            var documentPath = DocumentPath.root
            for (position, component) in path.enumerated() {
                let key = position == 1 ? written.keys.first { $0.lowercased() == component } ?? component : component
                documentPath = documentPath.appending(key)
            }
            if let index { documentPath = documentPath.appending(index) }
            return Diagnostic(code: code, message: message, path: documentPath, in: reader.sourceMap, atKey: atKey)
        }
        /// A dependency's key, or its item when `depends_on` is a list.
        func atDependency(_ service: ServiceName, _ dependency: ServiceName, _ message: String, code: String) -> Diagnostic {
            let key = written.keys.first { $0.lowercased() == service.rawValue } ?? service.rawValue
            if case .array(let items)? = written[key]?.objectValue?["depends_on"],
                let index = items.firstIndex(where: { $0.stringValue?.lowercased() == dependency.rawValue })
            {
                return at(["services", service.rawValue, "depends_on"], index: index, message, code: code)
            }
            let spelled = written[key]?.objectValue?["depends_on"]?.objectValue?.keys.first { $0.lowercased() == dependency.rawValue }
            return at(["services", service.rawValue, "depends_on", spelled ?? dependency.rawValue], message, code: code, atKey: true)
        }
        let names = Set(services.map(\.name))
        var portOwners: [Int: ServiceName] = [:]
        for service in services.sorted(by: { $0.name < $1.name }) {
            for dependency in service.dependsOn.keys.sorted() {
                if dependency == service.name {
                    diagnostics.append(atDependency(service.name, dependency, "a service cannot depend on itself", code: "service.depends-on"))
                } else if !names.contains(dependency) {
                    diagnostics.append(
                        atDependency(service.name, dependency, "`\(dependency)` is not a service of this file: define it or remove the dependency", code: "service.depends-on"))
                }
            }
            for (index, binding) in service.ports.enumerated() {
                if let owner = portOwners[binding.port] {
                    let who = owner == service.name ? "this service already" : "service `\(owner)`"
                    diagnostics.append(
                        at(["services", service.name.rawValue, "ports"], index: index,
                           "port \(binding.port) is already used by \(who): each stable port belongs to one service", code: "service.port-conflict"))
                }
                portOwners[binding.port] = service.name
            }
        }
        guard diagnostics.isEmpty else { return diagnostics }
        do throws(ServiceGraphError) {
            _ = try ServiceGraph(services)
        } catch {
            if case .cycle(let path) = error {
                diagnostics.append(atDependency(path[0], path[1], error.description, code: "service.cycle"))
            } else {
                diagnostics.append(at(["services"], error.description, code: "service.depends-on"))
            }
        }
        return diagnostics
    }
}
