import BatonRuntime
import BatonStore
import BatonWorkflow
import Foundation
import HTTPTypes
import Hummingbird

extension APIServer {
    /// `POST /runs`, `GET /runs`, `GET /runs/{id}`, `GET /runs/{id}/events` and the run actions
    /// `POST /runs/{id}/cancel|suspend|resume`.
    func addRunRoutes(to router: Router<BasicRequestContext>) {
        router.post("/runs") { request, _ in
            // Refused here as soon as shutdown begins, before the orchestrator stops taking
            // runs, so that no run is created that the draining node would leave unstarted.
            guard readiness.phase != .stopping else {
                throw APIError(.serviceUnavailable, .unavailable, "the server is shutting down and starts no new runs; start the run again once it is back")
            }
            let body = try await request.jsonBody(limit: configuration.maxBodySize, describedAs: configuration.maxBodySizeDescription)
            let reader = try JSONObjectReader(body, allowed: ["namespace", "name", "version", "input", "id"])
            let namespace = try reader.string("namespace") ?? "default"
            if namespace.isEmpty { throw APIError.invalidInput("`namespace` must not be empty; leave it out for `default`", path: "namespace") }
            let name = try reader.string("name", required: true) ?? ""
            let version = try reader.string("version")
            if version?.isEmpty == true { throw APIError.invalidInput("`version` must not be empty; leave it out for the latest", path: "version") }
            let input = try reader.object("input") ?? .object([:])
            let id = try reader.string("id")
            if id?.isEmpty == true { throw APIError.invalidInput("`id` must not be empty; leave it out for a new one", path: "id") }
            let definition = try await orchestrator.definition(namespace: namespace, name: name, version: version)
            let run = try await orchestrator.start(definition.key, input: input, id: id.map { RunID($0) })
            return Response.json(run.apiValue(pendingApprovals: []), status: .created)
        }

        router.get("/runs") { request, _ in
            let query = request.uri.queryParameters
            var filter = RunFilter(limit: 50)
            if let statuses = query.get("status"), !statuses.isEmpty { filter.statuses = try Self.statuses(statuses) }
            filter.namespace = query.get("namespace").flatMap { $0.isEmpty ? nil : $0 }
            filter.name = query.get("name").flatMap { $0.isEmpty ? nil : $0 }
            if let limit = query.get("limit") { filter.limit = try Self.integer(limit, named: "limit", in: 1...1000) }
            filter.cursor = query.get("cursor").flatMap { $0.isEmpty ? nil : $0 }
            let page = try await fromStore { () async throws(RunStoreError) in try await orchestrator.store.runs(filter) }
            // One query for the pending approvals of the whole page; only unfinished runs have any.
            var pending: [RunID: [Approval]] = [:]
            if page.runs.contains(where: { !$0.status.isFinished }) {
                let all = try await fromStore { () async throws(RunStoreError) in try await orchestrator.store.pendingApprovals() }
                pending = Dictionary(grouping: all, by: \.runID)
            }
            return Response.json([
                "runs": .array(page.runs.map { $0.apiValue(pendingApprovals: pending[$0.id] ?? []) }),
                "nextCursor": page.nextCursor.map(JSONValue.string) ?? .null,
            ])
        }

        router.get("/runs/:id") { _, context in
            let id = RunID(try context.parameters.require("id"))
            guard let run = try await fromStore({ () async throws(RunStoreError) in try await orchestrator.store.run(id) }) else {
                throw APIError.notFound("no run \(id) is stored")
            }
            return try await runResponse(run)
        }

        router.get("/runs/:id/events") { request, context in
            let id = RunID(try context.parameters.require("id"))
            let query = request.uri.queryParameters
            var after: Int64 = 0
            if let text = query.get("after"), !text.isEmpty { after = Int64(try Self.integer(text, named: "after", in: 0...Int.max)) }
            let follow = try Self.flag(query.get("follow"), named: "follow") ?? false
            let accepts = request.headers[values: .accept].contains { $0.lowercased().contains("text/event-stream") }
            if follow || accepts {
                // A reconnecting EventSource says where it stopped.
                if let last = request.headers[Self.lastEventID], let sequence = Int64(last.trimmingCharacters(in: .whitespaces)), sequence >= 0 {
                    after = sequence
                }
                return try await eventStream(of: id, after: after)
            }
            var limit: Int?
            if let text = query.get("limit"), !text.isEmpty { limit = try Self.integer(text, named: "limit", in: 1...Int.max) }
            let events = try await fromStore { () async throws(RunStoreError) in
                try await orchestrator.store.events(of: id, after: after, limit: limit)
            }
            return Response.json(["events": .array(events.map(\.apiValue))])
        }

        router.post("/runs/:id/cancel") { _, context in
            try await runResponse(try await orchestrator.cancel(RunID(try context.parameters.require("id"))))
        }
        router.post("/runs/:id/suspend") { _, context in
            try await runResponse(try await orchestrator.suspend(RunID(try context.parameters.require("id"))))
        }
        router.post("/runs/:id/resume") { _, context in
            try await runResponse(try await orchestrator.resume(RunID(try context.parameters.require("id"))))
        }
    }

    /// The run with its pending approvals.
    func runResponse(_ run: StoredRun) async throws(APIError) -> Response {
        let pending =
            run.status.isFinished
            ? [] : try await fromStore { () async throws(RunStoreError) in try await orchestrator.store.pendingApprovals(runID: run.id) }
        return Response.json(run.apiValue(pendingApprovals: pending))
    }

    static let lastEventID = HTTPField.Name("Last-Event-ID")!

    /// `status=running,waiting` as statuses.
    static func statuses(_ text: String) throws(APIError) -> Set<RunStatus> {
        var statuses: Set<RunStatus> = []
        for part in text.split(separator: ",") {
            let name = part.trimmingCharacters(in: .whitespaces)
            guard let status = RunStatus(rawValue: name) else {
                let valid = RunStatus.allCases.map(\.rawValue).joined(separator: ", ")
                throw .invalidInput("unknown run status `\(name)`; the statuses are \(valid)", path: "status")
            }
            statuses.insert(status)
        }
        return statuses
    }

    /// An integer query parameter within `range`.
    static func integer(_ text: String, named name: String, in range: ClosedRange<Int>) throws(APIError) -> Int {
        guard let value = Int(text), range.contains(value) else {
            let bounds = range.upperBound == Int.max ? "at least \(range.lowerBound)" : "from \(range.lowerBound) to \(range.upperBound)"
            throw .invalidInput("the query parameter `\(name)` must be an integer \(bounds), not `\(text)`", path: name)
        }
        return value
    }
}
