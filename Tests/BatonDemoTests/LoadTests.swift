import BatonTesting
import Foundation
import Testing

/// `baton-demo load` against a real `baton-demo serve`.
@Suite("baton-demo load")
struct LoadTests {
    @Test("a short run reports its requests and latency and exits 0")
    func shortRun() async throws {
        try await DemoProcess.withServe(environment: ["WORK_MS": "0"]) { _, port in
            let load = try DemoProcess(["load", "http://127.0.0.1:\(port)/", "--rate", "40/s", "--duration", "1s", "--report-every", "500ms"])
            #expect(try await load.waitForExit() == 0, "\(load.standardError)")
            let output = load.standardOutput
            #expect(output.contains("keep-alive"))
            #expect(output.contains("[ 0.5s] requests "), "\(output)")
            let summary = try #require(
                output.firstMatch(of: /summary: .* requests (\d+) ok (\d+) errors 0 dropped \d+ \| p50 [\d.]+ms p95 [\d.]+ms p99 [\d.]+ms/),
                "\(output)")
            let (requests, succeeded) = (try #require(Int(summary.1)), try #require(Int(summary.2)))
            #expect(requests > 0)
            #expect(succeeded == requests)

            let metrics = try await HTTP.get(port, "/metrics").body
            #expect(metrics.contains(#"http_requests_total{service="web",instance="web",route="/",code="200"} \#(requests)"#), "\(metrics)")
        }
    }

    @Test("counts the errors by status, and exits 1 when no request succeeded")
    func allFailing() async throws {
        try await DemoProcess.withServe(environment: ["FAULTS": #"{"error_rate": 1}"#]) { _, port in
            let load = try DemoProcess(["load", "http://127.0.0.1:\(port)/", "--rate", "20", "--duration", "500ms"])
            #expect(try await load.waitForExit() == 1)
            #expect(load.standardOutput.firstMatch(of: /summary: .* ok 0 errors (\d+) \(500: \1\)/) != nil, "\(load.standardOutput)")
            #expect(load.standardError.contains("no request"))
        }
    }
}
