import BatonEngine
import BatonWorkflow

extension StepLibrary {
    /// Every step of the OWS conformance kit (`ctk/README.md`): arrange (workflow definition and
    /// input), act (execution) and assert (how the workflow ended, its output, and the order and
    /// outcome of its tasks).
    public static let conformanceKit = StepLibrary(arrange + act + workflowAssertions + outputAssertions + taskAssertions)

    // MARK: - Arrange

    static let arrange: [StepDefinition] = [
        StepDefinition("a workflow with definition:", argument: .docString) { context, world throws(StepFailure) in
            let (text, docString) = try context.docStringText()
            do throws(DocumentErrors) {
                world.workflow = try Workflow.load(text: text, file: context.file)
            } catch {
                throw StepFailure("the workflow definition does not load: \(context.describe(error, in: docString))")
            }
        },
        StepDefinition("(given )the workflow input is:", argument: .docString) { context, world throws(StepFailure) in
            world.input = try context.docStringValue()
        },
    ]

    // MARK: - Act

    static let act: [StepDefinition] = [
        StepDefinition("the workflow is executed") { _, world throws(StepFailure) in
            guard let workflow = world.workflow else {
                throw StepFailure("no workflow to execute; a `Given a workflow with definition:` step must come first")
            }
            world.execution = try await execute(workflow, in: world)
        }
    ]

