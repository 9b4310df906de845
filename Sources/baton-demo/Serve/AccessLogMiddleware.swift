import Foundation
import Hummingbird

/// Around every request: holds it while the `hang` fault is on (except `/faults`, which must
/// stay reachable to turn it off), counts it in the metrics, and writes its access-log line to
/// standard output:
///
///     2025-06-01T12:00:00.123Z web-1 "GET /" 200 12.4ms
struct AccessLogMiddleware<Context: RequestContext>: RouterMiddleware {
    let instance: String
    let faults: FaultSwitches
    let metrics: DemoMetrics
    let output: LineOutput

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let clock = ContinuousClock()
        let start = clock.now
        let route = DemoMetrics.route(of: request.uri.path)
        var status = 500
        defer {
            let elapsed = clock.now - start
            metrics.recordRequest(route: route, code: status, duration: elapsed)
            let time = Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
            output.write("\(time) \(instance) \"\(request.method) \(request.uri)\" \(status) \(elapsed.milliseconds.roundedToTenths.compact)ms")
        }
        return try await metrics.withRequestInFlight {
            do {
                if route != "/faults" {
                    await faults.waitWhileHanging()
                    try Task.checkCancellation()
                }
                let response = try await next(request, context)
                status = Int(response.status.code)
                return response
            } catch let error as any HTTPResponseError {
                status = Int(error.status.code)
                throw error
            } catch is CancellationError {
                // Cut off by shutdown; the client gets no answer. 499 as nginx logs it.
                status = 499
                throw CancellationError()
            }
        }
    }
}
