import BatonServices
import Testing

@Suite struct ServiceGraphTests {
    static func service(_ name: String, needs: [String: ServiceDefinition.DependencyCondition] = [:]) -> ServiceDefinition {
        ServiceDefinition(
            name: try! ServiceName(name), command: ["./\(name)"], workingDirectory: "/srv",
            dependsOn: Dictionary(uniqueKeysWithValues: needs.map { (try! ServiceName($0.key), $0.value) }))
    }

    static func names(_ texts: [String]) -> [ServiceName] { texts.map { try! ServiceName($0) } }

    /// web and worker need api or db; api needs db and cache; cron needs nothing.
    static let shop = [
        service("web", needs: ["api": .healthy]),
        service("worker", needs: ["db": .healthy, "cache": .started]),
        service("api", needs: ["db": .healthy, "cache": .started]),
        service("db"),
        service("cache"),
        service("cron"),
    ]

    @Test func startsEachServiceAfterEverythingItNeeds() throws {
        let graph = try ServiceGraph(Self.shop)
        #expect(graph.levels == [Self.names(["cache", "cron", "db"]), Self.names(["api", "worker"]), Self.names(["web"])])
        #expect(graph.startOrder == Self.names(["cache", "cron", "db", "api", "worker", "web"]))
        #expect(graph.stopOrder == Self.names(["web", "worker", "api", "db", "cron", "cache"]))
        #expect(graph.dependencies[try ServiceName("web")] == [try ServiceName("api"): .healthy])
    }

    @Test func dependentsAreFoundThroughEveryPath() throws {
        let graph = try ServiceGraph(Self.shop)
        #expect(graph.dependents(of: try ServiceName("db")) == Set(Self.names(["api", "worker", "web"])))
        #expect(graph.dependents(of: try ServiceName("api")) == Set(Self.names(["web"])))
        #expect(graph.dependents(of: try ServiceName("web")).isEmpty)
        #expect(graph.dependents(of: try ServiceName("cron")).isEmpty)
    }

    @Test func anEmptySetHasNoLevels() throws {
        let graph = try ServiceGraph([])
        #expect(graph.levels.isEmpty)
        #expect(graph.startOrder.isEmpty)
    }

    @Test func aCycleIsNamedFromWhereItStartsBackToIt() {
        #expect(throws: ServiceGraphError.cycle(Self.names(["a", "b", "a"]))) {
            try ServiceGraph([Self.service("a", needs: ["b": .started]), Self.service("b", needs: ["a": .healthy]), Self.service("c")])
        }
        #expect(throws: ServiceGraphError.cycle(Self.names(["solo", "solo"]))) {
            try ServiceGraph([Self.service("solo", needs: ["solo": .started])])
        }
    }

    @Test func aCycleBehindAnAcyclicPartIsFound() {
        let services = [
            Self.service("a", needs: ["b": .started]), Self.service("b", needs: ["c": .started]),
            Self.service("c", needs: ["d": .started]), Self.service("d", needs: ["b": .started]),
        ]
        #expect(throws: ServiceGraphError.cycle(Self.names(["b", "c", "d", "b"]))) { try ServiceGraph(services) }
        #expect(
            ServiceGraphError.cycle(Self.names(["b", "c", "d", "b"])).description
                == "the services depend on each other in a cycle: b → c → d → b; remove one of these dependencies")
    }

    @Test func aDependencyOutsideTheSetIsNamed() {
        let error = ServiceGraphError.unknownDependency(service: try! ServiceName("web"), dependency: try! ServiceName("api"))
        #expect(throws: error) { try ServiceGraph([Self.service("web", needs: ["api": .started])]) }
        #expect(error.description == "service `web` depends on `api`, which is not defined: define it or remove it from `depends_on`")
    }
}
