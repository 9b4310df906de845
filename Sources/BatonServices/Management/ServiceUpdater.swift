import Foundation
import Logging
import Synchronization

/// The update strategies, on the supervisor's instances of one service. Each starts instances of
/// the new revision beside the old ones and takes old ones away only once new ones are ready, so
/// that the service's port always has a ready instance behind it; on failure it puts things back.
struct ServiceUpdater {
    let supervisor: LocalSupervisor
    let unit: ServiceUnit
    let policy: UpdatePolicy
    let logger: Logger

    /// Instance by instance (`batchSize` at a time): new ones start, must be ready within the
    /// health timeout, then the same number of old ones are drained and stopped. When a new
    /// instance does not get ready, the new instances are replaced by old-revision ones again
    /// (with `autoRollback`) and the update fails saying which instance and why.
    func rolling(to definition: ServiceDefinition, revision: Int, report: inout ServiceManager.UpdateReport) async throws(ServiceError) {
        let oldDefinition = unit.definition
        let oldRevision = unit.revision
        var remaining = unit.runners.filter { $0.spec.revision == oldRevision }
        var replaced: [InstanceRunner] = []
        let target = max(remaining.count, 1)
        var started = 0
        while started < target {
            let batch = min(policy.batchSize, target - started)
            var fresh: [InstanceRunner] = []
            for _ in 0..<batch { fresh.append(try supervisor.addInstance(to: unit, definition: definition, revision: revision)) }
            started += batch
            if let failed = await firstNotReady(fresh) {
                let why = describe(failed)
                report.steps.append("\(failed.spec.name) (revision \(revision)) not ready within \(DurationText.format(policy.healthTimeout)): \(why)")
                for runner in fresh { await supervisor.removeInstance(runner, from: unit) }
                if policy.autoRollback {
                    try await restore(replaced, with: oldDefinition, revision: oldRevision, report: &report)
                    report.steps.append("rolled back to revision \(oldRevision)")
                }
                throw ServiceError(
                    .failed,
                    "the update of `\(unit.name)` to revision \(revision) failed: \(failed.spec.name) was not ready within \(DurationText.format(policy.healthTimeout)) (\(why)); "
                        + (policy.autoRollback ? "rolled back to revision \(oldRevision)" : "\(replaced.count) instances were replaced, the rest keep revision \(oldRevision)"))
            }
            for runner in fresh { report.steps.append("\(runner.spec.name) (revision \(revision)) ready") }
            replaced += fresh
            for old in remaining.prefix(batch) {
                await supervisor.removeInstance(old, from: unit)
                report.steps.append("\(old.spec.name) (revision \(oldRevision)) drained and stopped")
            }
            remaining = Array(remaining.dropFirst(batch))
        }
        for old in remaining { await supervisor.removeInstance(old, from: unit) }
        setCurrent(definition, revision: revision)
    }

    /// A full set of new instances beside the old set, out of traffic until every one is ready;
    /// then traffic switches at once and the old set is drained and stopped. If the new set does
    /// not get ready, it is stopped and the old set never noticed.
    func blueGreen(to definition: ServiceDefinition, revision: Int, report: inout ServiceManager.UpdateReport) async throws(ServiceError) {
        let old = unit.runners
        var fresh: [InstanceRunner] = []
        for _ in 0..<max(old.count, 1) {
            fresh.append(try supervisor.addInstance(to: unit, definition: definition, revision: revision, weight: 0))
        }
        if let failed = await firstNotReady(fresh) {
            let why = describe(failed)
            for runner in fresh { await supervisor.removeInstance(runner, from: unit) }
            report.steps.append("green set not ready: \(failed.spec.name): \(why); blue set kept")
            throw ServiceError(
                .failed, "the blue-green update of `\(unit.name)` to revision \(revision) failed: \(failed.spec.name) was not ready within \(DurationText.format(policy.healthTimeout)) (\(why)); revision \(unit.revision) keeps serving")
        }
        report.steps.append("green set ready: \(fresh.map(\.spec.name).joined(separator: ", "))")
        unit.state.withLock { state in
            for runner in fresh { state.weights[runner.spec.name] = nil }
            for runner in old { state.weights[runner.spec.name] = 0 }
        }
        unit.updateTraffic()
        report.steps.append("switched traffic to revision \(revision)")
        await withTaskGroup(of: Void.self) { group in
            for runner in old { group.addTask { await supervisor.removeInstance(runner, from: unit) } }
        }
        report.steps.append("blue set drained and stopped: \(old.map(\.spec.name).joined(separator: ", "))")
        setCurrent(definition, revision: revision)
    }

