import Synchronization

/// Which container engine `run: container` uses: the first of `docker` and `podman` whose
/// `info` command succeeds, so that a client without an engine behind it (a `docker` binary
/// with no daemon) counts as absent. The answer is found once and kept.
final class ContainerRuntime: Sendable {
    /// The programs tried, in order.
    let candidates: [String]
    /// How long `<runtime> info` may take before it counts as failed.
    let probeTimeout: Duration
    private let answer = Mutex<Result<String, WorkflowFault>?>(nil)

    init(candidates: [String] = ["docker", "podman"], probeTimeout: Duration = .seconds(10)) {
        self.candidates = candidates
        self.probeTimeout = probeTimeout
    }

    /// The path of a working runtime.
    /// - Throws: a configuration error that says which runtimes were tried and why each failed.
    func resolve(runner: ProcessRunner, environment: [String: String]) async throws(WorkflowFault) -> String {
        if let known = answer.withLock({ $0 }) { return try known.get() }
        let result = await probe(runner: runner, environment: environment)
        answer.withLock { if $0 == nil { $0 = result } }
        return try result.get()
    }

    private func probe(runner: ProcessRunner, environment: [String: String]) async -> Result<String, WorkflowFault> {
        var failures: [String] = []
        for name in candidates {
            guard let path = ExecutableSearch.find(name, path: environment["PATH"] ?? ProcessEnvironment.defaultPath) else {
                failures.append("`\(name)` is not installed")
                continue
            }
            switch await info(path, runner: runner, environment: environment) {
            case nil: return .success(path)
            case let reason?: failures.append("`\(name) info` failed: \(reason)")
            }
        }
        let installed = failures.filter { !$0.hasSuffix("is not installed") }
        let reasons = installed.isEmpty ? failures : installed
        return .failure(.configuration(
            "run: container needs a working docker or podman; \(reasons.joined(separator: "; "))"
                + " (install and start Docker Engine or Podman, or run the process as `run: shell` instead)"))
    }

    /// Runs `<runtime> info`; `nil` when it succeeds, otherwise why it failed.
    private func info(_ path: String, runner: ProcessRunner, environment: [String: String]) async -> String? {
        let launch = ProcessLaunch(executable: path, arguments: ["info"], environment: environment)
        let timeout = probeTimeout
        return await withTaskGroup(of: String?.self) { group in
            group.addTask {
                do {
                    let outcome = try await runner.run(launch, outputLimit: 1_000_000)
                    if outcome.code == 0 { return nil }
                    let lines = ProcessRunner.text(outcome.standardError).split(whereSeparator: \.isNewline).map(String.init)
                    let reason = lines.last(where: { $0.lowercased().contains("error") || $0.lowercased().contains("cannot") }) ?? lines.last
                    return reason.map { String($0.drop(while: \.isWhitespace)) } ?? "exit code \(outcome.code)"
                } catch {
                    return "\(error)"
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return "no answer within \(timeout)"
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}
