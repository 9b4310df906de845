import BatonTesting
import Foundation
import Testing

/// `baton-demo serve` as Baton runs it: a real process on a free port.
@Suite("baton-demo serve")
struct ServeTests {
    @Test("answers /health and /, logs each request on standard output, and counts them in /metrics")
    func healthAndMetrics() async throws {
        let environment = ["SERVICE_NAME": "shop-api", "BATON_INSTANCE": "shop-api-1", "WORK_MS": "0"]
        try await DemoProcess.withServe(["--role", "api"], environment: environment) { demo, port in
            let health = try await HTTP.get(port, "/health")
            #expect(health.status == 200)
            #expect(health.body == #"{"status":"ok"}"#)

            for _ in 0..<3 {
                let answer = try await HTTP.get(port, "/")
                #expect(answer.status == 200)
                let json = try answer.json()
                #expect(json["service"] as? String == "shop-api")
                #expect(json["instance"] as? String == "shop-api-1")
                #expect(json["role"] as? String == "api")
                #expect((json["downstream"] as? [Any])?.isEmpty == true)
            }

            let metrics = try await HTTP.get(port, "/metrics")
            #expect(metrics.status == 200)
            let labels = #"service="shop-api",instance="shop-api-1""#
            #expect(metrics.body.contains(#"http_requests_total{\#(labels),route="/",code="200"} 3"#), "\(metrics.body)")
            #expect(metrics.body.contains(#"http_requests_total{\#(labels),route="/health",code="200"} 1"#))
            #expect(metrics.body.contains(#"http_request_duration_seconds_count{\#(labels),route="/"} 3"#))
            #expect(metrics.body.contains(#"demo_fault{\#(labels),fault="error_rate"} 0"#))
            #expect(metrics.body.contains("process_resident_memory_bytes{"))

            try await eventually("the access log has the requests") { demo.standardOutput.contains(#"shop-api-1 "GET /" 200 "#) }
            #expect(demo.standardOutput.contains(#"shop-api-1 "GET /health" 200 "#))
        }
    }

    @Test("calls its downstream, and answers 502 naming it when it is gone")
    func downstreamChain() async throws {
        try await DemoProcess.withServe(["--name", "b", "--role", "db"]) { back, backPort in
            let target = "http://127.0.0.1:\(backPort)/"
            try await DemoProcess.withServe(["--name", "a"], environment: ["DOWNSTREAM": target]) { front, frontPort in
                let answer = try await HTTP.get(frontPort, "/")
                #expect(answer.status == 200, "\(answer.body)")
                let downstream = try #require(try answer.json()["downstream"] as? [[String: Any]])
                #expect(downstream.count == 1)
                #expect(downstream.first?["target"] as? String == target)
                #expect(downstream.first?["status"] as? Int == 200)

                back.process.terminate()
                #expect(try await back.waitForExit() == 0)

                let failed = try await HTTP.get(frontPort, "/")
                #expect(failed.status == 502)
                #expect(failed.body.contains(target))
                try await eventually("the front logs the failing downstream") { front.standardError.contains("downstream \(target) failed") }
                let metrics = try await HTTP.get(frontPort, "/metrics").body
                #expect(metrics.contains(#"downstream_errors_total{service="a",instance="a",target="\#(target)"} 1"#), "\(metrics)")
                #expect(metrics.contains(#"http_requests_total{service="a",instance="a",route="/",code="502"} 1"#))
            }
        }
    }

    @Test("SIGTERM lets the request in flight finish, then exits 0")
    func gracefulShutdown() async throws {
        // Slow enough to be seen in flight on a loaded machine; the drain waits for it.
        try await DemoProcess.withServe(["--drain-timeout", "30"], environment: ["FAULTS": #"{"latency_ms": 4000}"#]) { demo, port in
            async let slow = HTTP.get(port, "/")
            // In flight: the slow request and the scrape that sees it.
            try await eventually("the slow request is in flight") {
                try await HTTP.get(port, "/metrics").body.contains(#"http_requests_in_flight{service="web",instance="web"} 2"#)
            }
            demo.process.terminate()
            #expect(try await slow.status == 200)
            #expect(try await demo.waitForExit() == 0, "\(demo.standardError)")
            #expect(demo.standardError.contains("shutting down"))
            #expect(demo.standardError.contains("stopped"))
        }
    }

    @Test("SIGTERM cuts off a request held past the drain timeout, logs it as 499, and still exits 0")
    func drainTimeout() async throws {
        try await DemoProcess.withServe(["--drain-timeout", "0.3"], environment: ["FAULTS": #"{"hang": true}"#]) { demo, port in
            async let held = try? HTTP.get(port, "/")
            try await eventually("the request is held") { try await HTTP.get(port, "/faults").header("X-Held-Requests") == "1" }
            demo.process.terminate()
            #expect(try await demo.waitForExit() == 0, "\(demo.standardError)")
            #expect(await held == nil)
            #expect(demo.standardOutput.contains(#"web "GET /" 499 "#), "\(demo.standardOutput)")
        }
    }

    @Test("without PORT it is a usage error (exit 2)")
    func portRequired() async throws {
        let demo = try DemoProcess(["serve"])
        #expect(try await demo.waitForExit() == 2)
        #expect(demo.standardError.contains("PORT"))
    }
}
