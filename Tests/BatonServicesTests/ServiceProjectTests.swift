import BatonServices
import BatonWorkflow
import Foundation
import Testing

/// Reads services files from text, with env files served from memory, as `baton up` reads them
/// from `/srv/shop`.
struct ServicesFixture {
    var directory = "/srv/shop"
    var files: [String: String] = [:]

    var context: ServiceDefinition.ReadingContext {
        let files = files
        return ServiceDefinition.ReadingContext(directory: directory) { path in
            guard let text = files[path] else { throw CocoaError(.fileReadNoSuchFile) }
            return text
        }
    }

    func read(_ text: String, file: String = "services.yaml") throws -> ServiceProject {
        let document = try DocumentLoader().load(text: text, file: file)
        return try ServiceProject.read(document, file: file, context: context)
    }

    /// Every problem reported for `text`, as the user sees them: `file:line:column: path: message`.
    func problems(_ text: String, file: String = "services.yaml") -> [String] {
        do {
            _ = try read(text, file: file)
            return []
        } catch let error as DocumentErrors {
            return error.diagnostics.map(\.description)
        } catch {
            return ["unexpected \(error)"]
        }
    }
}

@Suite struct ServiceProjectTests {
    static let shop = """
        name: Shop
        x-defaults: &defaults
          LOG_LEVEL: info
        services:
          db:
            image: postgres:16
            environment:
              - POSTGRES_PASSWORD=secret
              - EMPTY=
            ports: ["5432"]
            healthcheck:
              test: ["CMD-SHELL", "pg_isready -U postgres"]
              interval: 5s
              retries: 5
              start_period: 30s
            restart: unless-stopped
            stop_grace_period: 1m30s
          web:
            command: ./bin/web --port "$PORT" --name 'my shop'
            args: [--verbose]
            working_dir: app
            env_file: [web.env, secrets.env]
            environment:
              <<: *defaults
              DEBUG: true
              WORKERS: 4
              SHARED: from-environment
            ports: [8080, "8443:443", "0.0.0.0:9090"]
            replicas: 3
            healthcheck:
              http: /health
              interval: 2s
              timeout: 500ms
            restart: on-failure:5
            depends_on:
              db: {condition: service_healthy}
              cache: {condition: service_started, restart: true}
            resources: {memory: 512M, cpus: 0.5}
            labels: [team=shop, tier=front]
            version: 1.4.2
            stop_signal: int
            update:
              strategy: canary
              batch_size: 2
              canary: {percent: 20, duration: 5m, max_error_rate: 0.02, auto_promote: false}
          cache:
            command: [redis-server, --port, "6379"]
            working_dir: /var/lib/redis
            healthcheck: {tcp: 6379}
            restart:
              policy: always
              backoff: {initial: 2s, max: 1m, reset_after: 5m}
              max_attempts: 10
          worker:
            command: python -m worker
            depends_on: [db, cache]
            replicas: 0
            restart: "no"
            healthcheck:
              command: python -m worker.check
              disable: true
          admin:
            command: ./bin/admin
            ports: [9091]
            healthcheck:
              http: {path: /ready, port: 9092}
            update: {strategy: blue-green, health_timeout: 2m, auto_rollback: false}
        """

    static let shopFiles = [
        "/srv/shop/web.env": "# web settings\nSHARED=from-file\nA=1\n",
        "/srv/shop/secrets.env": "export A=2\nTOKEN=\"x y\"\n",
    ]

    static func name(_ text: String) -> ServiceName { try! ServiceName(text) }

