import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// One demo microservice: its routes, the Hummingbird application serving them on 127.0.0.1,
/// and the graceful stop — on shutdown it stops accepting connections and lets the requests in
/// flight finish (the service group bounds how long).
struct DemoServer: Service {
    let configuration: DemoConfiguration
    let faults: FaultSwitches
    let metrics: DemoMetrics
    let memory: MemoryHog
    let downstream: DownstreamCaller
    let logger: Logger
    /// Where the access log goes.
    var accessLog = LineOutput.standardOutput

    /// The router with the service's routes: `/`, `/health`, `/metrics`, `/faults`.
    func makeRouter() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: AccessLogMiddleware(instance: configuration.instance, faults: faults, metrics: metrics, output: accessLog))
        router.get("/") { _, _ in try await work() }
        router.get("/health") { _, _ in
            faults.current.unhealthy
                ? Response.json(["status": "unhealthy"], status: .serviceUnavailable)
                : Response.json(["status": "ok"])
        }
        router.get("/metrics") { _, _ in
            let text = metrics.exposition(faults: faults.current, memoryHeldBytes: memory.heldBytes)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        }
        addFaultRoutes(to: router)
        return router
    }

    /// Serves until graceful shutdown.
    func run() async throws {
        // The server's own start-up line would repeat ours; keep its warnings.
        var serverLogger = logger
        serverLogger.logLevel = max(logger.logLevel, .warning)
        let (logger, port) = (logger, configuration.port)
        let application = Application(
            router: makeRouter(),
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: port), serverName: "baton-demo"),
            onServerRunning: { channel in
                logger.info("listening on http://127.0.0.1:\(channel.localAddress?.port ?? port)")
            },
            logger: serverLogger
        )
        let drain = configuration.drainTimeout
        do {
            try await withGracefulShutdownHandler {
                try await application.run()
            } onGracefulShutdown: {
                logger.info("shutting down: no new connections; requests in flight have \(drain.seconds.compact) s to finish")
            }
        } catch where Task.isShuttingDownGracefully {
            // The service group cancelled the requests that outlasted the drain timeout.
            logger.warning("requests still in flight after \(drain.seconds.compact) s were cut off (\(error))")
        }
    }
}

extension Response {
    /// A JSON body with `Content-Type: application/json`.
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
