import BatonEngine
@testable import BatonRuntime
import BatonStore
import BatonTesting
import BatonWorkflow
import Foundation
import Testing

@Suite("Durable runs")
struct DurableRunTests {
    static let chain = """
        document: { dsl: '1.0.3', namespace: test, name: chain, version: '1.0.0' }
        do:
          - first:
              set: { count: '${ .count + 1 }' }
          - second:
              set: { count: '${ .count * 10 }' }
        """

    @Test("a started run completes, with every transition stored")
    func completes() async throws {
        try await RuntimeHarness.withHarness { harness in
            try await harness.withNode { node in
                let key = try await node.applyDefinition(Self.chain)
                let run = try await node.start(key, input: ["count": 1])
                let finished = try await node.waitForFinish(of: run.id)
                #expect(finished.status == .completed)
                #expect(finished.output == ["count": 20])
                let kinds = try await node.store.events(of: run.id).map(\.event.kind)
                #expect(kinds == [.runStarted, .taskStarted, .taskCompleted, .taskStarted, .taskCompleted, .runCompleted])
            }
        }
    }

    /// A shell step records its idempotency key; the node stops while the run waits after it;
    /// another node on the same file resumes the run: the step is not run again.
    @Test("a run resumes on the next node from its stored events, and a completed step does not run again")
    func resumesAfterStop() async throws {
        let clock = ManualClock()
        try await RuntimeHarness.withHarness(clock: clock) { harness in
            let log = harness.folder.appendingPathComponent("keys.log").path
            let source = """
                document: { dsl: '1.0.3', namespace: test, name: resume, version: '1.0.0' }
                do:
                  - step:
                      run:
                        shell:
                          command: 'echo "$BATON_IDEMPOTENCY_KEY" >> \(log); echo done'
                  - pause:
                      wait: PT1H
                  - finish:
                      set: { step: '${ . }', finished: true }
                """
            let id = try await harness.withNode { node in
                let key = try await node.applyDefinition(source)
                let run = try await node.start(key)
                try await eventually("the run waits") { try await node.status(of: run.id) == .waiting }
                #expect(try await node.store.timers(of: run.id).count == 1, "the wait is kept as a timer")
                return run.id
            }
            #expect(try String(contentsOfFile: log, encoding: .utf8) == "\(id):/do/0/step\n")
            let stopped = try harness.makeOrchestrator()
            #expect(try await stopped.status(of: id) == .waiting, "stopping the node is not cancelling the run")

            try await harness.withNode { node in
                try await clock.waitForSleepers()
                clock.advance(by: .seconds(3600))
                let finished = try await node.waitForFinish(of: id)
                #expect(finished.status == .completed)
                #expect(finished.output == ["step": "done", "finished": true])
                #expect(try await node.store.timers(of: id).isEmpty)
            }
            #expect(try String(contentsOfFile: log, encoding: .utf8) == "\(id):/do/0/step\n", "the completed step ran once")
        }
    }

    @Test("a run is suspended where it is and resumed from its events; a cancelled run ends cancelled")
    func suspendResumeCancel() async throws {
        let clock = ManualClock()
        try await RuntimeHarness.withHarness(clock: clock) { harness in
            let source = """
                document: { dsl: '1.0.3', namespace: test, name: pausing, version: '1.0.0' }
                do:
                  - pause:
                      wait: PT10M
                  - done:
                      set: { done: true }
                """
            try await harness.withNode { node in
                let key = try await node.applyDefinition(source)
                let first = try await node.start(key)
                let second = try await node.start(key)
                try await clock.waitForSleepers(2)

                let suspended = try await node.suspend(first.id)
                #expect(suspended.status == .suspended)
                #expect(node.liveRunCount == 1)
                await #expect(throws: OrchestratorError.self) { try await node.suspend(first.id) }

                let cancelled = try await node.cancel(second.id)
                #expect(cancelled.status == .cancelled)
                #expect(try await node.store.events(of: second.id).last?.event.kind == .runCancelled)
                let error = await #expect(throws: OrchestratorError.self) { try await node.cancel(second.id) }
                #expect(error?.kind == .conflict)
                await #expect(throws: OrchestratorError.self) { try await node.resume(RunID("no-such-run")) }

                let resumed = try await node.resume(first.id)
                #expect(resumed.status == .running)
                try await clock.waitForSleepers(1)
                clock.advance(by: .seconds(600))
                #expect(try await node.waitForFinish(of: first.id).output == ["done": true])

            }
        }
    }

