/// The dependency graph of a set of services: who must be up before whom.
///
/// Start order is by levels — every service after all it depends on, services of one level
/// independent of each other, so they may start together; stop order is the reverse.
public struct ServiceGraph: Sendable, Hashable {
    /// The services' dependencies (only those inside the set).
    public let dependencies: [ServiceName: [ServiceName: ServiceDefinition.DependencyCondition]]
    /// Levels of the start order; each level's names sorted.
    public let levels: [[ServiceName]]

    /// - Throws: ``ServiceGraphError`` for a dependency on a service not in the set, or a cycle
    ///   (named in order, `web → api → web`).
    public init(_ definitions: [ServiceDefinition]) throws(ServiceGraphError) {
        var dependencies: [ServiceName: [ServiceName: ServiceDefinition.DependencyCondition]] = [:]
        for definition in definitions { dependencies[definition.name] = definition.dependsOn }
        for definition in definitions.sorted(by: { $0.name < $1.name }) {
            if let missing = definition.dependsOn.keys.sorted().first(where: { dependencies[$0] == nil }) {
                throw .unknownDependency(service: definition.name, dependency: missing)
            }
        }
        if let cycle = Self.findCycle(dependencies) { throw .cycle(cycle) }
        var remaining = Set(dependencies.keys)
        var levels: [[ServiceName]] = []
        while !remaining.isEmpty {
            let ready = remaining.filter { name in dependencies[name, default: [:]].keys.allSatisfy { !remaining.contains($0) } }.sorted()
            levels.append(ready)
            remaining.subtract(ready)
        }
        self.dependencies = dependencies
        self.levels = levels
    }

    /// Every service, dependencies first.
    public var startOrder: [ServiceName] { levels.flatMap { $0 } }
    /// Every service, dependents first.
    public var stopOrder: [ServiceName] { startOrder.reversed() }

    /// The services that depend on `name`, directly or not.
    public func dependents(of name: ServiceName) -> Set<ServiceName> {
        var found: Set<ServiceName> = []
        var frontier = [name]
        while let next = frontier.popLast() {
            for (service, needs) in dependencies where needs[next] != nil && !found.contains(service) {
                found.insert(service)
                frontier.append(service)
            }
        }
        return found
    }

    /// The first cycle found, as a path that returns to its start; nil when there is none.
    private static func findCycle(_ dependencies: [ServiceName: [ServiceName: ServiceDefinition.DependencyCondition]]) -> [ServiceName]? {
        enum Mark { case visiting, done }
        var marks: [ServiceName: Mark] = [:]
        var stack: [ServiceName] = []
        func visit(_ name: ServiceName) -> [ServiceName]? {
            if marks[name] == .done { return nil }
            if marks[name] == .visiting {
                let start = stack.firstIndex(of: name)!
                return Array(stack[start...]) + [name]
            }
            marks[name] = .visiting
            stack.append(name)
            for dependency in dependencies[name, default: [:]].keys.sorted() where dependencies[dependency] != nil {
                if let cycle = visit(dependency) { return cycle }
            }
            stack.removeLast()
            marks[name] = .done
            return nil
        }
        for name in dependencies.keys.sorted() {
            if let cycle = visit(name) { return cycle }
        }
        return nil
    }
}

/// Why a set of services has no start order.
public enum ServiceGraphError: Error, Sendable, Hashable, CustomStringConvertible {
    case unknownDependency(service: ServiceName, dependency: ServiceName)
    case cycle([ServiceName])

    public var description: String {
        switch self {
        case .unknownDependency(let service, let dependency):
            "service `\(service)` depends on `\(dependency)`, which is not defined: define it or remove it from `depends_on`"
        case .cycle(let path):
            "the services depend on each other in a cycle: \(path.map(\.rawValue).joined(separator: " → ")); remove one of these dependencies"
        }
    }
}
