import AsyncHTTPClient
import BatonServer
import BatonServices
import BatonTesting
import BatonWorkflow
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import NIOHTTP1
import Testing

/// The `/services` routes over a real ``ServiceManager``: services are `baton-demo serve`
/// instances and `sh -c` one-liners, on loopback, on ports of the system's choosing.
@Suite("Service routes")
struct ServiceRoutesTests {
    /// A service that prints a line and then runs until stopped.
    static let idle = "echo up as $BATON_INSTANCE; exec sleep 600"

    /// `GET /services/{name}` until `condition` holds of the status.
    static func waitFor(
        _ name: String, _ what: String, client: some TestClientProtocol, _ condition: @escaping (JSONValue) -> Bool
    ) async throws -> JSONValue {
        var status: JSONValue = .null
        try await eventually("\(name) \(what)") {
            status = try await client.request("/services/\(name)").json()
            return condition(status)
        }
        return status
    }

    @Test("GET /services is empty, then lists what POST /services/up started: healthy, with its canonical definition")
    func upAndList() async throws {
        try await ServiceHarness.withServices { harness, client in
            let empty = try await client.request("/services")
            #expect(empty.status == .ok)
            #expect(try empty.json() == ["services": []])

            let web = try harness.demo("web", port: try TestPorts.free())
            let up = try await harness.up([web], client: client)
            #expect(up.status == .ok, "\(up.text)")
            #expect(try up.json() == [
                "project": "test", "succeeded": true,
                "services": [["service": "web", "action": "created", "revision": 1, "replicas": 1, "changes": ["created"], "ready": true]],
            ])

            let listed = try await client.request("/services").json()
            let status = try #require(listed["services"]?.arrayValue?.first)
            #expect(listed["services"]?.arrayValue?.count == 1)
            #expect(status["name"] == "web" && status["project"] == "test" && status["status"] == "healthy" && status["ready"] == 1)
            let instance = try #require(status["instances"]?.arrayValue?.first)
            #expect(instance["name"] == "web-1" && instance["status"] == "healthy" && instance["in_traffic"] == true)
            #expect(instance["pid"]?.intValue != nil)