    @Test("an approval stops the run until a person decides; who, when and why are stored")
    func approvals() async throws {
        try await RuntimeHarness.withHarness { harness in
            let source = """
                document: { dsl: '1.0.3', namespace: test, name: guarded, version: '1.0.0' }
                do:
                  - ask:
                      call: approval:1.0.0@default
                      with:
                        message: '${ "Scale " + .service + " to " + (.replicas | tostring) + "?" }'
                        data: '${ . }'
                  - act:
                      set: { decision: '${ . }' }
                """
            try await harness.withNode { node in
                let key = try await node.applyDefinition(source)
                let approved = try await node.start(key, input: ["service": "api", "replicas": 5])
                let rejected = try await node.start(key, input: ["service": "db", "replicas": 0])
                try await eventually("both runs wait for a person") {
                    try await node.store.pendingApprovals().count == 2
                }
                #expect(try await node.status(of: approved.id) == .waiting)
                let pending = try #require(try await node.store.pendingApprovals(runID: approved.id).first)
                #expect(pending.message == "Scale api to 5?")
                #expect(pending.data == ["service": "api", "replicas": 5])

                let approval = try await node.decide(run: approved.id, .approved, by: "alice", reason: "load test next week")
                #expect(approval.decision?.decidedBy == "alice")
                let output = try #require(try await node.waitForFinish(of: approved.id).output?["decision"])
                #expect(output["approved"] == true)
                #expect(output["decidedBy"] == "alice")
                #expect(output["reason"] == "load test next week")

                try await node.decide(run: rejected.id, .rejected, by: "bob", reason: "the database must keep one replica")
                let faulted = try await node.waitForFinish(of: rejected.id)
                #expect(faulted.status == .faulted)
                #expect(faulted.error?.type == "https://baton.dev/errors/approval-rejected")
                #expect(faulted.error?.detail?.contains("the database must keep one replica") == true)
                #expect(try await node.store.pendingApprovals().isEmpty)
                let stored = try #require(try await node.store.approval(approval.id))
                #expect(stored.decision?.verdict == .approved)
                #expect(stored.decision?.reason == "load test next week")

                let again = await #expect(throws: OrchestratorError.self) { try await node.decide(run: rejected.id, .approved, by: "carol") }
                #expect(again?.kind == .conflict, "a finished run takes no decision")
            }
        }
    }

    @Test("emit goes to the stored event log; a listen waiting across a restart sees an event that came meanwhile")
    func eventsAcrossRestarts() async throws {
        try await RuntimeHarness.withHarness { harness in
            let listener = """
                document: { dsl: '1.0.3', namespace: test, name: listener, version: '1.0.0' }
                do:
                  - waitForOrder:
                      listen:
                        to:
                          one:
                            with: { type: com.example.order.placed }
                  - done:
                      set: { orders: '${ . }' }
                """
            let id = try await harness.withNode { node in
                let key = try await node.applyDefinition(listener)
                let run = try await node.start(key)
                try await eventually("the run listens") { try await node.status(of: run.id) == .waiting }
                return run.id
            }
            // Published while no node drives the run, as through the API of a node starting up.
            let node = try harness.makeOrchestrator()
            let event: JSONValue = ["specversion": "1.0", "id": "o-1", "source": "https://shop.example", "type": "com.example.order.placed", "data": ["order": 7]]
            #expect(try await node.publish(event).inserted)
            #expect(try await node.publish(event).inserted == false, "the same source and id is a duplicate")

            try await harness.withNode { node in
                let finished = try await node.waitForFinish(of: id)
                #expect(finished.output == ["orders": [["order": 7]]])
            }
        }
    }

