import BatonEngine
import BatonRuntime
import BatonServer
import BatonStore
import BatonWorkflow
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ServiceLifecycle
import Testing

@Suite("Definition routes")
struct DefinitionRouteTests {
    @Test("PUT /definitions stores a document (201), the same again is 200 with created false, other content under the version is 409")
    func apply() async throws {
        try await ServerHarness.withServer { harness, client in
            let created = try await client.request("/definitions", method: .put, headers: [.contentType: "application/yaml"], text: Workflows.hello)
            #expect(created.status == .created)
            let body = try created.json()
            #expect(body["namespace"] == "test" && body["name"] == "hello" && body["version"] == "1.0.0")
            #expect(body["created"] == true)
            #expect(body["warnings"] == [])
            #expect(body["storedAt"]?.stringValue?.hasSuffix("Z") == true)

            let again = try await client.request("/definitions", method: .put, text: Workflows.hello)
            #expect(again.status == .ok)
            #expect(try again.json()["created"] == false)

            let changed = Workflows.hello.replacingOccurrences(of: "Hello, ", with: "Hi, ")
            let conflict = try await client.request("/definitions", method: .put, text: changed)
            #expect(conflict.status == .conflict)
            #expect(try conflict.error()["code"] == "conflict")
            #expect(try await harness.store.definitions().count == 1)
        }
    }

    @Test("an invalid document is 422 with every problem and its position, and nothing is stored")
    func invalid() async throws {
        try await ServerHarness.withServer { harness, client in
            let source = """
                document: { dsl: '1.0.3', namespace: test, name: broken, version: '1.0.0' }
                do:
                  - first:
                      set: { a: 1 }
                      then: nowhere
                  - second:
                      set: { b: 2 }
                      then: elsewhere
                """
            let response = try await client.request("/definitions?file=broken.yaml", method: .put, text: source)
            #expect(response.status == .unprocessableContent)
            let error = try response.error()
            #expect(error["code"] == "invalid-definition")
            let problems = try #require(error["problems"]?.arrayValue)
            #expect(problems.count >= 2, "\(problems)")
            for problem in problems {
                #expect(problem["file"] == "broken.yaml")
                #expect((problem["line"]?.intValue ?? 0) >= 1 && (problem["column"]?.intValue ?? 0) >= 1)
                for member in ["path", "code", "severity", "message"] { #expect(problem[member]?.stringValue != nil, "no \(member) in \(problem)") }
            }
            #expect(problems.contains { $0["line"] == 5 && $0["path"] == "do[0].first.then" }, "\(problems)")
            #expect(problems.contains { $0["line"] == 8 && $0["path"] == "do[1].second.then" }, "\(problems)")
            #expect(try await harness.store.definitions().isEmpty)
            let listed = try await client.request("/definitions")
            #expect(try listed.json() == ["definitions": []])
        }
    }

    @Test("a document that is not YAML at all is 422 with the syntax error's position")
    func notYAML() async throws {
        try await ServerHarness.withServer { _, client in
            let response = try await client.request("/definitions", method: .put, text: "document: [unclosed\n  - x: {")
            #expect(response.status == .unprocessableContent)
            let problem = try #require(try response.error()["problems"]?.arrayValue?.first)
            #expect(problem["file"] == "request")
            #expect(problem["line"]?.intValue != nil)
        }
    }

    @Test("GET /definitions lists the latest or every version; GET by name gives the latest, by version that one; unknown is 404")
    func list() async throws {
        try await ServerHarness.withServer { _, client in
            try await client.request("/definitions", method: .put, text: Workflows.hello)
            try await client.request("/definitions", method: .put, text: Workflows.hello.replacingOccurrences(of: "'1.0.0'", with: "'1.1.0'"))
            try await client.request("/definitions", method: .put, text: Workflows.sleeper)

            let latest = try await client.request("/definitions").json()["definitions"]?.arrayValue ?? []
            #expect(latest.map { "\($0["name"]?.stringValue ?? "")@\($0["version"]?.stringValue ?? "")" } == ["hello@1.1.0", "sleeper@1.0.0"])
            #expect(latest.allSatisfy { $0.objectValue?.keys.sorted() == ["name", "namespace", "storedAt", "version"] })
            let all = try await client.request("/definitions?all=true&namespace=test").json()["definitions"]?.arrayValue ?? []
            #expect(all.count == 3)
            let elsewhere = try await client.request("/definitions?namespace=elsewhere").json()
            #expect(elsewhere == ["definitions": []])
            let bad = try await client.request("/definitions?all=maybe")
            #expect(bad.status == .badRequest)
            #expect(try bad.error()["path"] == "all")

            let newest = try await client.request("/definitions/test/hello")
            #expect(newest.status == .ok)
            let body = try newest.json()
            #expect(body["version"] == "1.1.0")
            #expect(body["source"]?.stringValue?.contains("Hello, ") == true)
            #expect(body["document"]?["document"]?["name"] == "hello")
            let first = try await client.request("/definitions/test/hello/1.0.0").json()
            #expect(first["version"] == "1.0.0")

            let missing = try await client.request("/definitions/test/absent")
            #expect(missing.status == .notFound)
            #expect(try missing.error()["code"] == "not-found")
            #expect(try await client.request("/definitions/test/hello/9.9.9").status == .notFound)
        }
    }

    @Test("a body over the limit is 413, naming the limit and the option that raises it")
    func tooLarge() async throws {
        try await ServerHarness.withServer(configuration: ServerConfiguration(maxBodySize: 1 << 20)) { harness, client in
            let padding = String(repeating: "# padding\n", count: 120_000)
            let response = try await client.request("/definitions", method: .put, text: Workflows.hello + "\n" + padding)
            #expect(response.status == .contentTooLarge)
            let error = try response.error()
            #expect(error["code"] == "too-large")
            #expect(error["message"]?.stringValue?.contains("1 MiB") == true)
            #expect(error["message"]?.stringValue?.contains("--max-body-size") == true)
            #expect(try await harness.store.definitions().isEmpty)
        }
    }
}
