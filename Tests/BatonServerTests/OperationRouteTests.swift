import BatonEngine
import BatonRuntime
import BatonServer
import BatonStore
import BatonTesting
import BatonWorkflow
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ServiceLifecycle
import Testing

@Suite("Operation routes")
struct OperationRouteTests {
    @Test("/health answers ok; /ready answers ready once recovered, and stopping (503) once graceful shutdown began, when new runs are refused")
    func healthAndReadiness() async throws {
        try await ServerHarness.withServer { harness, client in
            let health = try await client.request("/health")
            #expect(health.status == .ok)
            #expect(try health.json() == ["status": "ok"])

            try await eventually("the node is ready") { harness.api.readiness.phase == .ready }
            let ready = try await client.request("/ready")
            #expect(ready.status == .ok)
            #expect(try ready.json() == ["status": "ready"])

            try await harness.apply(Workflows.hello, client: client)
            await harness.group.triggerGracefulShutdown()
            try await eventually("the node is stopping") { harness.api.readiness.phase == .stopping }
            let stopping = try await client.request("/ready")
            #expect(stopping.status == .serviceUnavailable)
            #expect(try stopping.json() == ["status": "stopping"])

            let refused = try await client.request("/runs", method: .post, json: ["namespace": "test", "name": "hello"])
            #expect(refused.status == .serviceUnavailable)
            #expect(try refused.error()["code"] == "unavailable")
            let runs = try await harness.store.runs(RunFilter())
            #expect(runs.runs.isEmpty, "a refused start creates no run")
        }
    }

    @Test("/ready answers starting (503) until the orchestrator has recovered")
    func startingUntilRecovered() async throws {
        let orchestrator = Orchestrator(store: InMemoryRunStore(), environment: .standard())
        let readiness = Readiness(orchestrator: orchestrator)
        let api = APIServer(orchestrator: orchestrator, configuration: ServerConfiguration(), metrics: ServerMetrics(), readiness: readiness)
        try await api.makeApplication(logger: ServerHarness.quiet).test(.router) { client in
            let response = try await client.request("/ready")
            #expect(response.status == .serviceUnavailable)
            #expect(try response.json() == ["status": "starting"])
        }
    }

    @Test("/metrics exposes the run gauges, the queue depth, live runs and the task duration histogram")
    func metrics() async throws {
        try await ServerHarness.withServer { harness, client in
            try await harness.apply(Workflows.hello, client: client)
            try await harness.apply(Workflows.sleeper, client: client)
            let done = try await harness.start("hello", input: ["name": "Ada"], client: client)
            _ = try await harness.orchestrator.waitForFinish(of: done)
            let sleeping = try await harness.start("sleeper", client: client)
            try await eventually("the sleeper waits") { try await harness.status(of: sleeping) == .waiting }

            let response = try await client.request("/metrics")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/plain; version=0.0.4")
            let lines = Set(response.text.split(separator: "\n").map(String.init))
            #expect(lines.contains(#"baton_runs{status="completed"} 1.0"#))
            #expect(lines.contains(#"baton_runs{status="waiting"} 1.0"#))
            #expect(lines.contains(#"baton_runs{status="faulted"} 0.0"#))
            for status in RunStatus.allCases {
                #expect(lines.contains { $0.hasPrefix(#"baton_runs{status="\#(status.rawValue)"} "#) }, "no gauge for \(status)")
            }
            #expect(lines.contains("baton_queue_depth 0.0"))
            #expect(lines.contains("baton_live_runs 1.0"), "the sleeper is driven by the node")
            #expect(lines.contains("# TYPE baton_task_duration_seconds histogram"))
            #expect(lines.contains { $0.hasPrefix(#"baton_task_duration_seconds_bucket{outcome="completed",le="0.001"}"#) })
            #expect(lines.contains { $0.hasPrefix(#"baton_task_duration_seconds_bucket{outcome="completed",le="300.0"}"#) })
            #expect(lines.contains { $0.hasPrefix(#"baton_task_duration_seconds_count{outcome="completed"} "#) })
            #expect(lines.contains(#"baton_runs_finished_total{status="completed"} 1"#))
        }
    }

    @Test("unknown routes answer a JSON 404")
    func unknownRoute() async throws {
        try await ServerHarness.withServer { _, client in
            let response = try await client.request("/nowhere")
            #expect(response.status == .notFound)
            #expect(try response.error()["code"] == "not-found")
            let wrongMethod = try await client.request("/health", method: .delete)
            #expect(wrongMethod.status == .notFound)
            #expect(try wrongMethod.error()["message"]?.stringValue?.contains("DELETE /health") == true)
        }
    }
}
