import Hummingbird
import Logging

extension DemoServer {
    /// What `/` answers.
    struct WorkAnswer: Encodable {
        var service: String
        var instance: String
        var role: String
        var downstream: [DownstreamCaller.Outcome]
        var elapsedMs: Double
        /// Why the request failed (an injected error, a failing downstream).
        var error: String?

        enum CodingKeys: String, CodingKey {
            case service, instance, role, downstream, error
            case elapsedMs = "elapsed_ms"
        }
    }

    /// `GET /`: the fault's added latency and the role's work time, then an injected error
    /// (`error_rate`) or the downstream calls; 502 when one of them failed.
    func work() async throws -> Response {
        let clock = ContinuousClock()
        let start = clock.now
        let faults = self.faults.current
        if faults.latencyMs > 0 { try await clock.sleep(for: .milliseconds(faults.latencyMs)) }
        if configuration.work > .zero { try await clock.sleep(for: configuration.work) }
        var answer = WorkAnswer(
            service: configuration.name, instance: configuration.instance, role: configuration.role.rawValue, downstream: [], elapsedMs: 0)
        if faults.errorRate > 0, Double.random(in: 0..<1) < faults.errorRate {
            answer.error = "injected error (error_rate \(faults.errorRate.compact))"
            answer.elapsedMs = (clock.now - start).milliseconds.roundedToTenths
            return Response.json(answer, status: .internalServerError)
        }
        answer.downstream = await downstream.callAll()
        answer.elapsedMs = (clock.now - start).milliseconds.roundedToTenths
        let failed = answer.downstream.filter { !$0.succeeded }
        guard failed.isEmpty else {
            for outcome in failed {
                metrics.recordDownstreamError(target: outcome.target)
                logger.warning(
                    "downstream \(outcome.target) failed: \(outcome.error ?? "")",
                    metadata: ["downstream.target": "\(outcome.target)", "downstream.elapsed_ms": "\(outcome.elapsedMs.compact)"])
            }
            answer.error = "downstream failed: " + failed.map { "\($0.target) (\($0.error ?? ""))" }.joined(separator: ", ")
            return Response.json(answer, status: .badGateway)
        }
        return Response.json(answer)
    }
}
