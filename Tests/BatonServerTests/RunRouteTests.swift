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

@Suite("Run routes")
struct RunRouteTests {
    @Test("POST /runs starts a run (201); GET /runs/{id} shows it finished, with its output and times")
    func startAndGet() async throws {
        try await ServerHarness.withServer { harness, client in
            try await harness.apply(Workflows.hello, client: client)
            let response = try await client.request(
                "/runs", method: .post, json: ["namespace": "test", "name": "hello", "input": ["name": "Ada"], "id": "run-ada"])
            #expect(response.status == .created)
            let created = try response.json()
            #expect(created["id"] == "run-ada")
            #expect(created["namespace"] == "test" && created["name"] == "hello" && created["version"] == "1.0.0")
            #expect(created["status"] == "pending")
            #expect(created["input"] == ["name": "Ada"])
            #expect(created["pendingApprovals"] == [])
            #expect(created["output"] == nil && created["finishedAt"] == nil)

            _ = try await harness.orchestrator.waitForFinish(of: "run-ada")
            let run = try await client.request("/runs/run-ada").json()
            #expect(run["status"] == "completed")
            #expect(run["output"] == ["greeting": "Hello, Ada"])
            for time in ["createdAt", "updatedAt", "startedAt", "finishedAt"] {
                let text = try #require(run[time]?.stringValue, "no \(time)")
                #expect(text.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/) != nil, "\(time) is \(text)")
            }

            let taken = try await client.request("/runs", method: .post, json: ["namespace": "test", "name": "hello", "id": "run-ada"])
            #expect(taken.status == .conflict)
            #expect(try taken.error()["code"] == "conflict")
        }
    }

    @Test("a run of an unknown definition is 404; namespace defaults to `default`; nothing is created")
    func unknownDefinition() async throws {
        try await ServerHarness.withServer { harness, client in
            try await harness.apply(Workflows.hello, client: client)
            let inDefault = try await client.request("/runs", method: .post, json: ["name": "hello"])
            #expect(inDefault.status == .notFound)
            #expect(try inDefault.error()["message"]?.stringValue?.contains("default/hello") == true)
            let badVersion = try await client.request("/runs", method: .post, json: ["namespace": "test", "name": "hello", "version": "2.0.0"])
            #expect(badVersion.status == .notFound)
            #expect(try await harness.store.runs(RunFilter()).runs.isEmpty)
        }
    }