    /// Runs the workflow, failing when it takes longer than the world's timeout.
    private static func execute(_ workflow: Workflow, in world: ScenarioWorld) async throws(StepFailure) -> ScenarioWorld.Execution {
        let recorder = EventRecorder(forwardingTo: world.observer)
        let executor = world.executor
        let input = world.input
        let timeout = world.timeout
        let outcome = await withTaskGroup(of: RunOutcome?.self) { group in
            group.addTask { await executor.run(workflow, input: input, observer: recorder) }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        guard let outcome else {
            throw StepFailure("the workflow did not finish within \(timeout); the tasks started so far: \(TaskTimeline(events: await recorder.events).startOrderDescription)")
        }
        return ScenarioWorld.Execution(outcome: outcome, events: await recorder.events)
    }

    // MARK: - How the workflow ended

    static let workflowAssertions: [StepDefinition] = [
        StepDefinition("the workflow should cancel") { _, world throws(StepFailure) in
            try world.requireExecution().requireCancelled()
        },
        StepDefinition("the workflow should complete") { _, world throws(StepFailure) in
            _ = try world.requireExecution().requireCompleted()
        },
        StepDefinition("the workflow should complete with output:", argument: .docString) { context, world throws(StepFailure) in
            let expected = try context.docStringValue()
            let output = try world.requireExecution().requireCompleted()
            guard output == expected else {
                throw StepFailure("the workflow output differs: expected \(expected.summary()), got \(output.summary())")
            }
        },
        StepDefinition("the workflow should fault") { _, world throws(StepFailure) in
            _ = try world.requireExecution().requireFaulted()
        },
        StepDefinition("the workflow should fault with error:", argument: .docString) { context, world throws(StepFailure) in
            let expectation = try ErrorExpectation(context.docStringValue())
            let fault = try world.requireExecution().requireFaulted()
            let mismatches = expectation.mismatches(fault)
            guard mismatches.isEmpty else {
                throw StepFailure("the workflow faulted with another error (\(mismatches.joined(separator: "; "))); the error: \(fault.documentValue.summary())")
            }
        },
    ]

    // MARK: - The workflow's output

    static let outputAssertions: [StepDefinition] = [
        StepDefinition("the workflow output should have properties {strings}") { context, world throws(StepFailure) in
            let output = try world.requireExecution().requireCompleted()
            var missing: [String] = []
            for property in context.strings(0) {
                do throws(StepFailure) {
                    _ = try PropertyPath(property).value(in: output)
                } catch {
                    missing.append(error.message)
                }
            }
            guard missing.isEmpty else {
                throw StepFailure("\(missing.joined(separator: "; ")); the output: \(output.summary())")
            }
        },
        StepDefinition("the workflow output should have a {string} property with value:", argument: .docString) { context, world throws(StepFailure) in
            let expected = try context.docStringValue()
            let output = try world.requireExecution().requireCompleted()
            let value = try PropertyPath(context.text(0)).value(in: output)
            guard value == expected else {
                throw StepFailure("the output's '\(context.text(0))' differs: expected \(expected.summary()), got \(value.summary())")
            }
        },
        StepDefinition("the workflow output should have a {string} property containing {int} items") { context, world throws(StepFailure) in
            let output = try world.requireExecution().requireCompleted()
            let value = try PropertyPath(context.text(0)).value(in: output)
            guard case .array(let items) = value else {
                throw StepFailure("the output's '\(context.text(0))' is \(value.typeNameWithArticle), not an array: \(value.summary())")
            }
            guard items.count == context.int(1) else {
                throw StepFailure("the output's '\(context.text(0))' has \(items.count) items, not \(context.int(1)): \(value.summary())")
            }
        },
    ]

    // MARK: - Tasks

    static let taskAssertions: [StepDefinition] = [
        StepDefinition("{word} should run first") { context, world throws(StepFailure) in
            let timeline = try world.requireExecution().timeline
            let task = context.text(0)
            guard try timeline.requireStart(of: task) == 0 else {
                throw StepFailure("\(task) did not run first; the tasks started in this order: \(timeline.startOrderDescription)")
            }
        },
        StepDefinition("{word} should run last") { context, world throws(StepFailure) in
            let timeline = try world.requireExecution().timeline
            let task = context.text(0)
            guard try timeline.requireStart(of: task, last: true) == timeline.starts.count - 1 else {
                throw StepFailure("\(task) did not run last; the tasks started in this order: \(timeline.startOrderDescription)")
            }
        },
        StepDefinition("{word} should run before {word}") { context, world throws(StepFailure) in
            try expectOrder(first: context.text(0), then: context.text(1), world: world, wording: "\(context.text(0)) did not run before \(context.text(1))")
        },
        StepDefinition("{word} should run after {word}") { context, world throws(StepFailure) in
            try expectOrder(first: context.text(1), then: context.text(0), world: world, wording: "\(context.text(0)) did not run after \(context.text(1))")
        },
        StepDefinition("{word} should cancel") { context, world throws(StepFailure) in
            _ = try world.requireExecution().requireTask(context.text(0), ended: .taskCancelled)
        },
        StepDefinition("{word} should complete") { context, world throws(StepFailure) in
            _ = try world.requireExecution().requireTask(context.text(0), ended: .taskCompleted)
        },
        StepDefinition("{word} should complete with output:", argument: .docString) { context, world throws(StepFailure) in
            let expected = try context.docStringValue()
            let event = try world.requireExecution().requireTask(context.text(0), ended: .taskCompleted)
            let output = event.output ?? .null
            guard output == expected else {
                throw StepFailure("the output of \(context.text(0)) differs: expected \(expected.summary()), got \(output.summary())")
            }
        },
        StepDefinition("{word} should fault") { context, world throws(StepFailure) in
            _ = try world.requireExecution().requireTask(context.text(0), ended: .taskFaulted)
        },
        StepDefinition("{word} should fault with error:", argument: .docString) { context, world throws(StepFailure) in
            let expectation = try ErrorExpectation(context.docStringValue())
            let event = try world.requireExecution().requireTask(context.text(0), ended: .taskFaulted)
            guard let fault = event.error else {
                throw StepFailure("\(context.text(0)) faulted, but its event carries no error to compare")
            }
            let mismatches = expectation.mismatches(fault)
            guard mismatches.isEmpty else {
                throw StepFailure("\(context.text(0)) faulted with another error (\(mismatches.joined(separator: "; "))); the error: \(fault.documentValue.summary())")
            }
        },
    ]

    private static func expectOrder(first: String, then second: String, world: ScenarioWorld, wording: String) throws(StepFailure) {
        let timeline = try world.requireExecution().timeline
        let firstStart = try timeline.requireStart(of: first)
        let secondStart = try timeline.requireStart(of: second)
        guard firstStart < secondStart else {
            throw StepFailure("\(wording); the tasks started in this order: \(timeline.startOrderDescription)")
        }
    }
}
