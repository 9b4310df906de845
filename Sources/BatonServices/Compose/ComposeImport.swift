import BatonWorkflow

/// A docker-compose file converted into a Baton services file, with what did not carry over.
public struct ComposeImport: Sendable, Hashable {
    /// The services file: `name` and `services`, each service with its keys spelled as Baton
    /// writes them (``ServiceDefinition/documentValue``), holding what the compose file said and
    /// `restart`, always (compose's default is `no`, Baton's `always`). `working_dir` and
    /// `env_file` stay relative, to the directory the file is written to.
    public var project: JSONValue
    /// The services' names in the order the compose file lists them.
    public var serviceOrder: [String]
    /// What was not mapped, or was mapped with a difference worth knowing, in file order.
    public var notes: [ImportNote]

    public init(project: JSONValue, serviceOrder: [String], notes: [ImportNote]) {
        self.project = project
        self.serviceOrder = serviceOrder
        self.notes = notes
    }

    /// The services file as YAML, services in the compose file's order, each service's keys sorted.
    /// - Parameter source: the compose file, named in a heading comment.
    public func yamlText(source: String? = nil) -> String {
        var text = source.map { "# Converted from \($0) by `baton import compose`.\n" } ?? ""
        let members = project.objectValue ?? [:]
        if let name = members["name"] { text += JSONValue.object(["name": name]).yamlText() }
        let services = members["services"]?.objectValue ?? [:]
        guard !services.isEmpty else { return text + "services: {}\n" }
        text += "services:\n"
        let order = serviceOrder.filter { services[$0] != nil } + services.keys.filter { !serviceOrder.contains($0) }.sorted()
        for name in order {
            var lines = JSONValue.object([name: services[name]!]).yamlText().split(separator: "\n", omittingEmptySubsequences: false)
            if lines.last?.isEmpty == true { lines.removeLast() }
            for line in lines {
                text += line.isEmpty ? "\n" : "  \(line)\n"
            }
        }
        return text
    }
}

/// Something of a compose file that Baton does not take over as it is: `services.db.volumes:
/// not mapped: the local driver has no volumes; data stays in the working directory`.
public struct ImportNote: Sendable, Hashable, CustomStringConvertible {
    /// The key of the compose file the note is about.
    public var path: DocumentPath
    public var message: String
    /// Where that key is written.
    public var location: SourceLocation

    public init(path: DocumentPath, message: String, location: SourceLocation) {
        self.path = path
        self.message = message
        self.location = location
    }

    /// `docker-compose.yml:14:5: services.db.volumes: not mapped: …`
    public var description: String {
        path.isRoot ? "\(location): \(message)" : "\(location): \(path): \(message)"
    }
}
