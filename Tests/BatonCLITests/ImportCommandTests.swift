import Foundation
import Testing

/// `baton import compose` as a user runs it: the services file on stdout or in -o, the notes on
/// stderr, exit 0 with notes and 1 for a file that is not a compose file.
@Suite struct ImportCommandTests {
    static let compose = """
        name: Shop
        services:
          api:
            image: shop/api:${TAG:-dev}
            command: ./api --port 8080
            ports: ["8080:8080"]
            depends_on:
              db: {condition: service_healthy}
            volumes: [./data:/data]
          db:
            image: postgres:16
            healthcheck:
              test: ["CMD-SHELL", "pg_isready"]
              interval: 5s
            restart: always
        """

    static let services = """
        # Converted from docker-compose.yml by `baton import compose`.
        name: shop
        services:
          api:
            command:
            - ./api
            - --port
            - "8080"
            depends_on:
              db:
                condition: healthy
            image: shop/api:1.2.0
            ports:
            - 8080
            restart:
              policy: never
          db:
            healthcheck:
              command:
              - /bin/sh
              - -c
              - pg_isready
              interval: 5s
            image: postgres:16
            restart:
              policy: always

        """

    func inShop(_ body: (ScratchFolder) throws -> Void) throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        try body(folder)
    }

    @Test func writesTheServicesFileToStandardOutputAndTheNotesToStandardError() throws {
        try inShop { folder in
            try folder.write("docker-compose.yml", Self.compose)
            try folder.write(".env", "TAG=1.2.0\n")
            // The environment wins over .env, as in compose.
            let result = try CommandRunner.run(["import", "compose", "docker-compose.yml"], in: folder.url, environment: ["TAG": "2.0.0"])
            #expect(result.status == 0)
            #expect(result.standardOutput == Self.services.replacingOccurrences(of: "1.2.0", with: "2.0.0"))
            #expect(
                result.standardError == """
                    docker-compose.yml:6:5: services.api.ports: published on 127.0.0.1 only, Baton's default (compose publishes on every address); write "0.0.0.0:8080" to accept connections from other machines
                    docker-compose.yml:9:5: services.api.volumes: not mapped: the local driver has no volumes; data stays in the working directory

                    """)
        }
    }

    @Test func writesTheServicesFileWhereAsked() throws {
        try inShop { folder in
            try folder.write("docker-compose.yml", Self.compose)
            try folder.write(".env", "TAG=1.2.0\n")
            let result = try CommandRunner.run(["import", "compose", "docker-compose.yml", "-o", "services.yaml"], in: folder.url)
            #expect(result.status == 0)
            #expect(result.standardOutput == "")
            #expect(result.standardError.hasSuffix("services.yaml: 2 services imported from docker-compose.yml, with the notes above\n"))
            let written = try String(contentsOf: folder.url.appendingPathComponent("services.yaml"), encoding: .utf8)
            #expect(written == Self.services)

            let again = try CommandRunner.run(["import", "compose", "docker-compose.yml", "-o", "services.yaml"], in: folder.url)
            #expect(again.status == 1)
            #expect(again.standardError == "services.yaml exists: name another file, or pass --force to overwrite it\n")
            let forced = try CommandRunner.run(["import", "compose", "docker-compose.yml", "-o", "services.yaml", "--force"], in: folder.url)
            #expect(forced.status == 0)
        }
    }

    @Test func aFileThatIsNotAComposeFileFailsWithAPositionedError() throws {
        try inShop { folder in
            try folder.write("deploy.yaml", "document:\n  dsl: '1.0.3'\ndo: []\n")
            let result = try CommandRunner.run(["import", "compose", "deploy.yaml"], in: folder.url)
            #expect(result.status == 1)
            #expect(result.standardOutput == "")
            #expect(
                result.standardError
                    == "deploy.yaml:1:1: not a compose file: it has no `services:` mapping; a compose file has `services:`, one entry per service\n")

            try folder.write("bad.yml", "services:\n  web:\n    image: web\n    ports: [\"80:http\"]\n")
            let bad = try CommandRunner.run(["import", "compose", "bad.yml"], in: folder.url)
            #expect(bad.status == 1)
            #expect(bad.standardError == "bad.yml:4:13: services.web.ports[0]: “http” is not a port or a range of ports (1–65535)\n")

            let missing = try CommandRunner.run(["import", "compose", "nowhere.yml"], in: folder.url)
            #expect(missing.status == 1)
            #expect(missing.standardError == "nowhere.yml:1:1: cannot read the file: no such file\n")
        }
    }
}
