import BatonTesting
import Foundation
import Testing

/// The fault switches of `baton-demo serve`, over `/faults` and from `FAULTS`.
@Suite("baton-demo faults")
struct FaultTests {
    @Test("error_rate 1 answers every / with 500; DELETE /faults turns it off")
    func errorRate() async throws {
        try await DemoProcess.withServe { _, port in
            let set = try await HTTP.send("POST", port, "/faults", body: #"{"error_rate": 1}"#)
            #expect(set.status == 200)
            #expect(try set.json()["error_rate"] as? Double == 1)
            for _ in 0..<3 {
                #expect(try await HTTP.get(port, "/").status == 500)
            }
            #expect(try await HTTP.get(port, "/health").status == 200)
            #expect(try await HTTP.send("DELETE", port, "/faults").status == 200)
            #expect(try await HTTP.get(port, "/").status == 200)
        }
    }

    @Test("a body that is not a set of switches is refused with 400, saying why, and changes nothing")
    func badBody() async throws {
        try await DemoProcess.withServe { _, port in
            let unknown = try await HTTP.send("POST", port, "/faults", body: #"{"eror_rate": 1}"#)
            #expect(unknown.status == 400)
            #expect(unknown.body.contains("eror_rate"))
            let outOfRange = try await HTTP.send("PUT", port, "/faults", body: #"{"error_rate": 2}"#)
            #expect(outOfRange.status == 400)
            #expect(try await HTTP.get(port, "/faults").json()["error_rate"] as? Double == 0)
        }
    }

    @Test("the unhealthy fault from FAULTS answers /health with 503 until it is cleared")
    func unhealthy() async throws {
        try await DemoProcess.withServe(environment: ["FAULTS": #"{"unhealthy": true}"#]) { _, port in
            let health = try await HTTP.get(port, "/health")
            #expect(health.status == 503)
            #expect(health.body == #"{"status":"unhealthy"}"#)
            #expect(try await HTTP.get(port, "/").status == 200)
            _ = try await HTTP.send("POST", port, "/faults", body: #"{"unhealthy": false}"#)
            #expect(try await HTTP.get(port, "/health").status == 200)
        }
    }

    @Test("the crash fault from FAULTS exits at start with status 3, saying why")
    func crashAtStart() async throws {
        let demo = try DemoProcess(["serve"], environment: ["PORT": "0", "FAULTS": #"{"crash": true}"#])
        #expect(try await demo.waitForExit() == 3)
        #expect(demo.standardError.contains("crash fault switched on"))
        #expect(!demo.standardError.contains("listening on"))
    }

    @Test("switching the crash fault on exits a running service with status 3")
    func crashWhileRunning() async throws {
        try await DemoProcess.withServe { demo, port async throws in
            // The process ends while answering, so the request itself fails.
            _ = try? await HTTP.send("POST", port, "/faults", body: #"{"crash": true}"#)
            #expect(try await demo.waitForExit() == 3)
            #expect(demo.standardError.contains("crash fault switched on (POST /faults)"))
        }
    }

    @Test("a revision that breaks after a while: --fail-health-after turns /health to 503, CRASH_AFTER_S exits with 3")
    func scheduledFaults() async throws {
        try await DemoProcess.withServe(["--fail-health-after", "0.2"]) { _, port in
            try await eventually("/health turns unhealthy") { try await HTTP.get(port, "/health").status == 503 }
            #expect(try await HTTP.get(port, "/faults").json()["unhealthy"] as? Bool == true)
        }
        let crashing = try DemoProcess(["serve"], environment: ["PORT": "0", "CRASH_AFTER_S": "0.2"])
        #expect(try await crashing.waitForExit() == 3)
        #expect(crashing.standardError.contains("crash fault switched on (crash 0.2 s after start)"), "\(crashing.standardError)")
    }

    @Test("hang holds requests, /faults still answers, and clearing it lets them through")
    func hang() async throws {
        try await DemoProcess.withServe { _, port in
            _ = try await HTTP.send("POST", port, "/faults", body: #"{"hang": true}"#)
            async let held = HTTP.get(port, "/health")
            try await eventually("the health request is held") {
                try await HTTP.get(port, "/faults").header("X-Held-Requests") == "1"
            }
            let cleared = try await HTTP.send("DELETE", port, "/faults")
            #expect(cleared.header("X-Held-Requests") == "0")
            #expect(try await held.status == 200)
        }
    }
}