    @Test func readsARealisticFileIntoTheDefinitionsItDescribes() throws {
        let project = try ServicesFixture(files: Self.shopFiles).read(Self.shop)
        #expect(project.name == "shop")
        #expect(project.file == "services.yaml")
        #expect(project.services.map(\.name.rawValue) == ["admin", "cache", "db", "web", "worker"])
        let services = Dictionary(uniqueKeysWithValues: project.services.map { ($0.name.rawValue, $0) })

        #expect(
            services["db"]
                == ServiceDefinition(
                    name: Self.name("db"), image: "postgres:16", environment: ["POSTGRES_PASSWORD": "secret", "EMPTY": ""], workingDirectory: "/srv/shop",
                    ports: [PortBinding(port: 5432)],
                    healthCheck: HealthCheck(
                        probe: .command(["/bin/sh", "-c", "pg_isready -U postgres"]), interval: .seconds(5), retries: 5, startPeriod: .seconds(30)),
                    restart: RestartPolicy(condition: .always), stopGracePeriod: .seconds(90)))
        #expect(
            services["web"]
                == ServiceDefinition(
                    name: Self.name("web"), command: ["./bin/web", "--port", "$PORT", "--name", "my shop", "--verbose"],
                    environment: ["LOG_LEVEL": "info", "DEBUG": "true", "WORKERS": "4", "SHARED": "from-environment", "A": "2", "TOKEN": "x y"],
                    workingDirectory: "/srv/shop/app",
                    ports: [PortBinding(port: 8080), PortBinding(port: 8443), PortBinding(address: "0.0.0.0", port: 9090)], replicas: 3,
                    healthCheck: HealthCheck(probe: .http(path: "/health", port: nil), interval: .seconds(2), timeout: .milliseconds(500)),
                    restart: RestartPolicy(condition: .onFailure, maximumAttempts: 5),
                    dependsOn: [Self.name("db"): .healthy, Self.name("cache"): .started],
                    resources: ResourceLimits(memoryBytes: 512 << 20, cpus: 0.5), labels: ["team": "shop", "tier": "front"], version: "1.4.2",
                    stopSignal: "SIGINT",
                    update: UpdatePolicy(strategy: .canary, batchSize: 2, canaryPercent: 20, canaryDuration: .seconds(300), maximumErrorRate: 0.02, autoPromote: false)
                ))
        #expect(
            services["cache"]
                == ServiceDefinition(
                    name: Self.name("cache"), command: ["redis-server", "--port", "6379"], workingDirectory: "/var/lib/redis",
                    healthCheck: HealthCheck(probe: .tcp(port: 6379)),
                    restart: RestartPolicy(condition: .always, initialBackoff: .seconds(2), maximumBackoff: .seconds(60), maximumAttempts: 10, resetAfter: .seconds(300))))
        #expect(
            services["worker"]
                == ServiceDefinition(
                    name: Self.name("worker"), command: ["python", "-m", "worker"], workingDirectory: "/srv/shop", replicas: 0, healthCheck: nil,
                    restart: RestartPolicy(condition: .never), dependsOn: [Self.name("db"): .started, Self.name("cache"): .started]))
        #expect(
            services["admin"]
                == ServiceDefinition(
                    name: Self.name("admin"), command: ["./bin/admin"], workingDirectory: "/srv/shop", ports: [PortBinding(port: 9091)],
                    healthCheck: HealthCheck(probe: .http(path: "/ready", port: 9092)),
                    update: UpdatePolicy(strategy: .blueGreen, healthTimeout: .seconds(120), autoRollback: false)))
    }

    @Test func theProjectIsNamedAfterItsDirectoryWithoutAName() throws {
        let project = try ServicesFixture(directory: "/home/me/Orders").read("services:\n  api:\n    command: ./api\n")
        #expect(project.name == "orders")
    }

    @Test(arguments: [false, true])
    func theCanonicalFormReadsBackToTheSameDefinitions(asJSON: Bool) throws {
        let fixture = ServicesFixture(files: Self.shopFiles)
        let project = try fixture.read(Self.shop)
        let document = JSONValue.object([
            "name": .string(project.name),
            "services": .object(Dictionary(uniqueKeysWithValues: project.services.map { ($0.name.rawValue, $0.documentValue) })),
        ])
        let text = asJSON ? document.jsonText(pretty: true) : document.yamlText()
        // The canonical form has the env files merged in: it reads back without them.
        let reread = try ServicesFixture().read(text, file: asJSON ? "services.json" : "services.yaml")
        #expect(reread.services == project.services)
        #expect(reread.name == project.name)
        for service in reread.services {
            #expect(service.documentValue == project.services.first { $0.name == service.name }?.documentValue)
        }
    }

    @Test func theCanonicalFormWritesEveryKeyOneWay() throws {
        let project = try ServicesFixture(files: Self.shopFiles).read(Self.shop)
        let web = try #require(project.services.first { $0.name.rawValue == "web" })
        let value = web.documentValue
        #expect(value.objectValue?["command"] == ["./bin/web", "--port", "$PORT", "--name", "my shop", "--verbose"])
        #expect(value.objectValue?["ports"] == [8080, 8443, "0.0.0.0:9090"])
        #expect(value.objectValue?["depends_on"] == ["db": ["condition": "healthy"], "cache": ["condition": "started"]])
        #expect(value.objectValue?["restart"] == ["policy": "on-failure", "max_attempts": 5, "backoff": ["initial": "1s", "max": "1m", "reset_after": "1m"]])
        #expect(value.objectValue?["healthcheck"] == ["http": "/health", "interval": "2s", "timeout": "500ms", "retries": 3, "start_period": "0s"])
        #expect(value.objectValue?["resources"] == ["memory": "512M", "cpus": 0.5])
        #expect(value.objectValue?["stop_grace_period"] == "10s")
        #expect(value.objectValue?["env_file"] == nil)
        #expect(value.objectValue?["args"] == nil)
    }

    // MARK: - Bad input

    @Test func anUnknownKeyIsNamedWithTheKeyItResembles() {
        let problems = ServicesFixture().problems("""
            services:
              web:
                command: ./web
                replica: 2
            """)
        #expect(problems == ["services.yaml:4:5: services.web.replica: unknown key `replica`; did you mean `replicas`?"])
    }

    @Test func aMisspeltCommandIsReportedAsTheMisspellingNotAsNothingToRun() {
        let problems = ServicesFixture().problems("""
            services:
              web:
                comand: ./web
            """)
        #expect(problems == ["services.yaml:3:5: services.web.comand: unknown key `comand`; did you mean `command`?"])
    }

    @Test func aMisspeltServicesKeyIsReportedAsTheMisspelling() {
        let problems = ServicesFixture().problems("""
            name: shop
            servces:
              web:
                command: ./web
            """)
        #expect(problems == ["services.yaml:2:1: servces: unknown key `servces`; did you mean `services`?"])
    }

    @Test func aMisspeltHealthCheckKindIsReportedAsTheMisspelling() {
        let problems = ServicesFixture().problems("""
            services:
              web:
                command: ./web
                healthcheck:
                  htpp: /health
                  interval: 5s
            """)
        #expect(problems == ["services.yaml:5:7: services.web.healthcheck.htpp: unknown key `htpp`; did you mean `http`?"])
    }

    @Test func dependenciesOnUnknownServicesAndOnItselfAreRefused() {
        let problems = ServicesFixture().problems("""
            services:
              web:
                command: ./web
                depends_on: [web, dbb]
              db:
                image: postgres
            """)
        #expect(
            problems == [
                "services.yaml:4:23: services.web.depends_on[1]: `dbb` is not a service of this file: define it or remove the dependency",
                "services.yaml:4:18: services.web.depends_on[0]: a service cannot depend on itself",
            ])
    }

    @Test func problemsFoundAcrossServicesPointAtTheKeysAsWritten() {
        let problems = ServicesFixture().problems("""
            services:
              Web:
                command: ./web
                ports: [8080]
                depends_on:
                  API: {condition: service_healthy}
              Api:
                command: ./api
                ports: ["0.0.0.0:8080"]
            """)
        #expect(problems == ["services.yaml:4:13: services.Web.ports[0]: port 8080 is already used by service `api`: each stable port belongs to one service"])
    }

    @Test func twoServicesWhoseNamesDifferOnlyInCaseAreRefused() {
        let problems = ServicesFixture().problems("""
            services:
              web:
                command: ./web
              Web:
                command: ./other
            """)
        #expect(problems == ["services.yaml:2:3: services.web: `Web` and `web` are one service (names ignore case): rename or remove one"])
    }

    @Test func aDependencyCycleIsNamedInOrder() {
        let problems = ServicesFixture().problems("""
            services:
              a:
                command: ./a
                depends_on:
                  b: {condition: service_healthy}
              b:
                command: ./b
                depends_on: [c]
              c:
                command: ./c
                depends_on: [a]
            """)
        #expect(
            problems == [
                "services.yaml:5:7: services.a.depends_on.b: the services depend on each other in a cycle: a → b → c → a; remove one of these dependencies"
            ])
    }

    @Test func twoServicesOnOnePortAreRefused() {
        let problems = ServicesFixture().problems("""
            services:
              api:
                command: ./api
                ports: [8080]
              web:
                command: ./web
                ports:
                  - 9090
                  - "0.0.0.0:8080"
            """)
        #expect(
            problems == [
                "services.yaml:9:9: services.web.ports[1]: port 8080 is already used by service `api`: each stable port belongs to one service"
            ])
    }

    @Test(arguments: [
        ("ports: [70000]", "4:13: services.web.ports[0]: 70000 is not a port number (1–65535)"),
        ("ports: [\"http\"]", "4:13: services.web.ports[0]: “http” is not a port number (1–65535)"),
        ("ports: [\"8000-8002\"]", "4:13: services.web.ports[0]: “8000-8002” is not a port number (1–65535)"),
        ("ports: [\"1:2:3:4\"]", "4:13: services.web.ports[0]: “1:2:3:4” is not a port: write 8080, \"8080:80\" or \"0.0.0.0:8080\""),
        ("stop_grace_period: 10 seconds", "4:5: services.web.stop_grace_period: “10 seconds” is not a duration: write 10s, 500ms, 1m30s or a number of seconds"),
        ("healthcheck: {http: /h, interval: 5x}", "4:29: services.web.healthcheck.interval: “5x” is not a duration: write 10s, 500ms, 1m30s or a number of seconds"),
        ("healthcheck: {http: /h, tcp: true}", "4:5: services.web.healthcheck: a health check has one of `http`, `tcp`, `command`, not `http` and `tcp`"),
        ("healthcheck: {http: health}", "4:19: services.web.healthcheck.http: an HTTP health check path starts with `/` and has no spaces, like /health (got “health”)"),
        ("healthcheck: {tcp: true, retries: 0}", "4:30: services.web.healthcheck.retries: retries must be at least 1 (0)"),
        ("healthcheck: {interval: 5s}", "4:5: services.web.healthcheck: a health check needs one of `http` (a path), `tcp` or `command`"),
        ("healthcheck: {test: [NONE]}", "4:19: services.web.healthcheck.test: `NONE` disables the check: write `disable: true` instead"),
        ("healthcheck: {command: \"\"}", "4:19: services.web.healthcheck.command: the health check command is empty"),
        ("restart: sometimes", "4:5: services.web.restart: unknown restart policy “sometimes”: use always, on-failure (or on-failure:N) or never"),
        ("restart: {policy: always, backoff: {initial: 2m}}", "4:5: services.web.restart: the back-off starts at 2m, above its maximum 1m"),
        ("replicas: -1", "4:5: services.web.replicas: replicas cannot be negative (-1); use 0 to run none"),
        ("depends_on: {db: {condition: service_completed_successfully}}", "4:23: services.web.depends_on.db.condition: unknown condition “service_completed_successfully”: use `service_started` (or `started`) or `service_healthy` (or `healthy`)"),
        ("resources: {memory: lots}", "4:17: services.web.resources.memory: “lots” is not a size: write 256M, 1G or a number of bytes"),
        ("stop_signal: SIGNOPE", "4:5: services.web.stop_signal: unknown signal “SIGNOPE”: use one of SIGHUP, SIGINT, SIGKILL, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGWINCH"),
        ("update: {strategy: canery}", "4:14: services.web.update.strategy: `canery` is not one of `rolling`, `blue-green`, `canary`; did you mean `canary`?"),
        ("environment: {A: }", "4:19: services.web.environment.A: environment variable `A` has no value; give one (an empty string is \"\")"),
        ("environment: [\"=x\"]", "4:19: services.web.environment[0]: expected KEY=VALUE, not “=x”"),
        ("command: ./web 'unclosed", "4:5: services.web.command: cannot split the command into words: a single quote is not closed; write it as a list instead"),
    ])
    func aBadValueIsReportedWhereItIsWritten(line: String, expected: String) {
        let problems = ServicesFixture().problems("""
            services:
              web:
                image: web
                \(line)
            """)
        #expect(problems == ["services.yaml:\(expected)"])
    }

    @Test func aServiceWithNothingToRunIsRefused() {
        let problems = ServicesFixture().problems("""
            services:
              web:
                ports: [8080]
            """)
        #expect(problems == ["services.yaml:2:3: services.web: service `web` has neither `command` nor `image`: say what to run"])
    }

    @Test func aMissingEnvFileIsNamedWithItsPath() {
        let problems = ServicesFixture(files: ["/srv/shop/web.env": "A=1\n"]).problems("""
            services:
              web:
                command: ./web
                env_file:
                  - web.env
                  - missing.env
            """)
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("services.yaml:6:9: services.web.env_file[1]: cannot read env file /srv/shop/missing.env: ") == true)
        #expect(problems.first?.hasSuffix("; create it or remove it from `env_file`") == true)
    }

    @Test func aBadLineOfAnEnvFileIsNamedWithTheFileAndLine() {
        let fixture = ServicesFixture(files: ["/srv/shop/web.env": "A=1\n\nnot a setting\n"])
        let problems = fixture.problems("services:\n  web:\n    command: ./web\n    env_file: web.env\n")
        #expect(problems == ["services.yaml:4:5: services.web.env_file: /srv/shop/web.env:3: expected KEY=VALUE, not “not a setting”"])
    }

    @Test func everyBadServiceOfAFileIsReported() {
        let problems = ServicesFixture().problems("""
            services:
              api:
                command: ./api
                ports: [0]
              web:
                image: web
                healthcheck: {http: /h, timeout: 0s}
              Bad Name:
                command: ./x
              ok:
                command: ./ok
            """)
        #expect(
            problems == [
                "services.yaml:8:3: services[\"Bad Name\"]: “Bad Name”: a service name holds only letters, digits, `.`, `_` and `-`, not ` `",
                "services.yaml:4:13: services.api.ports[0]: 0 is not a port number (1–65535)",
                "services.yaml:7:29: services.web.healthcheck.timeout: the timeout must be longer than 0s",
            ])
    }

    @Test func aFileWithoutServicesSaysWhatItNeeds() {
        #expect(
            ServicesFixture().problems("name: shop\n")
                == ["services.yaml:1:1: a services file has a `services:` mapping, one entry per service"])
        #expect(ServicesFixture().problems("- web\n") == ["services.yaml:1:1: expected a mapping, found an array"])
    }

    @Test func loadingAnEmptyFileSaysItIsNotAServicesFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("baton-services-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("services.yaml")
        try Data("# nothing yet\n".utf8).write(to: file)
        #expect {
            try ServiceProject.load(path: folder.path)
        } throws: { error in
            (error as? DocumentErrors)?.description == "\(file.path):1:1: the file is empty: a services file has a `services:` mapping, one entry per service"
        }
    }

    @Test func loadingADirectoryReadsItsServicesFileAndResolvesPathsFromIt() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("baton-services-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect {
            try ServiceProject.load(path: folder.path)
        } throws: { error in
            (error as? DocumentErrors)?.description == "\(folder.path):1:1: no services file in this directory: create services.yaml (or name the file)"
        }
        try Data("A=from-file\n".utf8).write(to: folder.appendingPathComponent("api.env"))
        try Data("services:\n  api:\n    command: ./api\n    working_dir: bin\n    env_file: api.env\n".utf8)
            .write(to: folder.appendingPathComponent("baton.yml"))
        let project = try ServiceProject.load(path: folder.path)
        let directory = folder.standardizedFileURL.path
        #expect(project.file == folder.appendingPathComponent("baton.yml").path)
        #expect(project.services.first?.workingDirectory == directory + "/bin")
        #expect(project.services.first?.environment == ["A": "from-file"])
    }
}
