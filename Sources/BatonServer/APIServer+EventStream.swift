import BatonRuntime
import BatonStore
import HTTPTypes
import Hummingbird

extension APIServer {
    /// `GET /runs/{id}/events` with `Accept: text/event-stream` or `?follow=true`: see
    /// ``RunEventStream``. An unknown run is a 404 before the stream starts.
    func eventStream(of id: RunID, after: Int64) async throws(APIError) -> Response {
        guard try await fromStore({ () async throws(RunStoreError) in try await orchestrator.store.run(id) }) != nil else {
            throw .notFound("no run \(id) is stored")
        }
        let stream = RunEventStream(
            store: orchestrator.store, monitor: orchestrator.monitor, runID: id, metrics: metrics, keepAliveInterval: configuration.keepAliveInterval,
            clock: clock)
        // No caching, and no buffering by proxies that honour `X-Accel-Buffering` (nginx).
        let headers: HTTPFields = [.contentType: "text/event-stream", .cacheControl: "no-cache", Self.accelBuffering: "no"]
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                try await stream.write(after: after, to: &writer)
                try await writer.finish(nil)
            })
    }

    static let accelBuffering = HTTPField.Name("X-Accel-Buffering")!
}