    @Test("a definition with schedule.on starts a run per event, its input the events")
    func eventSchedule() async throws {
        try await RuntimeHarness.withHarness { harness in
            let source = """
                document: { dsl: '1.0.3', namespace: test, name: on-alert, version: '1.0.0' }
                schedule:
                  on:
                    one:
                      with: { type: com.example.alert }
                do:
                  - handle:
                      set: { alert: '${ .[0].name }' }
                """
            try await harness.withNode { node in
                let key = try await node.applyDefinition(source)
                try await node.publish(["specversion": "1.0", "id": "a-1", "source": "monitor", "type": "com.example.alert", "data": ["name": "cpu"]])
                var started: [StoredRun] = []
                try await eventually("the event starts a run") {
                    started = try await node.store.runs(RunFilter(name: key.name)).runs
                    return started.first?.status == .completed
                }
                #expect(started.count == 1)
                #expect(started.first?.output == ["alert": "cpu"])
            }
        }
    }

    @Test("schedule.every starts runs on the clock; a newer version takes the schedule over")
    func timedSchedule() async throws {
        let clock = ManualClock()
        try await RuntimeHarness.withHarness(clock: clock) { harness in
            @Sendable func source(_ version: String) -> String {
                """
                document: { dsl: '1.0.3', namespace: test, name: ticker, version: '\(version)' }
                schedule: { every: PT1M }
                do:
                  - tick:
                      set: { version: '\(version)' }
                """
            }
            try await harness.withNode { node in
                let v1 = try await node.applyDefinition(source("1.0.0"))
                #expect(try await node.store.schedule(of: v1)?.nextFireAt == clock.now().addingTimeInterval(60))
                clock.advance(by: .seconds(61))
                try await eventually("the schedule fires") { try await node.store.runs(RunFilter(name: "ticker")).runs.count == 1 }

                let v2 = try await node.applyDefinition(source("2.0.0"))
                #expect(try await node.store.schedule(of: v1) == nil)
                #expect(try await node.store.schedule(of: v2) != nil)
                clock.advance(by: .seconds(61))
                try await eventually("the new version fires") { try await node.store.runs(RunFilter(name: "ticker")).runs.count == 2 }
                let newest = try #require(try await node.store.runs(RunFilter(name: "ticker")).runs.first)
                #expect(newest.definition == v2)
            }
            // The schedule is in the store: the next node keeps firing it, once for the two
            // times it missed while down.
            clock.advance(by: .seconds(120))
            try await harness.withNode { node in
                try await eventually("the schedule fires after a restart") { try await node.store.runs(RunFilter(name: "ticker")).runs.count == 3 }
                let schedule = try #require(try await node.store.schedule(of: WorkflowDefinitionKey(namespace: "test", name: "ticker", version: "2.0.0")))
                #expect(try #require(schedule.nextFireAt) > clock.now(), "missed times are not caught up one by one")
            }
        }
    }

    @Test("schedule.after starts a run at once, and the next one that long after each run ends")
    func afterSchedule() async throws {
        let clock = ManualClock()
        try await RuntimeHarness.withHarness(clock: clock) { harness in
            let source = """
                document: { dsl: '1.0.3', namespace: test, name: poller, version: '1.0.0' }
                schedule: { after: PT5M }
                do:
                  - poll:
                      set: { polled: true }
                """
            try await harness.withNode { node in
                _ = try await node.applyDefinition(source)
                try await eventually("the first run completes") {
                    try await node.store.runs(RunFilter(statuses: [.completed], name: "poller")).runs.count == 1
                }
                let key = WorkflowDefinitionKey(namespace: "test", name: "poller", version: "1.0.0")
                try await eventually("the next run is planned") { try await node.store.schedule(of: key)?.nextFireAt == clock.now().addingTimeInterval(300) }
                clock.advance(by: .seconds(299))
                #expect(try await node.store.runs(RunFilter(name: "poller")).runs.count == 1)
                clock.advance(by: .seconds(1))
                try await eventually("the second run completes") {
                    try await node.store.runs(RunFilter(statuses: [.completed], name: "poller")).runs.count == 2
                }
            }
        }
    }

