import BatonEngine
import BatonStore
import BatonTesting
import BatonWorkflow
import Foundation
import Testing

extension RunStoreConformance.Context {
    /// Appends number a run's events 1, 2, 3... without gaps; reads give them back whole, in
    /// order, after a sequence and up to a limit.
    func events() async throws {
        _ = try await newRun("run-1")
        _ = try await newRun("run-2")
        let full = RunEvent(
            kind: .taskCompleted, at: now.addingTimeInterval(0.25), name: "step", reference: "/do/0/loop/for/do/0/step",
            position: "/do/0/loop/for/do/0/step#2", output: ["greeting": "hello, \"world\"\n", "count": 3, "ratio": 0.5, "none": nil],
            context: ["seen": [1, 2]], next: "end", error: nil, attempt: 2, eventsAfter: 7)
        let faulted = event(.taskFaulted, "/do/1/fail", error: .communication("the service answered 503", status: 503, instance: "/do/1/fail"))

        #expect(try await store.append([event(.runStarted), event(.taskStarted, "/do/0/loop/for/do/0/step#2")], to: "run-1") == 2)
        #expect(try await store.append([full], to: "run-1") == 3)
        #expect(try await store.append([event(.runStarted)], to: "run-2") == 1, "sequences are per run")
        #expect(try await store.append([faulted, event(.taskStarted, "/do/2/retry")], to: "run-1") == 5)
        #expect(try await store.append([], to: "run-1") == 5, "an empty append changes nothing and answers the last sequence")

        let stored = try await store.events(of: "run-1")
        #expect(stored.map(\.sequence) == [1, 2, 3, 4, 5])
        #expect(stored.allSatisfy { $0.runID == "run-1" })
        #expect(stored.map(\.event.kind) == [.runStarted, .taskStarted, .taskCompleted, .taskFaulted, .taskStarted])
        #expect(stored[2].event == full, "every member of an event survives the store")
        #expect(stored[3].event == faulted)

        #expect(try await store.events(of: "run-1", after: 3, limit: nil).map(\.sequence) == [4, 5])
        #expect(try await store.events(of: "run-1", after: 1, limit: 2).map(\.sequence) == [2, 3])
        #expect(try await store.events(of: "run-1", after: 5, limit: nil).isEmpty)
        #expect(try await store.events(of: "run-2").map(\.sequence) == [1])
        #expect(try await store.run("run-1")?.lastSequence == 5)

        await expectFailure(.notFound, mentioning: "missing") { () async throws(RunStoreError) in try await store.append([event(.runStarted)], to: "missing") }
        await expectFailure(.notFound) { () async throws(RunStoreError) in try await store.events(of: "missing") }
    }

    /// A replayed completion records nothing: an event whose kind and position a run already
    /// has (task completed, faulted, skipped, cancelled; run started, completed, faulted,
    /// cancelled) is skipped and the first record stands; task starts and retries may repeat.
    func eventIdempotency() async throws {
        _ = try await newRun("run-1")
        try await store.append([event(.runStarted), event(.taskStarted, "/do/0/a")], to: "run-1")
        #expect(try await store.append([event(.taskCompleted, "/do/0/a", output: ["first": true])], to: "run-1") == 3)

        clock.advance(by: .seconds(1))
        #expect(try await store.append([event(.taskCompleted, "/do/0/a", output: ["second": true])], to: "run-1") == 3)
        #expect(try await store.append([event(.runStarted)], to: "run-1") == 3)
        // A batch with a duplicate and new events keeps the new ones, numbered without a gap.
        let batch = [event(.taskStarted, "/do/0/a"), event(.taskCompleted, "/do/0/a"), event(.taskStarted, "/do/1/b"), event(.taskCompleted, "/do/1/b")]
        #expect(try await store.append(batch, to: "run-1") == 6)
        // The same completion twice in one batch is recorded once.
        let twice = [event(.taskCompleted, "/do/2/c", output: 1), event(.taskCompleted, "/do/2/c", output: 2)]
        #expect(try await store.append(twice, to: "run-1") == 7)

        let stored = try await store.events(of: "run-1")
        #expect(stored.map(\.sequence) == Array(1...7))
        #expect(stored.map(\.event.kind) == [.runStarted, .taskStarted, .taskCompleted, .taskStarted, .taskStarted, .taskCompleted, .taskCompleted])
        #expect(stored.filter { $0.event.kind == .taskCompleted && $0.event.position == "/do/0/a" }.map(\.event.output) == [["first": true]])
        #expect(stored.last?.event.output == 1)

        // Finishing twice: the second completion is a duplicate, not an error, and the output stays.
        try await store.append([event(.runCompleted, output: ["result": 1])], to: "run-1")
        let finished = try #require(try await store.run("run-1"))
        #expect(try await store.append([event(.runCompleted, output: ["result": 2])], to: "run-1") == finished.lastSequence)
        #expect(try await store.run("run-1") == finished)
    }

