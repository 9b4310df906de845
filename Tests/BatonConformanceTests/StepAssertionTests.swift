import BatonConformance
import BatonEngine
import BatonWorkflow
import Foundation
import Testing

/// Stands in for the engine: reports a fixed list of events and ends with a fixed outcome.
struct ScriptedExecutor: ScenarioExecutor {
    var outcome: RunOutcome
    var events: [RunEvent] = []

    func run(_ workflow: Workflow, input: JSONValue, observer: any RunObserver) async -> RunOutcome {
        do {
            for event in events { try await observer.record(event) }
        } catch {
            return .interrupted("\(error)")
        }
        return outcome
    }
}

/// Completes with the input it was given, to check what the input step sets.
struct EchoExecutor: ScenarioExecutor {
    func run(_ workflow: Workflow, input: JSONValue, observer: any RunObserver) async -> RunOutcome {
        .completed(input)
    }
}

/// Never finishes on its own; ends when cancelled.
struct HangingExecutor: ScenarioExecutor {
    func run(_ workflow: Workflow, input: JSONValue, observer: any RunObserver) async -> RunOutcome {
        try? await observer.record(taskEvent(.taskStarted, "waitForever"))
        try? await Task.sleep(for: .seconds(3600))
        return .cancelled
    }
}

func taskEvent(_ kind: RunEvent.Kind, _ name: String, output: JSONValue? = nil, error: WorkflowFault? = nil) -> RunEvent {
    RunEvent(kind: kind, at: Date(timeIntervalSince1970: 0), name: name, reference: "/do/0/\(name)", output: output, error: error)
}

@Suite struct StepAssertionTests {
    static let definition = """
          Given a workflow with definition:
            \"\"\"yaml
            document:
              dsl: '1.0.3'
              namespace: default
              name: colors
              version: '1.0.0'
            do:
              - setRed:
                  set:
                    colors: [ red ]
            \"\"\"
        """

    /// A scenario made of the definition above and `steps`, as line 2 onward of `test.feature`.
    func scenario(_ steps: String) throws -> RunnableScenario {
        let text = "Feature: Steps\n  Scenario: Under test\n\(Self.definition)\n    When the workflow is executed\n\(steps)\n"
        return try #require(try GherkinParser().parse(text: text, file: "test.feature").runnableScenarios.first)
    }

    /// The line the first of `steps` has in the scenario above.
    let firstAssertionLine = 16

    static let colorEvents: [RunEvent] = [
        taskEvent(.taskStarted, "setRed"), taskEvent(.taskCompleted, "setRed", output: ["colors": ["red"]]),
        taskEvent(.taskStarted, "setGreen"), taskEvent(.taskCompleted, "setGreen", output: ["colors": ["red", "green"]]),
        taskEvent(.taskStarted, "setBlue"), taskEvent(.taskCompleted, "setBlue", output: ["colors": ["red", "green", "blue"]]),
    ]
    static let colorsExecutor = ScriptedExecutor(outcome: .completed(["colors": ["red", "green", "blue"]]), events: colorEvents)

    func run(_ steps: String, with executor: any ScenarioExecutor = colorsExecutor, timeout: Duration = .seconds(60)) async throws -> ScenarioResult {
        await ScenarioRunner(executor: executor, timeout: timeout).run(try scenario(steps))
    }

    @Test func expectationsThatHoldPass() async throws {
        let result = try await run("""
                Then the workflow should complete with output:
                  \"\"\"yaml
                  colors: [ red, green, blue ]
                  \"\"\"
                And setRed should run first
                And setBlue should run last
                And setGreen should run after setRed
                And setRed should run before setBlue
                And setGreen should complete
                And setGreen should complete with output:
                  \"\"\"json
                  { "colors": ["red", "green"] }
                  \"\"\"
                And the workflow output should have properties 'colors', 'colors.0'
                And the workflow output should have a 'colors' property containing 3 items
                And the workflow output should have a 'colors.2' property with value:
                  \"\"\"yaml
                  blue
                  \"\"\"
            """)
        #expect(result.passed, "\(result.line)")
        #expect(result.line == "✔ test.feature:2 Under test")
    }

    @Test func aWrongOrderFailsNamingTheStepAndTheActualOrder() async throws {
        let result = try await run("    Then setRed should run after setBlue")
        #expect(!result.passed)
        #expect(result.line == "✘ test.feature:2 Under test — line \(firstAssertionLine) (Then setRed should run after setBlue): setRed did not run after setBlue; the tasks started in this order: setRed, setGreen, setBlue")
    }

    @Test func aTaskThatNeverRanFails() async throws {
        let result = try await run("    Then setYellow should complete")
        #expect(result.failures.first?.message == "setYellow never ran; the tasks started in this order: setRed, setGreen, setBlue")
    }

    @Test func aDifferentOutputFailsShowingBoth() async throws {
        let result = try await run("""
                Then the workflow should complete with output:
                  \"\"\"yaml
                  colors: [ red ]
                  \"\"\"
            """)
        #expect(result.failures.first?.message == #"the workflow output differs: expected {"colors":["red"]}, got {"colors":["red","green","blue"]}"#)
    }

    @Test func integersEqualEqualDoubles() async throws {
        let executor = ScriptedExecutor(outcome: .completed(["ids": [.number(1.0), .integer(2)]]))
        let result = try await run("""
                Then the workflow should complete with output:
                  \"\"\"yaml
                  ids: [ 1, 2.0 ]
                  \"\"\"
            """, with: executor)
        #expect(result.passed, "\(result.line)")
    }