            let one = try await client.request("/services/web")
            #expect(one.status == .ok)
            #expect(try one.json()["definition"] == web.documentValue)
        }
    }

    @Test("a service that takes a moment to get healthy is not restarted: the quick checks of its start do not use up its retries")
    func slowStart() async throws {
        try await ServiceHarness.withServices { harness, client in
            // Healthy 0.3 s after it starts; 2 failed checks in a row would make it unhealthy — the
            // quick checks of the first 0.3 s (25, 50, 100, 200 ms apart) count as one. The check's
            // own timeout is long: on a loaded machine a shell can take seconds to start.
            var slow = try harness.shell("slow", "sleep 0.3; touch ready-$BATON_INSTANCE; exec sleep 600")
            slow.healthCheck = HealthCheck(
                probe: .command(["sh", "-c", "test -e ready-$BATON_INSTANCE"]), interval: .seconds(2), timeout: .seconds(20), retries: 2)
            let up = try await harness.up([slow], timeout: "20s", client: client)
            #expect(up.status == .ok, "\(up.text)")
            let instance = try await client.request("/services/slow").json()["instances"]?.arrayValue?.first
            #expect(instance?["status"] == "healthy" && instance?["restarts"] == 0, "\(String(describing: instance))")
        }
    }

    @Test("POST /services/up with an invalid definition is 422 with every problem, and stores nothing")
    func invalidDefinition() async throws {
        try await ServiceHarness.withServices { harness, client in
            let response = try await client.request(
                "/services/up", method: .post,
                json: [
                    "project": "test", "file": "services.yaml",
                    "services": ["web": ["command": ["sh", "-c", "true"], "replicas": "two"], "api": ["comand": ["true"]]],
                ])
            #expect(response.status == .unprocessableContent, "\(response.text)")
            let error = try response.error()
            #expect(error["code"] == "invalid-definition")
            let problems = try #require(error["problems"]?.arrayValue)
            #expect(problems.count == 2, "\(problems)")
            #expect(problems.contains { $0["path"] == "replicas" && $0["file"]?.stringValue?.hasSuffix("services.web") == true }, "\(problems)")
            #expect(problems.contains { $0["path"] == "comand" && $0["file"]?.stringValue?.hasSuffix("services.api") == true }, "\(problems)")
            #expect(try await client.request("/services").json() == ["services": []])
        }
    }

    @Test("POST /services/up is 422 and changes nothing when a stable port is in use or a program is missing")
    func preflight() async throws {
        try await ServiceHarness.withServices { harness, client in
            try await TestPorts.withListener { busy in
                let response = try await harness.up([try harness.demo("web", port: busy)], client: client)
                #expect(response.status == .unprocessableContent, "\(response.text)")
                let message = try response.error()["message"]?.stringValue ?? ""
                #expect(message.contains("port \(busy)") && message.contains("in use by another program"), "\(message)")
            }
            var missing = try harness.shell("api", "true")
            missing.command = ["no-such-program-for-baton-tests"]
            let response = try await harness.up([missing], client: client)
            #expect(response.status == .unprocessableContent, "\(response.text)")
            #expect(try response.error()["message"]?.stringValue?.contains("`no-such-program-for-baton-tests` is not installed") == true, "\(response.text)")
            #expect(try await client.request("/services").json() == ["services": []])
        }
    }

    @Test("scale, stop, start and restart answer the service's status; a stopped service is not restarted or exec'd in (409)")
    func lifecycle() async throws {
        try await ServiceHarness.withServices { harness, client in
            try await harness.up([try harness.shell("worker", Self.idle)], client: client)

            let scaled = try await client.request("/services/worker/scale", method: .post, json: ["replicas": 2])
            #expect(scaled.status == .ok, "\(scaled.text)")
            #expect(try scaled.json()["replicas"] == 2)
            let two = try await Self.waitFor("worker", "has 2 ready instances", client: client) { $0["ready"] == 2 }
            let before = Set(two["instances"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? [])
            #expect(before == ["worker-1", "worker-2"])

            let stopped = try await client.request("/services/worker/stop", method: .post)
            #expect(stopped.status == .ok, "\(stopped.text)")
            let stoppedStatus = try stopped.json()
            #expect(stoppedStatus["status"] == "stopped" && stoppedStatus["desired"] == "stopped" && stoppedStatus["instances"] == [])
            for (action, body) in [("restart", [:]), ("exec", ["command": "true"])] as [(String, JSONValue)] {
                let refused = try await client.request("/services/worker/\(action)", method: .post, json: body)
                #expect(refused.status == .conflict, "a stopped service is no unknown one: \(refused.text)")
                #expect(try refused.error()["message"] == "service `worker` is stopped: start it first")
            }

            let started = try await client.request("/services/worker/start", method: .post, json: ["timeout": "30s"])
            #expect(started.status == .ok, "\(started.text)")
            #expect(try started.json()["status"] == "healthy" && started.json()["ready"] == 2, "the replica count stays: \(started.text)")

            let restarted = try await client.request("/services/worker/restart", method: .post, json: ["rolling": true])
            #expect(restarted.status == .ok, "\(restarted.text)")
            let after = try restarted.json()
            let names = Set(after["instances"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? [])
            #expect(names.count == 2 && names.isDisjoint(with: before), "new instances replaced the old ones: \(names)")
            #expect(after["ready"] == 2)
        }
    }

    @Test("update makes a revision with its changes; rollback makes another with the old definition; history lists them")
    func updateRollbackHistory() async throws {
        try await ServiceHarness.withServices { harness, client in
            var worker = try harness.shell("worker", Self.idle)
            worker.environment = ["MODE": "a"]
            try await harness.up([worker], client: client)

            let updated = try await client.request(
                "/services/worker/update", method: .post, json: ["changes": ["environment": ["MODE": "b"]], "version": "1.1"])
            #expect(updated.status == .ok, "\(updated.text)")
            let report = try updated.json()
            #expect(report["from_revision"] == 1 && report["to_revision"] == 2 && report["strategy"] == "rolling")
            let changes = report["changes"]?.arrayValue?.compactMap(\.stringValue) ?? []
            #expect(changes.contains { $0.contains("environment.MODE") && $0.contains("\"a\"") && $0.contains("\"b\"") }, "\(changes)")

            let rolledBack = try await client.request("/services/worker/rollback", method: .post)
            #expect(rolledBack.status == .ok, "\(rolledBack.text)")
            #expect(try rolledBack.json()["from_revision"] == 2 && rolledBack.json()["to_revision"] == 3)

            let history = try await client.request("/services/worker/history").json()
            #expect(history["service"] == "worker" && history["current"] == 3)
            let revisions = history["revisions"]?.arrayValue ?? []
            #expect(revisions.map { $0["revision"] } == [1, 2, 3])
            #expect(revisions.map { $0["cause"]?.stringValue ?? "" } == ["up services.yaml", "service-update to version 1.1", "rollback to 1"])
            #expect(revisions[1]["version"] == "1.1" && revisions[1]["changes"]?.arrayValue?.isEmpty == false)
            #expect(revisions[2]["definition"]?["environment"] == ["MODE": "a"])

            let current = try await client.request("/services/worker").json()
            #expect(current["revision"] == 3 && current["definition"]?["environment"] == ["MODE": "a"])
            #expect(current["instances"]?.arrayValue?.allSatisfy { $0["revision"] == 3 } == true)
        }
    }

    @Test("logs: tail, grep and since filter the lines; a bad since or tail is 400")
    func logs() async throws {
        try await ServiceHarness.withServices { harness, client in
            let script = "echo oops >&2; for i in 1 2 3 4 5 6 7 8; do echo line $i; done; exec sleep 600"
            try await harness.up([try harness.shell("chatty", script)], client: client)
            try await eventually("chatty wrote its 9 lines") {
                try await client.request("/services/chatty/logs").json()["lines"]?.arrayValue?.count == 9
            }
            let tail = try await client.request("/services/chatty/logs?tail=2&grep=line").json()
            #expect(tail["service"] == "chatty")
            #expect(tail["lines"]?.arrayValue?.map { $0["text"] } == ["line 7", "line 8"])
            let line = try #require(tail["lines"]?.arrayValue?.first)
            #expect(line["instance"] == "chatty-1" && line["stream"] == "out" && line["time"]?.stringValue?.hasSuffix("Z") == true)

            let errors = try await client.request("/services/chatty/logs?grep=oops").json()
            #expect(errors["lines"]?.arrayValue?.map { [$0["stream"], $0["text"]] } == [["err", "oops"]])
            #expect(try await client.request("/services/chatty/logs?since=1h").json()["lines"]?.arrayValue?.count == 9)
            #expect(try await client.request("/services/chatty/logs?since=2999-01-01T00:00:00Z").json()["lines"] == [])

            let badSince = try await client.request("/services/chatty/logs?since=yesterday")
            #expect(badSince.status == .badRequest)
            #expect(try badSince.error()["path"] == "since")
            #expect(try await client.request("/services/chatty/logs?tail=0").error()["path"] == "tail")
        }
    }

    @Test("logs?follow=true streams the lines written from then on, as `event: line`")
    func follow() async throws {
        try await ServiceHarness.withServices(.live) { harness, client in
            let stablePort = try TestPorts.free()
            try await harness.up([try harness.demo("web", port: stablePort)], client: client)
            let apiPort = try #require(client.port)
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(apiPort)/services/web/logs?follow=true")
            request.headers.add(name: "Accept", value: "text/event-stream")
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
            #expect(response.status == .ok)
            #expect(response.headers.first(name: "Content-Type") == "text/event-stream")

            var text = ""
            var asked = false
            for try await chunk in response.body {
                text += String(buffer: chunk)
                if !asked && text.contains("\n\n") {
                    // The stream has begun: what the service writes now must come through it.
                    asked = true
                    var followMe = HTTPClientRequest(url: "http://127.0.0.1:\(stablePort)/follow-me")
                    // Not kept open in the client's pool: the instance would wait for it when it stops.
                    followMe.headers.add(name: "Connection", value: "close")
                    let answer = try await HTTPClient.shared.execute(followMe, timeout: .seconds(10))
                    _ = try await answer.body.collect(upTo: 1 << 20)
                }
                if text.contains("/follow-me") && text.hasSuffix("\n\n") { break }
            }
            let frames = text.components(separatedBy: "\n\n").filter { !$0.isEmpty }
            #expect(frames.allSatisfy { $0.hasPrefix("event: line\ndata: {") }, "\(text)")
            let followed = try #require(frames.first { $0.contains("/follow-me") })
            let data = try JSONValue(jsonText: String(followed.dropFirst("event: line\ndata: ".count)))
            #expect(data["instance"] == "web-1" && data["stream"] == "out")
            #expect(data["text"]?.stringValue?.contains("\"GET /follow-me\" 404") == true, "\(data)")
        }
    }

    @Test("exec runs a command beside an instance; wait-healthy answers once the service is healthy")
    func execAndWaitHealthy() async throws {
        try await ServiceHarness.withServices { harness, client in
            try await harness.up([try harness.demo("web", port: try TestPorts.free())], client: client)
            let exec = try await client.request("/services/web/exec", method: .post, json: ["command": ["sh", "-c", "echo $BATON_INSTANCE; echo warn >&2"]])
            #expect(exec.status == .ok, "\(exec.text)")
            #expect(try exec.json() == ["code": 0, "stdout": "web-1\n", "stderr": "warn\n"])
            let failing = try await client.request("/services/web/exec", method: .post, json: ["command": "sh -c 'exit 3'"])
            #expect(try failing.json()["code"] == 3)

            let healthy = try await client.request("/services/web/wait-healthy", method: .post, json: ["timeout": "30s"])
            #expect(healthy.status == .ok, "\(healthy.text)")
            #expect(try healthy.json()["status"] == "healthy")
        }
    }

    @Test("graph has nodes and edges; DELETE is refused (409) while another service depends on it; down removes dependents first")
    func dependencies() async throws {
        try await ServiceHarness.withServices { harness, client in
            let api = try harness.demo("api", port: try TestPorts.free())
            let web = try harness.shell("web", Self.idle, dependsOn: ["api"])
            let up = try await harness.up([web, api], client: client)
            #expect(up.status == .ok, "\(up.text)")

            let graph = try await client.request("/services/graph").json()
            #expect(graph["nodes"]?.arrayValue?.map { $0["name"] } == ["api", "web"], "dependencies first")
            #expect(graph["nodes"]?.arrayValue?.allSatisfy { $0["status"] == "healthy" && $0["ready"] == 1 } == true, "\(graph)")
            #expect(graph["nodes"]?.arrayValue?.first?["ports"] == .array([.string(api.ports[0].description)]))
            #expect(graph["edges"] == [["from": "web", "to": "api", "condition": "started"]])

            let refused = try await client.request("/services/api", method: .delete)
            #expect(refused.status == .conflict)
            #expect(try refused.error()["message"]?.stringValue?.contains("needed by web") == true, "\(refused.text)")

            let down = try await client.request("/services/down", method: .post, json: ["project": "test"])
            #expect(down.status == .ok, "\(down.text)")
            #expect(try down.json() == ["removed": ["web", "api"]])
            #expect(try await client.request("/services").json() == ["services": []])
        }
    }

    @Test("DELETE removes a service nothing depends on")
    func remove() async throws {
        try await ServiceHarness.withServices { harness, client in
            try await harness.up([try harness.shell("worker", Self.idle)], client: client)
            let removed = try await client.request("/services/worker", method: .delete)
            #expect(removed.status == .ok, "\(removed.text)")
            #expect(try removed.json() == ["service": "worker", "removed": true])
            #expect(try await client.request("/services/worker").status == .notFound)
        }
    }

    @Test("an unknown service is 404 naming it", arguments: [
        ("/services/nowhere", HTTPRequest.Method.get), ("/services/nowhere/history", .get), ("/services/nowhere/logs", .get),
        ("/services/nowhere/scale", .post), ("/services/nowhere/restart", .post), ("/services/nowhere/exec", .post),
        ("/services/nowhere", .delete),
    ])
    func unknownService(route: String, method: HTTPRequest.Method) async throws {
        try await ServiceHarness.withServices { _, client in
            let body: JSONValue = route.hasSuffix("scale") ? ["replicas": 1] : route.hasSuffix("exec") ? ["command": "true"] : [:]
            let response = try await client.request(route, method: method, json: body)
            #expect(response.status == .notFound, "\(response.text)")
            let error = try response.error()
            #expect(error["code"] == "not-found")
            #expect(error["message"]?.stringValue?.contains("nowhere") == true, "\(error)")
        }
    }

    static let unknownMemberCases: [(route: String, body: JSONValue, path: String)] = [
        ("/services/up", ["project": "test", "services": .object([:]), "sevices": 1], "sevices"),
        ("/services/down", ["projects": "test"], "projects"),
        ("/services/web/scale", ["replica": 2], "replica"),
        ("/services/web/restart", ["rolling": true, "force": true], "force"),
        ("/services/web/rollback", ["to": 1], "to"),
        ("/services/web/update", ["change": ["replicas": 2]], "change"),
        ("/services/web/exec", ["command": "true", "timeout_s": 3], "timeout_s"),
    ]

    @Test("unknown members of a body are 400 with their path", arguments: unknownMemberCases)
    func unknownMembers(route: String, body: JSONValue, path: String) async throws {
        try await ServiceHarness.withServices { harness, client in
            try await harness.up([try harness.shell("web", Self.idle)], client: client)
            let response = try await client.request(route, method: .post, json: body)
            #expect(response.status == .badRequest, "\(response.text)")
            let error = try response.error()
            #expect(error["code"] == "invalid-input")
            #expect(error["path"] == .string(path), "\(error)")
        }
    }

    @Test("/services/functions serves the JSON Schema of all 17 service functions")
    func functions() async throws {
        try await ServiceHarness.withServices { _, client in
            let functions = try #require(try await client.request("/services/functions").json()["functions"]?.objectValue)
            let names = ["deploy", "update", "scale", "restart", "stop", "remove", "rollback", "status", "wait-healthy", "logs", "exec", "diagnose", "audit"]
            let others = ["database-deploy", "database-backup", "database-restore", "http-load"]
            #expect(Set(functions.keys) == Set(names.map { "service-\($0):1.0.0" } + others.map { "\($0):1.0.0" }))
            #expect(functions.values.allSatisfy { $0["type"] == "object" && $0["additionalProperties"] == false })
            #expect(functions["service-scale:1.0.0"]?["required"] == ["service", "replicas"])
        }
    }
}
