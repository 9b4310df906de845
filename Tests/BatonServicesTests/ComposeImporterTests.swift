import BatonServices
import BatonWorkflow
import Foundation
import Testing

/// Imports compose text as `baton import compose` does, with the `.env` and env files served
/// from memory in `/srv/shop`.
struct ComposeFixture {
    var directory = "/srv/shop"
    var files: [String: String] = [:]
    var environment: [String: String] = [:]
    var directories: Set<String> = []

    var importer: ComposeImporter {
        let files = files, directories = directories
        return ComposeImporter(
            environment: environment,
            readFile: { path in
                guard let text = files[path] else { throw CocoaError(.fileReadNoSuchFile) }
                return text
            },
            directoryExists: { directories.contains($0) })
    }

    func convert(_ text: String, outputDirectory: String? = nil) throws -> ComposeImport {
        let document = try DocumentLoader().load(text: text, file: "docker-compose.yml")
        return try importer.convert(document, directory: directory, outputDirectory: outputDirectory)
    }

    /// The notes as `path: message`.
    func notes(_ text: String) throws -> [String] {
        try convert(text).notes.map { "\($0.path): \($0.message)" }
    }

    /// The converted services, by name.
    func services(_ text: String) throws -> [String: JSONValue] {
        try convert(text).project.objectValue?["services"]?.objectValue ?? [:]
    }

    func problems(_ text: String) -> [String] {
        do {
            _ = try convert(text)
            return []
        } catch let error as DocumentErrors {
            return error.diagnostics.map(\.description)
        } catch {
            return ["unexpected \(error)"]
        }
    }
}

@Suite struct ComposeImporterTests {
    static let shop = """
        name: Shop
        x-env: &common-env
          LOG_LEVEL: info
        services:
          web:
            image: ghcr.io/acme/shop-web:${WEB_TAG:-latest}
            command: ["gunicorn", "shop.wsgi", "--bind", "0.0.0.0:8000"]
            environment:
              <<: *common-env
              DATABASE_URL: postgres://shop:${POSTGRES_PASSWORD}@db:5432/shop
              REDIS_URL: redis://cache:6379/0
              SENTRY_DSN:
            env_file: web.env
            ports:
              - "8000:8000"
              - "127.0.0.1:9100:9100"
            depends_on:
              db:
                condition: service_healthy
              cache:
                condition: service_started
              migrate:
                condition: service_completed_successfully
            healthcheck:
              test: ["CMD", "curl", "-f", "http://localhost:8000/health"]
              interval: 10s
              timeout: 3s
              retries: 3
              start_period: 20s
            deploy:
              replicas: 2
              resources:
                limits: {cpus: "0.50", memory: 512M}
                reservations: {memory: 256M}
            restart: unless-stopped
            labels:
              com.acme.team: shop
            networks: [front, back]
            stop_grace_period: 30s
          worker:
            image: ghcr.io/acme/shop-web:${WEB_TAG:-latest}
            entrypoint: ["python", "-m"]
            command: celery -A shop worker --loglevel=info
            environment:
              - DATABASE_URL=postgres://shop:${POSTGRES_PASSWORD}@db:5432/shop
              - CELERY_CONCURRENCY=${CONCURRENCY}
            depends_on: [db, cache]
            deploy:
              replicas: ${WORKERS:-3}
              restart_policy:
                condition: on-failure
                delay: 5s
                max_attempts: 5
                window: 2m
            stop_signal: INT
            volumes: [./media:/app/media]
          migrate:
            image: ghcr.io/acme/shop-web:${WEB_TAG:-latest}
            command: python manage.py migrate
            depends_on:
              db: {condition: service_healthy}
            restart: "no"
          db:
            image: postgres:16
            environment:
              POSTGRES_USER: shop
              POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}
            volumes:
              - pgdata:/var/lib/postgresql/data
            healthcheck:
              test: ["CMD-SHELL", "pg_isready -U shop"]
              interval: 5s
              retries: 10
            ports: ["5432:5432"]
            networks: [back]
          cache:
            image: redis:7-alpine
            command: redis-server --save "" --appendonly no
            healthcheck:
              test: redis-cli ping
            mem_limit: 256m
            networks: [back]
          assets:
            build: ./assets
            profiles: [dev]
        volumes:
          pgdata:
        networks:
          front:
          back:
        """

