import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

struct LoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Send GET requests to a URL at a fixed rate and report what came back.",
        discussion: """
            Open loop: requests go out at the rate whatever the answers take; at most \
            --concurrency are in flight, and a request due while they all are is dropped (and \
            counted) rather than queued. Connections are kept alive and reused (a pool of up to \
            --concurrency).

            Every --report-every it prints one line for that window: requests, successes \
            (2xx, 3xx), errors by status (or timeout / failed when no answer came), dropped, \
            and p50/p95/p99 latency; at the end, the same for the whole run. SIGTERM or SIGINT \
            ends a run early, with the summary. Exit status 1 when no request succeeded.
            """
    )

    @Argument(help: ArgumentHelp("The URL to request, e.g. http://127.0.0.1:7300/.", valueName: "url"))
    var url: String

    @Option(help: ArgumentHelp("Requests per second or minute: 20, 20/s, 600/m.", valueName: "N/s"))
    var rate = "10/s"

    @Option(help: ArgumentHelp("The most requests in flight at once.", valueName: "C"))
    var concurrency = 10

    @Option(help: ArgumentHelp("How long to run: 500ms, 30s, 5m, 1h, or forever.", valueName: "duration"))
    var duration = "30s"

    @Option(help: ArgumentHelp("How often to print a line of statistics.", valueName: "duration"))
    var reportEvery = "5s"

    @Option(help: ArgumentHelp("How long a request may take before it counts as a timeout.", valueName: "duration"))
    var timeout = "5s"

    func validate() throws {
        _ = try settings()
    }

    func run() async throws {
        let settings = try settings()
        let recorder = LoadRecorder()
        let generator = LoadGenerator(
            target: url, rate: settings.rate, concurrency: concurrency, duration: settings.duration, reportEvery: settings.reportEvery,
            timeout: settings.timeout, recorder: recorder)
        let output = LineOutput.standardOutput
        output.write(
            "load: GET \(url) at \(settings.rate.compact)/s, at most \(concurrency) in flight, keep-alive connections, "
                + (settings.duration.map { "for \($0.seconds.compact)s" } ?? "until stopped"))
        let clock = ContinuousClock()
        let start = clock.now
        let logger = Logger(label: "baton-demo.load") { label in StreamLogHandler.standardError(label: label) }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [.init(service: generator, successTerminationBehavior: .gracefullyShutdownGroup)],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        let total = recorder.total
        let elapsed = (clock.now - start).seconds
        let achieved = elapsed > 0 ? (Double(total.sent) / elapsed).roundedToTenths : 0
        output.write("summary: \(elapsed.roundedToTenths.compact)s, sent \(total.sent) (\(achieved.compact)/s), \(total.line)")
        if total.succeeded == 0 {
            LineOutput.standardError.write("load: no request to \(url) succeeded")
            throw ExitCode.failure
        }
    }

    private struct Settings {
        var rate: Double
        var duration: Duration?
        var reportEvery: Duration
        var timeout: Duration
    }

    private func settings() throws -> Settings {
        guard let target = URL(string: url), ["http", "https"].contains(target.scheme?.lowercased() ?? ""), target.host != nil else {
            throw ValidationError("“\(url)” is not an http:// URL")
        }
        guard (1...10_000).contains(concurrency) else { throw ValidationError("--concurrency must be from 1 to 10000, not \(concurrency)") }
        guard let rate = Self.rate(rate), rate > 0, rate <= 100_000 else {
            throw ValidationError("--rate must be requests per second or minute above 0 (20, 20/s, 600/m), not “\(rate)”")
        }
        let runFor: Duration?
        if duration.lowercased() == "forever" {
            runFor = nil
        } else {
            guard let value = Self.duration(duration), value > .zero else {
                throw ValidationError("--duration must be a duration (500ms, 30s, 5m, 1h) or forever, not “\(duration)”")
            }
            runFor = value
        }
        guard let reportEvery = Self.duration(reportEvery), reportEvery >= .milliseconds(100) else {
            throw ValidationError("--report-every must be a duration of 100ms or more (5s), not “\(reportEvery)”")
        }
        guard let timeout = Self.duration(timeout), timeout > .zero else {
            throw ValidationError("--timeout must be a duration above 0 (5s, 500ms), not “\(timeout)”")
        }
        return Settings(rate: rate, duration: runFor, reportEvery: reportEvery, timeout: timeout)
    }

    /// `20`, `20/s` or `600/m`, in requests per second.
    static func rate(_ text: String) -> Double? {
        let parts = text.lowercased().split(separator: "/", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let first = parts.first, let count = Double(first), count.isFinite else { return nil }
        switch parts.count == 2 ? parts[1] : "s" {
        case "s": return count
        case "m", "min": return count / 60
        default: return nil
        }
    }

    /// `500ms`, `30s`, `5m`, `1h`, or a number of seconds.
    static func duration(_ text: String) -> Duration? {
        let text = text.lowercased().trimmingCharacters(in: .whitespaces)
        for (suffix, seconds) in [("ms", 0.001), ("s", 1.0), ("m", 60.0), ("h", 3600.0), ("", 1.0)] where text.hasSuffix(suffix) {
            guard let value = Double(text.dropLast(suffix.count)), value.isFinite, value >= 0 else { return nil }
            return .milliseconds(value * seconds * 1000)
        }
        return nil
    }
}