    /// A run's status, output, error and times follow the events appended to it.
    func statusTransitions() async throws {
        let created = try await newRun("done")
        clock.advance(by: .seconds(1))
        let startedAt = now
        try await store.append([event(.runStarted, output: created.input)], to: "done")
        var run = try #require(try await store.run("done"))
        #expect(run.status == .running && run.startedAt == startedAt && run.updatedAt == startedAt && run.lastSequence == 1)

        try await store.setStatus(.waiting, of: "done")
        clock.advance(by: .seconds(1))
        try await store.append([event(.taskCompleted, "/do/0/wait")], to: "done")
        #expect(try await store.run("done")?.status == .running, "a task event moves a waiting run on")

        try await store.setStatus(.suspended, of: "done")
        try await store.append([event(.taskStarted, "/do/1/next")], to: "done")
        #expect(try await store.run("done")?.status == .suspended, "a suspended run stays suspended until resumed")
        try await store.setStatus(.running, of: "done")

        clock.advance(by: .seconds(1))
        let finishedAt = now
        try await store.upsertTimer(RunTimer(runID: "done", position: "/do/2/wait", fireAt: now.addingTimeInterval(60)))
        let last = try await store.append([event(.taskCompleted, "/do/1/next"), event(.runCompleted, output: ["greeting": "hi"])], to: "done")
        run = try #require(try await store.run("done"))
        #expect(run.status == .completed && run.output == ["greeting": "hi"] && run.error == nil)
        #expect(run.startedAt == startedAt && run.finishedAt == finishedAt && run.updatedAt == finishedAt && run.lastSequence == last)
        #expect(try await store.timers(of: "done").isEmpty, "a finished run's timers go")

        await expectFailure(.runFinished, mentioning: "completed") { () async throws(RunStoreError) in
            try await store.append([event(.taskStarted, "/do/3/more")], to: "done")
        }
        await expectFailure(.runFinished) { () async throws(RunStoreError) in try await store.append([event(.runFaulted)], to: "done") }

        _ = try await newRun("failed")
        let fault = WorkflowFault.runtime("the script exited with 2", instance: "/do/0/script")
        try await store.append([event(.runStarted), event(.taskFaulted, "/do/0/script", error: fault), event(.runFaulted, error: fault)], to: "failed")
        run = try #require(try await store.run("failed"))
        #expect(run.status == .faulted && run.error == fault && run.output == nil && run.finishedAt == now)

        _ = try await newRun("stopped")
        try await store.append([event(.runCancelled)], to: "stopped")
        run = try #require(try await store.run("stopped"))
        #expect(run.status == .cancelled && run.finishedAt == now && run.startedAt == nil)
    }

    /// A failed append stores nothing of its batch: no events, no sequence numbers, no status change.
    func failedAppend() async throws {
        _ = try await newRun("run-1")
        try await store.append([event(.runStarted), event(.taskCompleted, "/do/0/a")], to: "run-1")
        let before = try #require(try await store.run("run-1"))

        // The batch finishes the run and then records more: it fails as a whole.
        await expectFailure(.runFinished) { () async throws(RunStoreError) in
            try await store.append([event(.taskCompleted, "/do/1/b"), event(.runCompleted, output: 1), event(.taskStarted, "/do/2/c")], to: "run-1")
        }
        #expect(try await store.run("run-1") == before)
        #expect(try await store.events(of: "run-1").map(\.sequence) == [1, 2])

        // The store goes on from where it was.
        #expect(try await store.append([event(.taskCompleted, "/do/1/b")], to: "run-1") == 3)
        #expect(try await store.events(of: "run-1").last?.event.position == "/do/1/b")
    }

    /// Many runs appending at once each get their events numbered 1, 2, 3... in the order they
    /// appended them, and a failing append among them fails alone — also one that fails after
    /// some of its events were written.
    func concurrentAppends() async throws {
        let runs = 20
        let appendsPerRun = 10
        for index in 0..<runs { _ = try await newRun(RunID("run-\(index)")) }
        _ = try await newRun("finished")
        try await store.append([event(.runCancelled)], to: "finished")
        _ = try await newRun("overrun")
        try await store.append([event(.runStarted)], to: "overrun")
        let overrun = try #require(try await store.run("overrun"))
        let store = self.store
        let at = now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<runs {
                group.addTask {
                    for step in 0..<appendsPerRun {
                        let position = "/do/\(step)/step"
                        let sequence = try await store.append(
                            [RunEvent(kind: .taskStarted, at: at, position: position), RunEvent(kind: .taskCompleted, at: at, position: position, output: .integer(step))],
                            to: RunID("run-\(index)"))
                        #expect(sequence == Int64(2 * step + 2))
                    }
                }
            }
            group.addTask {
                for step in 0..<appendsPerRun {
                    do throws(RunStoreError) {
                        try await store.append([RunEvent(kind: .taskStarted, at: at, position: "/do/\(step)/late")], to: "finished")
                        Issue.record("an append to a finished run must fail")
                    } catch {
                        #expect(error.kind == .runFinished)
                    }
                }
            }
            group.addTask {
                for step in 0..<appendsPerRun {
                    // Finishes the run, then records more: refused as a whole, every time.
                    do throws(RunStoreError) {
                        try await store.append(
                            [
                                RunEvent(kind: .taskCompleted, at: at, position: "/do/\(step)/last"), RunEvent(kind: .runCompleted, at: at, output: 1),
                                RunEvent(kind: .taskStarted, at: at, position: "/do/\(step)/after"),
                            ], to: "overrun")
                        Issue.record("an append that records after finishing its run must fail")
                    } catch {
                        #expect(error.kind == .runFinished)
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try await store.events(of: "overrun").map(\.event.kind) == [.runStarted])
        #expect(try await store.run("overrun") == overrun)
        for index in 0..<runs {
            let stored = try await store.events(of: RunID("run-\(index)"))
            #expect(stored.map(\.sequence) == Array(1...Int64(2 * appendsPerRun)))
            #expect(stored.compactMap(\.event.output) == (0..<appendsPerRun).map { JSONValue.integer($0) })
        }
        #expect(try await store.events(of: "finished").count == 1)
    }
}
