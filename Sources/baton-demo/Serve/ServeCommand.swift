import ArgumentParser
import AsyncHTTPClient
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the demo microservice on 127.0.0.1:$PORT.",
        discussion: """
            Routes: GET / (the role's work, then the downstream calls; JSON), GET /health \
            (503 under the unhealthy fault), GET /metrics (Prometheus text), /faults (GET shows \
            the switches, POST changes some, PUT sets all, DELETE turns all off).

            Fault switches (JSON): latency_ms, error_rate (0-1), crash, hang, unhealthy, \
            memory_mb_per_s, cpu_percent (0-100 of one core).

            Environment (a flag wins over its variable): PORT, SERVICE_NAME, BATON_INSTANCE, \
            ROLE, WORK_MS, DOWNSTREAM (comma-separated URLs), DOWNSTREAM_TIMEOUT_MS, FAULTS, \
            FAIL_HEALTH_AFTER_S, CRASH_AFTER_S.

            Standard output: one access-log line per request. Standard error: the service's \
            own log (start, faults switched, downstream errors, shutdown). SIGTERM or SIGINT \
            stops it gracefully (exit 0); the crash fault exits with status 3.
            """
    )

    @Option(help: ArgumentHelp("The service's name in logs and metrics (SERVICE_NAME; the role by default).", valueName: "name"))
    var name: String?

    @Option(help: ArgumentHelp("The role, which sets the default work time (ROLE; web by default).", valueName: "role"))
    var role: Role?

    @Option(help: ArgumentHelp("The port on 127.0.0.1 (PORT; one of them is required); 0 picks a free one.", valueName: "port"))
    var port: Int?

    @Option(help: ArgumentHelp("Simulated work per request to /, in milliseconds (WORK_MS).", valueName: "ms"))
    var workMs: Double?

    @Option(help: ArgumentHelp("URLs that each request to / calls, comma-separated (DOWNSTREAM).", valueName: "urls"))
    var downstream: String?

    @Option(help: ArgumentHelp("How long a downstream call may take, in milliseconds (DOWNSTREAM_TIMEOUT_MS; 2000).", valueName: "ms"))
    var downstreamTimeoutMs: Double?

    @Option(help: ArgumentHelp(#"Fault switches to start with, as JSON (FAULTS), e.g. '{"unhealthy":true}'."#, valueName: "json"))
    var faults: String?

    @Option(help: ArgumentHelp("Turn the unhealthy fault on this many seconds after start (FAIL_HEALTH_AFTER_S).", valueName: "seconds"))
    var failHealthAfter: Double?

    @Option(help: ArgumentHelp("Turn the crash fault on this many seconds after start (CRASH_AFTER_S).", valueName: "seconds"))
    var crashAfter: Double?

    @Option(help: ArgumentHelp("Seconds that requests in flight get to finish after SIGTERM or SIGINT.", valueName: "seconds"))
    var drainTimeout: Double = 5

    func validate() throws {
        _ = try resolve(environment: ProcessInfo.processInfo.environment)
    }

    func run() async throws {
        let configuration = try resolve(environment: ProcessInfo.processInfo.environment)
        let logger = Logger(label: configuration.instance) { label in StreamLogHandler.standardError(label: label) }
        let faults = FaultSwitches(logger: logger)
        let downstream = configuration.downstream.isEmpty ? "none" : configuration.downstream.joined(separator: ",")
        logger.info(
            "starting \(configuration.name) (role \(configuration.role.rawValue), work \(configuration.work.milliseconds.compact) ms, downstream \(downstream))")
        // A start-up crash (FAULTS='{"crash":true}') ends the process here, before it listens.
        if configuration.faults != .none { faults.set(configuration.faults, reason: "FAULTS at start") }

        let metrics = DemoMetrics(service: configuration.name, instance: configuration.instance, downstream: configuration.downstream)
        let memory = MemoryHog(faults: faults, logger: logger)
        try await HTTPClient.withHTTPClient(configuration: DownstreamCaller.clientConfiguration) { client in
            let server = DemoServer(
                configuration: configuration, faults: faults, metrics: metrics, memory: memory,
                downstream: DownstreamCaller(targets: configuration.downstream, timeout: configuration.downstreamTimeout, client: client),
                logger: logger)
            var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
                .init(service: server), .init(service: memory), .init(service: CPUBurner(faults: faults)),
            ]
            let scheduled: [(Duration?, String, @Sendable (inout Faults) -> Void)] = [
                (configuration.failHealthAfter, "unhealthy", { $0.unhealthy = true }),
                (configuration.crashAfter, "crash", { $0.crash = true }),
            ]
            for case (let delay?, let name, let change) in scheduled {
                let fault = ScheduledFault(
                    faults: faults, delay: delay, clock: ContinuousClock(), reason: "\(name) \(delay.seconds.compact) s after start", change: change)
                services.append(.init(service: fault, successTerminationBehavior: .ignore))
            }
            var group = ServiceGroupConfiguration(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
            group.maximumGracefulShutdownDuration = configuration.drainTimeout
            do {
                try await ServiceGroup(configuration: group).run()
            } catch {
                logger.error("stopped: cannot serve on 127.0.0.1:\(configuration.port): \(errorText(error))")
                throw ExitCode.failure
            }
        }
        logger.info("stopped")
    }
}