    @Test(
        "a malformed start is 400 saying what and where",
        arguments: [
            ("not json", nil, "not valid JSON"),
            (#"["name"]"#, nil, "must be a JSON object"),
            (#"{"namespace":"test"}"#, "name", "`name` is required"),
            (#"{"name":"hello","namespace":"test","input":"Ada"}"#, "input", "`input` must be an object, but is a string"),
            (#"{"name":"hello","namespace":"test","imput":{}}"#, "imput", "unknown member `imput`"),
            (#"{"name":7}"#, "name", "`name` must be a string"),
            (#"{"name":"hello","id":""}"#, "id", "must not be empty"),
        ] as [(String, String?, String)])
    func malformedStart(body: String, path: String?, message: String) async throws {
        try await ServerHarness.withServer { harness, client in
            try await harness.apply(Workflows.hello, client: client)
            let response = try await client.request("/runs", method: .post, headers: [.contentType: "application/json"], text: body)
            #expect(response.status == .badRequest)
            let error = try response.error()
            #expect(error["code"] == "invalid-input")
            #expect(error["message"]?.stringValue?.contains(message) == true, "\(error)")
            #expect(error["path"]?.stringValue == path)
            #expect(try await harness.store.runs(RunFilter()).runs.isEmpty)
        }
    }

    @Test("GET /runs filters by status, namespace and name, in pages; an unknown status is 400 listing the valid ones")
    func list() async throws {
        try await ServerHarness.withServer { harness, client in
            try await harness.apply(Workflows.hello, client: client)
            try await harness.apply(Workflows.sleeper, client: client)
            var finished: [RunID] = []
            for name in ["A", "B", "C"] {
                let id = try await harness.start("hello", input: ["name": .string(name)], client: client)
                _ = try await harness.orchestrator.waitForFinish(of: id)
                finished.append(id)
            }
            let sleeping = try await harness.start("sleeper", client: client)
            try await eventually("the sleeper waits") { try await harness.status(of: sleeping) == .waiting }

            let all = try await client.request("/runs").json()
            #expect(all["runs"]?.arrayValue?.count == 4)
            #expect(all["nextCursor"] == .null)
            let waiting = try await client.request("/runs?status=running,waiting").json()
            #expect(waiting["runs"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [sleeping.rawValue])
            let byName = try await client.request("/runs?namespace=test&name=hello&status=completed").json()
            #expect(byName["runs"]?.arrayValue?.count == 3)

            var seen: [String] = []
            var uri = "/runs?name=hello&limit=2"
            for _ in 0..<3 {
                let page = try await client.request(uri).json()
                seen += page["runs"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
                guard let cursor = page["nextCursor"]?.stringValue else { break }
                uri = "/runs?name=hello&limit=2&cursor=\(cursor.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? cursor)"
            }
            #expect(Set(seen) == Set(finished.map(\.rawValue)) && seen.count == 3)

            let unknown = try await client.request("/runs?status=running,sleeping")
            #expect(unknown.status == .badRequest)
            let message = try unknown.error()["message"]?.stringValue ?? ""
            #expect(message.contains("sleeping"))
            for status in RunStatus.allCases { #expect(message.contains(status.rawValue)) }
            #expect(try await client.request("/runs?limit=0").status == .badRequest)
            #expect(try await client.request("/runs?cursor=garbage").status == .badRequest)
        }
    }

    @Test("GET /runs/{id}/events lists the stored events with their sequence, after a sequence, at most a limit")
    func events() async throws {
        try await ServerHarness.withServer { harness, client in
            try await harness.apply(Workflows.hello, client: client)
            let id = try await harness.start("hello", input: ["name": "Ada"], client: client)
            _ = try await harness.orchestrator.waitForFinish(of: id)
            let events = try #require(try await client.request("/runs/\(id)/events").json()["events"]?.arrayValue)
            #expect(events.map { $0["sequence"] } == [1, 2, 3, 4])
            #expect(events.map { $0["kind"]?.stringValue } == ["runStarted", "taskStarted", "taskCompleted", "runCompleted"])
            #expect(events[2]["task"] == "greet" && events[2]["output"] == ["greeting": "Hello, Ada"])
            let later = try await client.request("/runs/\(id)/events?after=2&limit=1").json()["events"]?.arrayValue
            #expect(later?.map { $0["sequence"] } == [3])
            #expect(try await client.request("/runs/\(id)/events?after=-1").status == .badRequest)
        }
    }

    @Test("an unknown run is 404 on every run route")
    func unknownRun() async throws {
        try await ServerHarness.withServer { _, client in
            let get = try await client.request("/runs/nope")
            #expect(get.status == .notFound)
            #expect(try get.error()["code"] == "not-found")
            #expect(try get.error()["message"]?.stringValue?.contains("nope") == true)
            #expect(try await client.request("/runs/nope/events").status == .notFound)
            #expect(try await client.request("/runs/nope/events", headers: [.accept: "text/event-stream"]).status == .notFound)
            #expect(try await client.request("/runs/nope/approvals").status == .notFound)
            for action in ["cancel", "suspend", "resume"] {
                #expect(try await client.request("/runs/nope/\(action)", method: .post).status == .notFound, "\(action)")
            }
            let approve = try await client.request("/runs/nope/approve", method: .post, json: ["by": "alice"])
            #expect(approve.status == .notFound)
        }
    }

    @Test("suspend, resume and cancel answer the run; the wrong state or a finished run is 409")
    func actions() async throws {
        try await ServerHarness.withServer { harness, client in
            try await harness.apply(Workflows.sleeper, client: client)
            let id = try await harness.start("sleeper", client: client)
            try await eventually("the run waits") { try await harness.status(of: id) == .waiting }

            let suspended = try await client.request("/runs/\(id)/suspend", method: .post)
            #expect(suspended.status == .ok)
            #expect(try suspended.json()["status"] == "suspended")
            #expect(try await client.request("/runs/\(id)/suspend", method: .post).status == .conflict)

            let resumed = try await client.request("/runs/\(id)/resume", method: .post)
            #expect(resumed.status == .ok)
            #expect(try resumed.json()["status"] == "running")
            #expect(try await client.request("/runs/\(id)/resume", method: .post).status == .conflict, "only a suspended run resumes")

            let cancelled = try await client.request("/runs/\(id)/cancel", method: .post)
            #expect(cancelled.status == .ok)
            let run = try cancelled.json()
            #expect(run["status"] == "cancelled")
            #expect(run["finishedAt"]?.stringValue != nil)
            let again = try await client.request("/runs/\(id)/cancel", method: .post)
            #expect(again.status == .conflict)
            #expect(try again.error()["code"] == "conflict")
            #expect(try await client.request("/runs/\(id)/resume", method: .post).status == .conflict)
        }
    }
}
