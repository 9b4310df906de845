import BatonRuntime
import BatonStore
import BatonWorkflow
import Hummingbird

extension APIServer {
    /// `POST /events`: CloudEvents into the event log, where `listen` tasks and `schedule.on`
    /// see them (see ``CloudEventRequest`` for the modes).
    func addCloudEventRoutes(to router: Router<BasicRequestContext>) {
        router.post("/events") { request, _ in
            let body = try await request.bodyBytes(limit: configuration.maxBodySize, describedAs: configuration.maxBodySizeDescription)
            let received = try CloudEventRequest(headers: request.headers, mediaType: request.mediaType, body: body)
            // Each append is atomic and idempotent by `source` and `id`: should the store fail in
            // the middle of a batch, sending the batch again stores the rest and reports the
            // events already logged as duplicates.
            var results: [JSONValue] = []
            for event in received.events {
                let appended = try await orchestrator.publish(event)
                results.append(["sequence": .integer(Int(appended.sequence)), "duplicate": .bool(!appended.inserted)])
            }
            if received.mode == .batch { return Response.json(["results": .array(results)], status: .accepted) }
            return Response.json(results[0], status: .accepted)
        }
    }
}