    static let shopFixture = ComposeFixture(
        files: ["/srv/shop/.env": "POSTGRES_PASSWORD=s3cret\nWEB_TAG=1.4.2\nWORKERS=2\n", "/srv/shop/web.env": "SECRET_KEY=abc\n"],
        environment: ["WORKERS": "4", "PATH": "/usr/bin"])

    @Test func convertsAWebAppWithItsDatabaseCacheAndWorker() throws {
        let result = try Self.shopFixture.convert(Self.shop)
        #expect(result.serviceOrder == ["web", "worker", "migrate", "db", "cache"])
        let image: JSONValue = "ghcr.io/acme/shop-web:1.4.2"
        let databaseURL: JSONValue = "postgres://shop:s3cret@db:5432/shop"
        #expect(
            result.project == [
                "name": "shop",
                "services": [
                    "web": [
                        "image": image, "command": ["gunicorn", "shop.wsgi", "--bind", "0.0.0.0:8000"],
                        "environment": ["LOG_LEVEL": "info", "DATABASE_URL": databaseURL, "REDIS_URL": "redis://cache:6379/0"],
                        "env_file": ["web.env"], "ports": [8000, 9100],
                        "depends_on": ["db": ["condition": "healthy"], "cache": ["condition": "started"], "migrate": ["condition": "started"]],
                        "healthcheck": [
                            "command": ["curl", "-f", "http://localhost:8000/health"], "interval": "10s", "timeout": "3s", "retries": 3,
                            "start_period": "20s",
                        ],
                        "replicas": 2, "resources": ["cpus": 0.5, "memory": "512M"], "restart": ["policy": "always"],
                        "labels": ["com.acme.team": "shop"], "stop_grace_period": "30s",
                    ],
                    "worker": [
                        "image": image, "command": ["python", "-m", "celery", "-A", "shop", "worker", "--loglevel=info"],
                        "environment": ["DATABASE_URL": databaseURL, "CELERY_CONCURRENCY": ""],
                        "depends_on": ["db": ["condition": "started"], "cache": ["condition": "started"]], "replicas": 4,
                        "restart": ["policy": "on-failure", "max_attempts": 5, "backoff": ["initial": "5s"]], "stop_signal": "SIGINT",
                    ],
                    "migrate": [
                        "image": image, "command": ["python", "manage.py", "migrate"], "depends_on": ["db": ["condition": "healthy"]],
                        "restart": ["policy": "never"],
                    ],
                    "db": [
                        "image": "postgres:16", "environment": ["POSTGRES_USER": "shop", "POSTGRES_PASSWORD": "s3cret"],
                        "healthcheck": ["command": ["/bin/sh", "-c", "pg_isready -U shop"], "interval": "5s", "retries": 10], "ports": [5432],
                        "restart": ["policy": "never"],
                    ],
                    "cache": [
                        "image": "redis:7-alpine", "command": ["redis-server", "--save", "", "--appendonly", "no"],
                        "healthcheck": ["command": ["/bin/sh", "-c", "redis-cli ping"]], "resources": ["memory": "256M"], "restart": ["policy": "never"],
                    ],
                ],
            ])
    }

    @Test func reportsWhatDidNotCarryOverByServiceAndKey() throws {
        let notes = try Self.shopFixture.convert(Self.shop).notes
        #expect(
            notes.map { "\($0.path): \($0.message)" } == [
                "services.web.environment.SENTRY_DSN: left out: `SENTRY_DSN` takes its value from the environment, where it is not set (nor in .env)",
                "services.web.ports: published on 127.0.0.1 only, Baton's default (compose publishes on every address); write \"0.0.0.0:8000\" to accept connections from other machines",
                "services.web.depends_on.migrate.condition: mapped to `service_started`: Baton runs long-lived services, and starts this one once `migrate` has started, not finished",
                "services.web.deploy.resources.reservations: not mapped: Baton reserves nothing; it keeps the limits",
                "services.web.networks: not mapped: the local driver has no networks; services reach each other at their ports on 127.0.0.1",
                "services.worker.environment[1]: `CONCURRENCY` is not set in the environment or .env: it became an empty string, as compose does",
                "services.worker.deploy.restart_policy.window: not mapped: Baton starts the back-off again once an instance has run for `restart.backoff.reset_after`",
                "services.worker.volumes: not mapped: the local driver has no volumes; data stays in the working directory",
                "services.db.volumes: not mapped: the local driver has no volumes; data stays in the working directory",
                "services.db.ports: published on 127.0.0.1 only, Baton's default (compose publishes on every address); write \"0.0.0.0:5432\" to accept connections from other machines",
                "services.db.networks: not mapped: the local driver has no networks; services reach each other at their ports on 127.0.0.1",
                "services.cache.networks: not mapped: the local driver has no networks; services reach each other at their ports on 127.0.0.1",
                "services.assets: not imported: it is built from source (`build`) and has no `image` or `command`; give it a `command` that runs the program",
                "services.assets.build: not mapped: Baton does not build images; build it and name it in `image`, or run the program with `command`",
                "volumes: not mapped: the local driver has no volumes; data stays in the working directory",
                "networks: not mapped: the local driver has no networks; services reach each other at their ports on 127.0.0.1",
            ])
        let volumes = try #require(notes.first { $0.path == ["services", "db", "volumes"] })
        #expect(volumes.location == SourceLocation(file: "docker-compose.yml", line: 68, column: 5))
        #expect(
            volumes.description
                == "docker-compose.yml:68:5: services.db.volumes: not mapped: the local driver has no volumes; data stays in the working directory")
    }

    @Test func theConvertedFileLoadsAsTheServicesItDescribes() throws {
        let result = try Self.shopFixture.convert(Self.shop)
        let text = result.yamlText(source: "docker-compose.yml")
        #expect(text.hasPrefix("# Converted from docker-compose.yml by `baton import compose`.\nname: shop\nservices:\n  web:\n"))
        #expect(text.contains("\n  worker:\n") && text.contains("\n  cache:\n"))
        let positions = ["web", "worker", "migrate", "db", "cache"].map { text.range(of: "\n  \($0):\n")!.lowerBound }
        #expect(positions == positions.sorted(), "services keep the compose file's order")

        let reread = try DocumentLoader().load(text: text, file: "services.yaml")
        #expect(reread.value == result.project)
        let project = try ServicesFixture(files: Self.shopFixture.files).read(text)
        #expect(project.name == "shop")
        #expect(project.services.map(\.name.rawValue) == ["cache", "db", "migrate", "web", "worker"])
        let web = try #require(project.services.first { $0.name.rawValue == "web" })
        #expect(web.environment["SECRET_KEY"] == "abc")
        #expect(web.workingDirectory == "/srv/shop")
        #expect(web.healthCheck == HealthCheck(probe: .command(["curl", "-f", "http://localhost:8000/health"]), interval: .seconds(10), timeout: .seconds(3), startPeriod: .seconds(20)))
        #expect(web.resources == ResourceLimits(memoryBytes: 512 << 20, cpus: 0.5))
        let worker = try #require(project.services.first { $0.name.rawValue == "worker" })
        #expect(worker.restart == RestartPolicy(condition: .onFailure, initialBackoff: .seconds(5), maximumAttempts: 5))
        #expect(try project.graph().levels.map { $0.map(\.rawValue) } == [["cache", "db"], ["migrate", "worker"], ["web"]])

        // Every key is written as Baton writes it: the import is part of the canonical form.
        let services = try #require(result.project.objectValue?["services"]?.objectValue)
        for definition in project.services {
            let imported = try #require(services[definition.name.rawValue]?.objectValue)
            let canonical = try #require(definition.documentValue.objectValue)
            for (key, value) in imported where key != "env_file" {
                #expect(Self.isPart(value, of: canonical[key]), "services.\(definition.name).\(key)")
            }
        }
    }

    /// Whether `part` is `whole`, or for mappings, some of its members, each a part of `whole`'s.
    static func isPart(_ part: JSONValue, of whole: JSONValue?) -> Bool {
        guard let whole else { return false }
        guard case .object(let members) = part, case .object(let wholeMembers) = whole else { return part == whole }
        return members.allSatisfy { isPart($0.value, of: wholeMembers[$0.key]) }
    }

    // MARK: - Pieces

    @Test func mapsRestartPoliciesKeepingComposeDefaultOfNoRestart() throws {
        let services = try ComposeFixture().services("""
            services:
              a: {image: a}
              b: {image: b, restart: always}
              c: {image: c, restart: "on-failure:3"}
              d: {image: d, restart: on-failure}
              e: {image: e, deploy: {restart_policy: {}}}
              f: {image: f, deploy: {restart_policy: {condition: none}}}
              g: {image: g, deploy: {restart_policy: {delay: 2m}}}
            """)
        #expect(services.mapValues { $0.objectValue?["restart"] } == [
            "a": ["policy": "never"], "b": ["policy": "always"], "c": ["policy": "on-failure", "max_attempts": 3], "d": ["policy": "on-failure"],
            "e": ["policy": "always"], "f": ["policy": "never"], "g": ["policy": "always", "backoff": ["initial": "2m", "max": "2m"]],
        ])
    }

    @Test func restartWinsOverDeployRestartPolicyAsInCompose() throws {
        let text = "services:\n  a:\n    image: a\n    restart: always\n    deploy:\n      restart_policy: {condition: none}\n"
        #expect(try ComposeFixture().services(text)["a"]?.objectValue?["restart"] == ["policy": "always"])
        #expect(try ComposeFixture().notes(text) == ["services.a.deploy.restart_policy: ignored: `restart` is set, and compose uses it first"])
    }

    @Test func mapsDeployAndItsOlderSpellings() throws {
        let text = """
            services:
              a:
                image: a
                scale: 2
                mem_limit: 1g
                cpus: 1.5
              b:
                image: b
                scale: 5
                mem_limit: 1g
                deploy:
                  mode: global
                  replicas: 3
                  resources:
                    limits: {memory: 2048M, cpus: "2", pids: 100}
                  update_config: {parallelism: 2, failure_action: rollback, order: start-first}
                  placement: {constraints: [node.role==manager]}
            """
        let services = try ComposeFixture().services(text)
        #expect(services["a"]?.objectValue?["replicas"] == 2)
        #expect(services["a"]?.objectValue?["resources"] == ["memory": "1G", "cpus": 1.5])
        #expect(services["b"]?.objectValue?["replicas"] == 3)
        #expect(services["b"]?.objectValue?["resources"] == ["memory": "2G", "cpus": 2])
        #expect(services["b"]?.objectValue?["update"] == ["batch_size": 2, "auto_rollback": true])
        #expect(try ComposeFixture().notes(text) == [
            "services.b.scale: ignored: `deploy.replicas` is set (compose refuses the two when they differ)",
            "services.b.mem_limit: ignored: `deploy.resources.limits.memory` is set",
            "services.b.deploy.mode: not mapped: Baton runs `replicas` instances on this machine, not one per node",
            "services.b.deploy.resources.limits.pids: not mapped: Baton limits memory and cpus only",
            "services.b.deploy.update_config.order: not mapped: Baton's `update` has strategy, batch_size, health_timeout and auto_rollback",
            "services.b.deploy.placement: not mapped: Baton has no counterpart for `deploy.placement`",
        ])
    }

    @Test func mapsEveryFormOfHealthCheck() throws {
        let services = try ComposeFixture().services("""
            services:
              cmd: {image: x, healthcheck: {test: [CMD, pg_isready, -q]}}
              shell: {image: x, healthcheck: {test: [CMD-SHELL, "curl -f localhost || exit 1"], timeout: 1m30s}}
              string: {image: x, healthcheck: {test: "wget -q -O- localhost", start_period: 0s}}
              none: {image: x, healthcheck: {test: [NONE]}}
              disabled: {image: x, healthcheck: {test: [CMD, "true"], disable: true}}
            """)
        #expect(services.mapValues { $0.objectValue?["healthcheck"] } == [
            "cmd": ["command": ["pg_isready", "-q"]], "shell": ["command": ["/bin/sh", "-c", "curl -f localhost || exit 1"], "timeout": "1m30s"],
            "string": ["command": ["/bin/sh", "-c", "wget -q -O- localhost"], "start_period": "0s"], "none": nil, "disabled": nil,
        ])
    }

    @Test func reportsHealthCheckSettingsBatonCannotKeep() throws {
        let notes = try ComposeFixture().notes("""
            services:
              a: {image: x, healthcheck: {test: [CMD, ok], retries: 0, interval: 0s, start_interval: 1s}}
              b: {image: x, healthcheck: {interval: 5s}}
            """)
        #expect(notes == [
            "services.a.healthcheck.retries: left out: Baton needs at least 1 retry, and uses its default of 3",
            "services.a.healthcheck.interval: left out: Baton needs an interval longer than 0s, and uses its default of 10s",
            "services.a.healthcheck.start_interval: not mapped: Baton checks every `interval`, in the start period too",
            "services.b.healthcheck: not mapped: it has no `test`, and Baton does not know the image's own check; add one",
        ])
    }

    @Test func publishedPortsRangesAndTheirLimits() throws {
        let fixture = ComposeFixture()
        let text = """
            services:
              a:
                image: a
                ports:
                  - "8000-8002:8000-8002"
                  - target: 80
                    published: "8080"
                    host_ip: 0.0.0.0
                  - "10.0.0.5:8443:443"
                  - "127.0.0.1::9000"
                  - "6060:6060/udp"
                  - "[::1]:7000:7000"
                  - 3000
                  - "1000-2000:1000-2000"
              b:
                image: b
                ports: ["8080:80", "9090:80"]
            """
        let services = try fixture.services(text)
        #expect(services["a"]?.objectValue?["ports"] == [8000, 8001, 8002, "0.0.0.0:8080", "10.0.0.5:8443", 9000, 7000, 3000])
        #expect(services["b"]?.objectValue?["ports"] == [9090])
        #expect(try fixture.notes(text) == [
            "services.a.ports: published on 127.0.0.1 only, Baton's default (compose publishes on every address); write \"0.0.0.0:8000\" to accept connections from other machines",
            "services.a.ports[3]: compose publishes it on a port it picks; Baton needs a stable one and listens on 9000",
            "services.a.ports[4]: not mapped: Baton proxies TCP ports only, not udp",
            "services.a.ports[5]: Baton listens on IPv4 addresses only: on 127.0.0.1 instead of ::1",
            "services.a.ports[6]: compose publishes it on a port it picks; Baton needs a stable one and listens on 3000",
            "services.a.ports[7]: not mapped: a range of 1001 ports; list the ones clients use",
            "services.b.ports: published on 127.0.0.1 only, Baton's default (compose publishes on every address); write \"0.0.0.0:9090\" to accept connections from other machines",
            "services.b.ports[0]: left out: port 8080 is already published by service `a`",
        ])
    }

    @Test func interpolatesFromTheEnvironmentOverDotEnvAsComposeDoes() throws {
        let fixture = ComposeFixture(
            files: ["/srv/shop/.env": "TAG=from-dotenv\nHOST=db.local\nEMPTY=\n"], environment: ["TAG": "from-environment"])
        let services = try fixture.services("""
            services:
              a:
                image: "app:${TAG}"
                command: ["echo", "$HOST", "${EMPTY:-fallback}", "${EMPTY-kept}", "${MISSING:-${HOST}}", "$$HOME", "${TAG:+set}", "${MISSING+set}"]
            """)
        #expect(services["a"]?.objectValue?["image"] == "app:from-environment")
        #expect(services["a"]?.objectValue?["command"] == ["echo", "db.local", "fallback", "", "db.local", "$HOME", "set", ""])
    }

    @Test func aRequiredVariableThatIsNotSetIsAnError() {
        let problems = ComposeFixture().problems("""
            services:
              a:
                image: a
                environment:
                  TOKEN: ${TOKEN:?set TOKEN to the API token}
            """)
        #expect(problems == ["docker-compose.yml:5:14: services.a.environment.TOKEN: `TOKEN` is required: set TOKEN to the API token"])
    }

    @Test func aBadDotEnvIsNamedWithItsLine() {
        let fixture = ComposeFixture(files: ["/srv/shop/.env": "A=1\nnot a setting\n"])
        #expect(fixture.problems("services:\n  a: {image: a}\n") == ["/srv/shop/.env:2:1: expected KEY=VALUE, not “not a setting”"])
    }

    @Test func pathsAreWrittenRelativeToWhereTheServicesFileGoes() throws {
        let fixture = ComposeFixture(files: ["/srv/shop/config/app.env": "A=1\n"], directories: ["/opt/app"])
        let text = """
            services:
              local:
                command: ./run
                working_dir: ./backend
                env_file:
                  - config/app.env
                  - path: config/optional.env
                    required: false
              inside:
                command: ./run
                working_dir: /app
              there:
                command: ./run
                working_dir: /opt/app
            """
        let beside = try fixture.convert(text).project.objectValue?["services"]
        #expect(beside?.objectValue?["local"]?.objectValue?["working_dir"] == "backend")
        #expect(beside?.objectValue?["local"]?.objectValue?["env_file"] == ["config/app.env"])
        let elsewhere = try fixture.convert(text, outputDirectory: "/srv/baton").project.objectValue?["services"]
        #expect(elsewhere?.objectValue?["local"]?.objectValue?["working_dir"] == "../shop/backend")
        #expect(elsewhere?.objectValue?["local"]?.objectValue?["env_file"] == ["../shop/config/app.env"])
        #expect(elsewhere?.objectValue?["inside"]?.objectValue?["working_dir"] == "/app")
        #expect(try fixture.notes(text) == [
            "services.local.env_file[1].path: left out: config/optional.env does not exist (`required: false`)",
            "services.inside.working_dir: /app does not exist here (compose runs the program inside its container): set the directory the program runs in, or the instances will not start",
        ])
    }

    @Test func aMissingOrUnreadableEnvFileIsNoted() throws {
        let fixture = ComposeFixture(files: ["/srv/shop/odd.env": "JUST_A_NAME\n"])
        let text = "services:\n  a:\n    image: a\n    env_file: [missing.env, odd.env]\n"
        #expect(try fixture.services(text)["a"]?.objectValue?["env_file"] == ["missing.env", "odd.env"])
        #expect(try fixture.notes(text) == [
            "services.a.env_file[0]: missing.env does not exist: create it before `baton up`, which reads it",
            "services.a.env_file[1]: Baton cannot read odd.env: line 1: expected KEY=VALUE, not “JUST_A_NAME”",
        ])
    }

    @Test func dependenciesOnServicesLeftOutAreDropped() throws {
        let text = """
            services:
              web:
                command: ./web
                depends_on:
                  frontend: {condition: service_started}
                  db: {condition: service_healthy, restart: true}
                  metrics: {condition: service_started, required: false}
              frontend:
                build: ./frontend
              db:
                image: postgres
            """
        #expect(try ComposeFixture().services(text)["web"]?.objectValue?["depends_on"] == ["db": ["condition": "healthy"]])
        #expect(try ComposeFixture().notes(text) == [
            "services.web.depends_on.frontend: left out: service `frontend` is not imported",
            "services.web.depends_on.db.restart: not mapped: Baton does not restart a service when one it depends on restarts",
            "services.web.depends_on.metrics: left out: `metrics` is not a service of this file (`required: false`)",
            "services.frontend: not imported: it is built from source (`build`) and has no `image` or `command`; give it a `command` that runs the program",
            "services.frontend.build: not mapped: Baton does not build images; build it and name it in `image`, or run the program with `command`",
        ])
    }

    @Test func reportsEveryOtherKeyWithWhatToDoInstead() throws {
        let notes = try ComposeFixture().notes("""
            version: "3.9"
            services:
              app:
                image: app
                user: "1000:1000"
                secrets: [token]
                container_name: shop-app
                logging: {driver: json-file}
                cap_add: [NET_ADMIN]
                stop_signal: SIGRTMIN+3
                imagee: typo
                x-custom: kept-out-silently
            secrets:
              token: {file: ./token.txt}
            x-anything: {}
            """)
        #expect(notes == [
            "version: ignored: compose no longer reads it either",
            "services.app.user: not mapped: instances run as the user that runs Baton",
            "services.app.secrets: not mapped: Baton has no secrets or configs; pass the values in `environment` or an `env_file`",
            "services.app.container_name: not mapped: Baton names the instances <service>-<n>",
            "services.app.logging: not mapped: Baton keeps each instance's output in its own log",
            "services.app.cap_add: not mapped: Baton has no counterpart for `cap_add`",
            "services.app.stop_signal: not mapped: Baton stops with one of SIGHUP, SIGINT, SIGKILL, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGWINCH; the instances get SIGTERM",
            "services.app.imagee: not a compose key; ignored",
            "secrets: not mapped: Baton has no secrets or configs; pass the values in `environment` or an `env_file`",
        ])
    }

    // MARK: - Refused

    @Test func aFileThatIsNotAComposeFileIsRefusedSayingSo() {
        #expect(
            ComposeFixture().problems("document:\n  dsl: '1.0.3'\ndo: []\n")
                == ["docker-compose.yml:1:1: not a compose file: it has no `services:` mapping; a compose file has `services:`, one entry per service"])
        #expect(
            ComposeFixture().problems("- web\n- db\n")
                == ["docker-compose.yml:1:1: not a compose file: it is an array, not a mapping; a compose file has `services:`, one entry per service"])
    }

    @Test func everyValueComposeWouldRefuseIsReportedWhereItIsWritten() {
        let problems = ComposeFixture().problems("""
            services:
              web:
                image: web
                ports: ["http:80"]
              api:
                build: .
                command: ./api
                depends_on: [dbb]
              db:
                image: postgres
                restart: sometimes
              cache:
              worker:
                image: w
                healthcheck: {test: [curl, localhost]}
            """)
        #expect(problems == [
            "docker-compose.yml:4:13: services.web.ports[0]: “http” is not a port or a range of ports (1–65535)",
            "docker-compose.yml:8:18: services.api.depends_on[0]: `dbb` is not a service of this file: define it or remove the dependency",
            "docker-compose.yml:11:5: services.db.restart: unknown restart policy “sometimes”: compose has no, always, on-failure[:N] and unless-stopped",
            "docker-compose.yml:12:3: services.cache: service `cache` is empty: give it an `image`, or a `command` to run",
            "docker-compose.yml:15:19: services.worker.healthcheck.test: a `test` list starts with CMD, CMD-SHELL or NONE (got “curl”)",
        ])
    }

    @Test func aDependencyCycleIsRefusedAsComposeRefusesIt() {
        let problems = ComposeFixture().problems("""
            services:
              a: {image: a, depends_on: [b]}
              b:
                image: b
                depends_on:
                  a: {condition: service_healthy}
            """)
        #expect(problems == ["docker-compose.yml:2:17: services.a.depends_on: the services depend on each other in a cycle: a → b → a; remove one of these dependencies"])
    }

    @Test func anEmptyFileGetsAClearError() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("baton-compose-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("compose.yaml").path
        try Data("\n".utf8).write(to: URL(fileURLWithPath: file))
        #expect {
            try ComposeImporter(environment: [:]).importFile(path: file)
        } throws: { error in
            (error as? DocumentErrors)?.description == "\(file):1:1: the file is empty: a compose file has a `services:` mapping, one entry per service"
        }
    }
}