    @Test func missingPropertiesAreAllNamed() async throws {
        let executor = ScriptedExecutor(outcome: .completed(["content": "text", "statusCode": 200]))
        let result = try await run("    Then the workflow output should have properties 'statusCode', 'content.id', 'headers'", with: executor)
        let message = try #require(result.failures.first?.message)
        #expect(message.contains("'content' is a string, not an object with a 'id' property"))
        #expect(message.contains("the output has no 'headers' property (it has 'content', 'statusCode')"))
    }

    @Test func itemCountsAreChecked() async throws {
        let result = try await run("    Then the workflow output should have a 'colors' property containing 1 items")
        #expect(result.failures.first?.message == #"the output's 'colors' has 3 items, not 1: ["red","green","blue"]"#)
    }

    static let notFound = WorkflowFault(
        type: "https://open-workflow-specification.org/spec/1.0.0/errors/communication", status: 404, title: "Communication error",
        instance: "/do/0/tryGetPet/try/0/getPet"
    )

    @Test func errorsMatchOnTheKeysGivenWithEitherTypeSpelling() async throws {
        let executor = ScriptedExecutor(
            outcome: .faulted(Self.notFound), events: [taskEvent(.taskStarted, "getPet"), taskEvent(.taskFaulted, "getPet", error: Self.notFound)]
        )
        let result = try await run("""
                Then the workflow should fault with error:
                  \"\"\"yaml
                  type: https://open-workflow-specification.org/dsl/errors/types/communication
                  status: 404
                  \"\"\"
                And getPet should fault
                And getPet should fault with error:
                  \"\"\"yaml
                  instance: /do/0/tryGetPet/try/0/getPet
                  \"\"\"
            """, with: executor)
        #expect(result.passed, "\(result.line)")
    }

    @Test func aDifferentErrorFailsNamingTheKeys() async throws {
        let result = try await run("""
                Then the workflow should fault with error:
                  \"\"\"yaml
                  type: https://open-workflow-specification.org/dsl/errors/types/runtime
                  status: 503
                  title: Communication error
                  \"\"\"
            """, with: ScriptedExecutor(outcome: .faulted(Self.notFound)))
        let message = try #require(result.failures.first?.message)
        #expect(message.hasPrefix("the workflow faulted with another error (status: expected 503, got 404; type: expected \"https://open-workflow-specification.org/dsl/errors/types/runtime\", got \"https://open-workflow-specification.org/spec/1.0.0/errors/communication\")"))
    }

    @Test func outcomesOtherThanTheOneExpectedFail() async throws {
        let cancelled = try await run("    Then the workflow should complete", with: ScriptedExecutor(outcome: .cancelled))
        #expect(cancelled.failures.first?.message == "expected the workflow to complete, but it was cancelled")
        let completed = try await run("    Then the workflow should fault")
        #expect(completed.failures.first?.message.hasPrefix("expected the workflow to fault, but it completed with output") == true)
        let faulted = try await run("    Then the workflow should cancel", with: ScriptedExecutor(outcome: .faulted(Self.notFound)))
        #expect(faulted.failures.first?.message.hasPrefix("expected the workflow to be cancelled, but it faulted with {") == true)
        let task = try await run("    Then setRed should fault")
        #expect(task.failures.first?.message == #"expected setRed to fault, but it completed with output {"colors":["red"]}"#)
    }

    @Test func undefinedStepsFailBeforeAnythingRuns() async throws {
        let result = try await run("    Then the moon should be full of cheese\n    And the workflow should complete")
        #expect(result.failures.count == 1)
        #expect(result.line == "✘ test.feature:2 Under test — line \(firstAssertionLine) (Then the moon should be full of cheese): undefined step: no step definition matches it")
    }

    @Test func stepsThatNeedADocStringSayItWhenItIsMissing() async throws {
        let result = try await run("    Then the workflow should complete with output:")
        #expect(result.failures.first?.message == "`the workflow should complete with output:` needs a doc string (a block between \"\"\" lines) below it")
    }

    @Test func theInputStepSetsTheInput() async throws {
        let scenario = try GherkinParser().parse(text: """
            Feature: Input
              Scenario: Echo
            \(Self.definition)
                And given the workflow input is:
                  \"\"\"yaml
                  status: available
                  \"\"\"
                When the workflow is executed
                Then the workflow should complete with output:
                  \"\"\"json
                  { "status": "available" }
                  \"\"\"
            """, file: "input.feature").runnableScenarios[0]
        let result = await ScenarioRunner(executor: EchoExecutor()).run(scenario)
        #expect(result.passed, "\(result.line)")
    }

    @Test func aDefinitionThatDoesNotLoadIsReportedAtItsLineInTheFeature() async throws {
        let scenario = try GherkinParser().parse(text: """
            Feature: Broken
              Scenario: Bad YAML
                Given a workflow with definition:
                  \"\"\"yaml
                  document:
                    dsl: '1.0.3'
                  do: [ unclosed
                  \"\"\"
                When the workflow is executed
            """, file: "broken.feature").runnableScenarios[0]
        let result = await ScenarioRunner(executor: EchoExecutor()).run(scenario)
        let message = try #require(result.failures.first?.message)
        #expect(message.hasPrefix("the workflow definition does not load: broken.feature:"))
        #expect(result.failures.first?.step?.line == 3)
    }

    @Test func aWorkflowThatRunsTooLongFails() async throws {
        let result = try await run("    Then the workflow should complete", with: HangingExecutor(), timeout: .milliseconds(200))
        #expect(result.failures.first?.message == "the workflow did not finish within 0.2 seconds; the tasks started so far: waitForever")
    }
}
