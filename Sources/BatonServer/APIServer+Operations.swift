import BatonStore
import BatonWorkflow
import Hummingbird

extension APIServer {
    /// `GET /health`, `GET /ready`, `GET /metrics`, `GET /openapi.json`.
    func addOperationRoutes(to router: Router<BasicRequestContext>) {
        // Alive: the process answers. Says nothing about the store or recovery (that is /ready).
        router.get("/health") { _, _ in
            Response.json(["status": "ok"])
        }
        // Takes work: 200 once the runs found unfinished at start-up were handed over, 503
        // before that and from the start of a graceful shutdown, so a load balancer stops
        // sending work while running tasks drain.
        router.get("/ready") { _, _ in
            switch readiness.phase {
            case .ready: Response.json(["status": "ready"])
            case .starting: Response.json(["status": "starting"], status: .serviceUnavailable)
            case .stopping: Response.json(["status": "stopping"], status: .serviceUnavailable)
            }
        }
        router.get("/metrics") { _, _ in
            let text = try await fromStore { () async throws(RunStoreError) in try await metrics.exposition(of: orchestrator) }
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        }
        router.get("/openapi.json") { _, _ in
            Response.json(OpenAPIDocument.value)
        }
    }
}