    /// `canaryPercent` of the instances (at least one) on the new revision, beside all the old
    /// ones, with that share of new connections. For `canaryDuration` the canaries' error rate
    /// (5xx among requests, from their Prometheus `/metrics`: `http_requests_total{code}`) and
    /// health are watched; over `maximumErrorRate`, or a canary unhealthy or crashed, rolls back.
    /// Otherwise (with `autoPromote`) the rest is replaced instance by instance.
    func canary(to definition: ServiceDefinition, revision: Int, report: inout ServiceManager.UpdateReport) async throws(ServiceError) {
        let old = unit.runners
        let count = max(1, Int((Double(old.count) * policy.canaryPercent / 100).rounded()))
        // Per-instance weights so that the canaries together get canaryPercent of connections.
        let canaryWeight = max(1, Int((policy.canaryPercent * Double(max(old.count, 1))).rounded()))
        let stableWeight = max(0, Int(((100 - policy.canaryPercent) * Double(count)).rounded()))
        var canaries: [InstanceRunner] = []
        unit.state.withLock { state in
            for runner in old { state.weights[runner.spec.name] = stableWeight }
        }
        for _ in 0..<count {
            canaries.append(try supervisor.addInstance(to: unit, definition: definition, revision: revision, weight: canaryWeight))
        }
        func abandon(_ why: String) async throws(ServiceError) -> Never {
            for runner in canaries { await supervisor.removeInstance(runner, from: unit) }
            unit.state.withLock { state in
                for runner in old { state.weights[runner.spec.name] = nil }
            }
            unit.updateTraffic()
            report.steps.append("rolled back: \(why)")
            throw ServiceError(.failed, "the canary of `\(unit.name)` revision \(revision) was rolled back: \(why); revision \(unit.revision) keeps serving")
        }
        if let failed = await firstNotReady(canaries) {
            try await abandon("\(failed.spec.name) not ready within \(DurationText.format(policy.healthTimeout)) (\(describe(failed)))")
        }
        report.steps.append("canary \(canaries.map(\.spec.name).joined(separator: ", ")) ready with \(Self.percent(policy.canaryPercent)) of connections")
        // Observe.
        let window = ErrorRateWindow()
        let urls = canaries.map { "http://127.0.0.1:\($0.spec.port)/metrics" }
        var baseline: [PrometheusText?] = []
        for url in urls { baseline.append(try? await PrometheusText.scrape(url)) }
        let deadline = ContinuousClock.now + policy.canaryDuration
        let step = min(Duration.seconds(5), policy.canaryDuration)
        var measured: ErrorRateWindow.Counts?
        while ContinuousClock.now < deadline {
            try? await Task.sleep(for: min(step, deadline - ContinuousClock.now))
            if let sick = canaries.first(where: { !$0.isReady }) {
                try await abandon("\(sick.spec.name) became \(sick.snapshot.status.rawValue) (\(describe(sick)))")
            }
            var total = ErrorRateWindow.Counts(requests: 0, errors: 0)
            var read = false
            for (index, url) in urls.enumerated() {
                guard let first = baseline[index], let now = try? await PrometheusText.scrape(url) else { continue }
                let counts = window.counts(from: first, to: now)
                total.requests += counts.requests
                total.errors += counts.errors
                read = true
            }
            if read { measured = total }
            if let rate = measured?.errorRate, rate > policy.maximumErrorRate {
                report.canaryErrorRate = rate
                try await abandon("error rate \(Self.percent(rate * 100)) over \(Int(measured?.requests ?? 0)) requests is above the limit \(Self.percent(policy.maximumErrorRate * 100))")
            }
        }
        report.canaryErrorRate = measured?.errorRate
        if let measured, let rate = measured.errorRate {
            report.steps.append("canary error rate \(Self.percent(rate * 100)) over \(Int(measured.requests)) requests (limit \(Self.percent(policy.maximumErrorRate * 100)))")
        } else {
            report.steps.append("no request reached the canary's /metrics in \(DurationText.format(policy.canaryDuration)): judged by its health alone")
        }
        guard policy.autoPromote else {
            report.steps.append("left at \(Self.percent(policy.canaryPercent)): promote it by running the update again with auto_promote, or roll back")
            return
        }
        // Promote: the canaries take the default weight, the rest is replaced one by one.
        unit.state.withLock { state in
            for runner in canaries + old { state.weights[runner.spec.name] = nil }
        }
        unit.updateTraffic()
        for runner in old.dropLast(count) {
            let fresh = try supervisor.addInstance(to: unit, definition: definition, revision: revision)
            if let failed = await firstNotReady([fresh]) {
                await supervisor.removeInstance(fresh, from: unit)
                try await abandon("\(failed.spec.name) not ready during promotion (\(describe(failed)))")
            }
            await supervisor.removeInstance(runner, from: unit)
        }
        for runner in old.suffix(count) { await supervisor.removeInstance(runner, from: unit) }
        report.steps.append("promoted: \(unit.runners.count) instances on revision \(revision)")
        setCurrent(definition, revision: revision)
    }

    // MARK: - Helpers

    /// The first of `runners` that is not ready within the health timeout (all wait together).
    private func firstNotReady(_ runners: [InstanceRunner]) async -> InstanceRunner? {
        let timeout = policy.healthTimeout
        let ready = await withTaskGroup(of: (Int, Bool).self) { group in
            for (index, runner) in runners.enumerated() {
                group.addTask { (index, await runner.waitUntilReady(timeout: timeout)) }
            }
            var results = Array(repeating: false, count: runners.count)
            for await (index, isReady) in group { results[index] = isReady }
            return results
        }
        return ready.firstIndex(of: false).map { runners[$0] }
    }

    /// Puts old-revision instances back in place of `replaced` new ones.
    private func restore(_ replaced: [InstanceRunner], with definition: ServiceDefinition, revision: Int, report: inout ServiceManager.UpdateReport) async throws(ServiceError) {
        for runner in replaced {
            let back = try supervisor.addInstance(to: unit, definition: definition, revision: revision)
            _ = await back.waitUntilReady(timeout: policy.healthTimeout)
            await supervisor.removeInstance(runner, from: unit)
            report.steps.append("\(runner.spec.name) replaced by \(back.spec.name) (revision \(revision))")
        }
    }

    private func setCurrent(_ definition: ServiceDefinition, revision: Int) {
        unit.state.withLock { state in
            state.definition = definition
            state.revision = revision
        }
    }

    private func describe(_ runner: InstanceRunner) -> String {
        let snapshot = runner.snapshot
        return snapshot.lastEvent ?? snapshot.lastCheck.map { "last check: \($0)" } ?? "no check passed yet"
    }

    static func percent(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value))%" : String(format: "%.2f%%", value)
    }
}
