/// How a scenario went.
public struct ScenarioResult: Sendable, Hashable {
    /// A step that failed, or could not run.
    public struct Failure: Sendable, Hashable, CustomStringConvertible {
        /// The step, or nil for a problem of the whole scenario.
        public var step: GherkinStep?
        public var message: String

        public init(step: GherkinStep?, message: String) {
            self.step = step
            self.message = message
        }

        /// `line 33 (Then the workflow should complete): expected ...`
        public var description: String {
            guard let step else { return message }
            return "line \(step.line) (\(step.keyword) \(step.text)): \(message)"
        }
    }

    public var scenario: RunnableScenario
    /// Empty when the scenario passed.
    public var failures: [Failure]
    public var duration: Duration

    public init(scenario: RunnableScenario, failures: [Failure], duration: Duration) {
        self.scenario = scenario
        self.failures = failures
        self.duration = duration
    }

    public var passed: Bool { failures.isEmpty }

    /// `✔ call.feature:10 Call HTTP With Content Output`, or with `✘` and ` — ` the reasons.
    public var line: String {
        let head = "\(scenario.location) \(scenario.name)"
        guard !passed else { return "✔ \(head)" }
        return "✘ \(head) — \(failures.map(\.description).joined(separator: "; "))"
    }
}
