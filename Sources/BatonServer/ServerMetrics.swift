import BatonRuntime
import BatonStore
import Prometheus
import Synchronization

/// The node's metrics in Prometheus form, for `GET /metrics`: what the orchestrator's
/// ``RunMonitor`` records through ``factory`` (task durations, finished runs, run events) and
/// gauges set at each scrape from the store and the orchestrator.
///
/// - `baton_task_duration_seconds{outcome}`: histogram of task durations, 1 ms to 5 min.
/// - `baton_runs_finished_total{status}`, `baton_run_events_total`: counters.
/// - `baton_runs{status}`: stored runs in each status; `baton_queue_depth`: pending runs;
///   `baton_live_runs`: runs this node drives now; `baton_event_streams`: open server-sent
///   event streams.
///
/// One registry per server rather than the process-wide default, so tests (and two servers in
/// one process) do not see each other's numbers.
public final class ServerMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    /// Give it to `RunMonitor(metrics:)`.
    public let factory: PrometheusMetricsFactory

    /// Task durations span a jq `set` (about a millisecond) to a deployment step (minutes).
    static let taskDurationBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30),
        .seconds(60), .seconds(120), .seconds(300),
    ]

    private let runs: [RunStatus: Gauge]
    private let queueDepth: Gauge
    private let liveRuns: Gauge
    private let eventStreams: Gauge
    private let openStreams = Mutex(0)

    public init() {
        let registry = PrometheusCollectorRegistry()
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets["baton_task_duration_seconds"] = Self.taskDurationBuckets
        self.factory = factory
        var runs: [RunStatus: Gauge] = [:]
        for status in RunStatus.allCases {
            runs[status] = registry.makeGauge(descriptor: Self.descriptor("runs", "Stored runs in each status."), labels: [("status", status.rawValue)])
        }
        self.runs = runs
        queueDepth = registry.makeGauge(descriptor: Self.descriptor("queue_depth", "Runs created and not started yet (pending)."))
        liveRuns = registry.makeGauge(descriptor: Self.descriptor("live_runs", "Runs this node is driving now."))
        eventStreams = registry.makeGauge(descriptor: Self.descriptor("event_streams", "Open server-sent event streams of runs."))
    }

    /// `baton_<name>`, with no unit suffix: these are counts.
    private static func descriptor(_ name: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "baton", metricName: name, unitName: "", helpText: help)
    }

    /// The Prometheus text exposition, with the gauges brought up to date first.
    /// - Throws: the store's error when it cannot count the runs.
    func exposition(of orchestrator: Orchestrator) async throws(RunStoreError) -> String {
        let counts = try await orchestrator.store.runCounts()
        for (status, gauge) in runs { gauge.set(to: Double(counts[status] ?? 0)) }
        queueDepth.set(to: Double(counts[.pending] ?? 0))
        liveRuns.set(to: Double(orchestrator.liveRunCount))
        return registry.emitToString()
    }

    /// Counts an event stream as open while `body` runs.
    func withEventStream<T>(_ body: () async throws -> T) async rethrows -> T {
        // The gauge is set under the lock, so that two streams ending together cannot leave it
        // at the older count.
        openStreams.withLock { count in
            count += 1
            eventStreams.set(to: Double(count))
        }
        defer {
            openStreams.withLock { count in
                count -= 1
                eventStreams.set(to: Double(count))
            }
        }
        return try await body()
    }
}
