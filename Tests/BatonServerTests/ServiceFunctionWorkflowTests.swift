import BatonEngine
import BatonRuntime
import BatonServices
import BatonStore
import BatonTesting
import BatonWorkflow
import Foundation
import Testing

/// Workflows that operate services through the service functions of the default catalog
/// (`service-deploy:1.0.0@default` …), run by an orchestrator whose catalog holds them, as in
/// `baton serve`.
@Suite("Service functions in workflows")
struct ServiceFunctionWorkflowTests {
    /// Stores `source` and runs it to its end.
    static func run(_ source: String, input: JSONValue = [:], on harness: ServiceHarness) async throws -> StoredRun {
        let key = try await harness.orchestrator.apply(source: source, file: "operate.yaml").definition.key
        let run = try await harness.orchestrator.start(key, input: input)
        return try await harness.orchestrator.waitForFinish(of: run.id)
    }

    @Test("deploy, status, scale, logs, exec and remove a baton-demo from a workflow")
    func operate() async throws {
        try await ServiceHarness.withServices { harness, _ in
            let workflow = """
                document: { dsl: '1.0.3', namespace: test, name: operate, version: '1.0.0' }
                do:
                  - deploy:
                      call: service-deploy:1.0.0@default
                      with:
                        name: shopweb
                        command: [baton-demo, serve, --role, web]
                        port: '${ .port }'
                        health_path: /health
                      export: { as: '${ $context + { deployed: . } }' }
                  - status:
                      call: service-status:1.0.0@default
                      with: { service: shopweb }
                      export: { as: '${ $context + { status: . } }' }
                  - scale:
                      call: service-scale:1.0.0@default
                      with: { service: shopweb, replicas: 2 }
                      export: { as: '${ $context + { scaled: . } }' }
                  - logs:
                      call: service-logs:1.0.0@default
                      with: { service: shopweb, grep: starting, tail: 5 }
                      export: { as: '${ $context + { logs: . } }' }
                  - exec:
                      call: service-exec:1.0.0@default
                      with: { service: shopweb, command: [sh, -c, 'echo $BATON_SERVICE $BATON_REVISION'] }
                      export: { as: '${ $context + { exec: . } }' }
                  - remove:
                      call: service-remove:1.0.0@default
                      with: { service: shopweb }
                      export: { as: '${ $context + { removed: . } }' }
                output:
                  as: '${ $context }'
                """
            let run = try await Self.run(workflow, input: ["port": .integer(try TestPorts.free())], on: harness)
            #expect(run.status == .completed, "\(String(describing: run.error))")
            let output = try #require(run.output)
            #expect(output["deployed"]?["status"] == "healthy" && output["deployed"]?["project"] == "shopweb", "\(output)")
            #expect(output["status"]?["instances"]?.arrayValue?.count == 1)
            #expect(output["scaled"]?["replicas"] == 2)
            let lines = output["logs"]?["lines"]?.arrayValue ?? []
            #expect(!lines.isEmpty && lines.allSatisfy { $0["text"]?.stringValue?.contains("starting shopweb") == true }, "\(lines)")
            #expect(output["exec"] == ["code": 0, "stdout": "shopweb 1\n", "stderr": ""])
            #expect(output["removed"] == ["service": "shopweb", "removed": true])
            #expect(try await harness.manager.status().isEmpty)
        }
    }

    @Test("a bad `with` or an unknown service faults the run with the service error's type, status and path", arguments: [
        (#"{service: nowhere, replicas: 1, replica: 2}"#, "service-invalid", 422, "with.replica"),
        (#"{replicas: 1}"#, "service-invalid", 422, "missing required key `service`"),
        (#"{service: nowhere, replicas: 1}"#, "service-not-found", 404, "no service `nowhere`"),
    ])
    func faults(with: String, type: String, status: Int, detail: String) async throws {
        try await ServiceHarness.withServices { harness, _ in
            let run = try await Self.run(
                """
                document: { dsl: '1.0.3', namespace: test, name: bad, version: '1.0.0' }
                do:
                  - scale:
                      call: service-scale:1.0.0@default
                      with: \(with)
                """, on: harness)
            #expect(run.status == .faulted)
            let error = try #require(run.error)
            #expect(error.type == "https://baton.dev/errors/\(type)")
            #expect(error.status == status)
            #expect(error.detail?.contains(detail) == true, "\(error.detail ?? "no detail")")
        }
    }
}