    @Test("an invalid definition is refused with every problem and its position, and nothing is stored")
    func invalidDefinition() async throws {
        try await RuntimeHarness.withHarness { harness in
            let node = try harness.makeOrchestrator()
            let source = """
                document: { dsl: '1.0.3', namespace: test, name: broken, version: '1.0.0' }
                do:
                  - first:
                      set: { a: 1 }
                      then: nowhere
                  - second:
                      call: http
                      with: { method: 7, endpoint: http://localhost }
                """
            let error = await #expect(throws: OrchestratorError.self) { try await node.apply(source: source, file: "broken.yaml") }
            #expect(error?.kind == .invalidDefinition)
            #expect(error?.diagnostics.isEmpty == false)
            #expect(error?.diagnostics.allSatisfy { $0.description.hasPrefix("broken.yaml:") } == true)
            #expect(try await node.store.definitions().isEmpty)
        }
    }
}

@Suite("Parked runs")
struct ParkedRunTests {
    @Test("a run that waits long and does nothing else leaves memory, and its timer brings it back")
    func longWaitParks() async throws {
        let clock = ManualClock()
        try await RuntimeHarness.withHarness(clock: clock, parkAfter: .seconds(30)) { harness in
            let source = """
                document: { dsl: '1.0.3', namespace: test, name: sleeper, version: '1.0.0' }
                do:
                  - nap:
                      wait: PT1H
                  - wake:
                      set: { awake: true }
                """
            let id = try await harness.withNode { node in
                let run = try await node.start(try await node.applyDefinition(source))
                try await eventually("the run is parked") {
                    let status = try await node.status(of: run.id)
                    return node.liveRunCount == 0 && status == .waiting
                }
                let stored = try #require(try await node.store.run(run.id))
                #expect(stored.lease == nil)
                #expect(try await node.store.timers(of: run.id).map(\.fireAt) == [clock.now().addingTimeInterval(3600)])
                return run.id
            }
            try await harness.withNode { node in
                #expect(node.liveRunCount == 0, "a parked run is not loaded at start-up before its time")
                clock.advance(by: .seconds(3600))
                let finished = try await node.waitForFinish(of: id)
                #expect(finished.output == ["awake": true])
            }
        }
    }

    @Test("a run waiting in one branch while another works stays in memory")
    func busyRunStays() async throws {
        let clock = ManualClock()
        try await RuntimeHarness.withHarness(clock: clock, parkAfter: .seconds(30)) { harness in
            let source = """
                document: { dsl: '1.0.3', namespace: test, name: busy, version: '1.0.0' }
                do:
                  - both:
                      fork:
                        branches:
                          - long:
                              wait: PT1H
                          - short:
                              wait: PT10S
                """
            try await harness.withNode { node in
                let run = try await node.start(try await node.applyDefinition(source))
                try await clock.waitForSleepers(2)
                #expect(node.liveRunCount == 1)
                clock.advance(by: .seconds(10))
                // With the short branch done, the long wait is all the run does: it would park
                // on its next wait, but this one had begun; it finishes in memory.
                clock.advance(by: .seconds(3600))
                #expect(try await node.waitForFinish(of: run.id).status == .completed)
            }
        }
    }

    @Test("a run with a timeout is not parked: its timeout fires on time")
    func timeoutKeepsRunInMemory() async throws {
        let clock = ManualClock()
        try await RuntimeHarness.withHarness(clock: clock, parkAfter: .seconds(30)) { harness in
            let source = """
                document: { dsl: '1.0.3', namespace: test, name: bounded, version: '1.0.0' }
                do:
                  - nap:
                      timeout: { after: PT1M }
                      wait: PT1H
                """
            try await harness.withNode { node in
                let run = try await node.start(try await node.applyDefinition(source))
                try await clock.waitForSleepers(2)
                #expect(node.liveRunCount == 1)
                clock.advance(by: .seconds(60))
                let finished = try await node.waitForFinish(of: run.id)
                #expect(finished.status == .faulted)
                #expect(finished.error?.status == 408)
            }
        }
    }

    @Test("a task's place in the workflow ignores iterations and attempts")
    func taskOfPosition() {
        #expect(LiveRun.task(of: "/do/1/loop/for/do/0/step#3") == "/do/1/loop/for/do/0/step")
        #expect(LiveRun.task(of: "/do/0/call#a2>/do/1/inner#4.a1") == "/do/0/call>/do/1/inner")
    }
}
