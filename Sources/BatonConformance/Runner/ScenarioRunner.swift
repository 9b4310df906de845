import BatonEngine

/// Runs scenarios: matches every step to a definition first (a step no definition matches fails
/// the scenario before anything runs), then runs the steps in order until one fails.
public struct ScenarioRunner: Sendable {
    public var library: StepLibrary
    public var executor: any ScenarioExecutor
    /// How long a workflow may run before its scenario fails.
    public var timeout: Duration

    public init(library: StepLibrary = .conformanceKit, executor: any ScenarioExecutor, timeout: Duration = .seconds(60)) {
        self.library = library
        self.executor = executor
        self.timeout = timeout
    }

    /// Runs one scenario.
    /// - Parameter observer: told of the run's events as they happen, for verbose output.
    public func run(_ scenario: RunnableScenario, observer: (any RunObserver)? = nil) async -> ScenarioResult {
        let clock = ContinuousClock()
        let start = clock.now
        var planned: [(GherkinStep, StepDefinition, [StepArgument])] = []
        var problems: [ScenarioResult.Failure] = []
        for step in scenario.steps {
            switch library.resolve(step) {
            case .matched(let definition, let arguments):
                if let problem = Self.argumentProblem(step, definition) {
                    problems.append(.init(step: step, message: problem))
                } else {
                    planned.append((step, definition, arguments))
                }
            case .undefined:
                problems.append(.init(step: step, message: "undefined step: no step definition matches it"))
            case .ambiguous(let expressions):
                problems.append(.init(step: step, message: "ambiguous step: it matches \(expressions.map { "`\($0)`" }.joined(separator: " and "))"))
            }
        }
        if !problems.isEmpty {
            return ScenarioResult(scenario: scenario, failures: problems, duration: clock.now - start)
        }
        if planned.isEmpty {
            return ScenarioResult(scenario: scenario, failures: [.init(step: nil, message: "the scenario has no steps")], duration: clock.now - start)
        }
        var world = ScenarioWorld(executor: executor, timeout: timeout, observer: observer)
        for (step, definition, arguments) in planned {
            do {
                try await definition.action(StepContext(step: step, arguments: arguments, file: scenario.file), &world)
            } catch {
                return ScenarioResult(scenario: scenario, failures: [.init(step: step, message: error.message)], duration: clock.now - start)
            }
        }
        return ScenarioResult(scenario: scenario, failures: [], duration: clock.now - start)
    }

    /// Why a step's argument does not suit its definition: a doc string missing or unexpected,
    /// or a data table, which no definition of the kit takes.
    private static func argumentProblem(_ step: GherkinStep, _ definition: StepDefinition) -> String? {
        if step.dataTable != nil {
            return "the step has a data table, which `\(definition.expression)` does not take"
        }
        switch (definition.argument, step.docString) {
        case (.docString, nil): return "`\(definition.expression)` needs a doc string (a block between \"\"\" lines) below it"
        case (.none, .some): return "the step has a doc string, which `\(definition.expression)` does not take"
        default: return nil
        }
    }
}
