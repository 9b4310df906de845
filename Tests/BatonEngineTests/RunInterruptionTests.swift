import BatonEngine
import BatonTesting
import BatonWorkflow
import Synchronization
import Testing

/// Refuses the event after the first `accepted` ones, as a durable observer whose commit fails
/// (or whose run is suspended) does; notes the waits it is told about.
final class RefusingObserver: RunObserver {
    struct Refused: Error, CustomStringConvertible {
        var description: String { "the store is full" }
    }

    private let state = Mutex<(accepted: [RunEvent], waits: [String])>(([], []))
    let limit: Int

    init(accepting limit: Int) {
        self.limit = limit
    }

    func record(_ event: RunEvent) async throws {
        try state.withLock { state in
            guard state.accepted.count < limit else { throw Refused() }
            state.accepted.append(event)
        }
    }

    func waitBegins(_ wait: RunWait) async throws {
        state.withLock { $0.waits.append("begins \(wait.reason.rawValue) \(wait.position)") }
    }

    func waitEnds(_ wait: RunWait) async {
        state.withLock { $0.waits.append("ends \(wait.reason.rawValue) \(wait.position)") }
    }

    var accepted: [RunEvent] { state.withLock { $0.accepted } }
    var waits: [String] { state.withLock { $0.waits } }
}

@Suite("Run interruption")
struct RunInterruptionTests {
    static let body = """
        do:
          - first:
              set: { step: 1 }
          - second:
              set: { step: 2 }
          - third:
              set: { step: 3 }
        """

    @Test("a refused event stops the run as interrupted: nothing after it is recorded or done, and the record resumes it")
    func refusedEventInterrupts() async throws {
        let harness = Harness()
        let workflow = try Harness.workflow(Self.body)
        // runStarted, first started, first completed, second started — then second's completion is refused.
        let observer = RefusingObserver(accepting: 4)
        let outcome = await harness.executor.run(workflow, input: [:], runID: "r", observer: observer)
        #expect(outcome == .interrupted("the store is full"))
        #expect(observer.accepted.map(\.kind) == [.runStarted, .taskStarted, .taskCompleted, .taskStarted])

        let resumed = EventLog()
        let finished = await harness.executor.run(workflow, input: [:], runID: "r", observer: resumed, history: observer.accepted)
        #expect(finished.output == ["step": 3])
        #expect(resumed.tasks(.taskStarted) == ["second", "third"], "the completed task is not run again; the interrupted one is")
    }

    @Test("a refused runStarted interrupts before anything runs")
    func refusedStart() async throws {
        let observer = RefusingObserver(accepting: 0)
        let outcome = await Harness().executor.run(try Harness.workflow(Self.body), input: [:], runID: "r", observer: observer)
        #expect(outcome == .interrupted("the store is full"))
        #expect(observer.accepted.isEmpty)
    }

    @Test("waits and retry back-off are announced to the observer with their positions")
    func waitsAreAnnounced() async throws {
        let harness = Harness()
        let body = """
            do:
              - pause:
                  wait: PT1S
              - attempt:
                  try:
                    - fail:
                        raise:
                          error: { type: https://example.com/flaky, status: 503 }
                  catch:
                    retry:
                      delay: PT2S
                      limit: { attempt: { count: 2 } }
                    do:
                      - recover:
                          set: { recovered: true }
            """
        let observer = RefusingObserver(accepting: 1000)
        async let outcome = harness.executor.run(try Harness.workflow(body), input: [:], runID: "r", observer: observer)
        try await harness.clock.waitForSleepers()
        harness.clock.advance(by: .seconds(1))
        try await harness.clock.waitForSleepers()
        harness.clock.advance(by: .seconds(2))
        #expect(try await outcome.output == ["recovered": true])
        #expect(observer.waits == [
            "begins timer /do/0/pause", "ends timer /do/0/pause",
            "begins retryDelay /do/1/attempt", "ends retryDelay /do/1/attempt",
        ])
    }

    @Test("a listen records where in the event stream it reads from, and a resumed listen reads from there")
    func listenResumesFromItsPosition() async throws {
        let harness = Harness()
        let body = """
            do:
              - waitForIt:
                  listen:
                    to:
                      one:
                        with: { type: com.example.ready }
            """
        let workflow = try Harness.workflow(body)
        try await harness.events.publish(["specversion": "1.0", "id": "0", "source": "test", "type": "com.example.other"])
        // The first attempt starts listening after one event, and is interrupted while it waits.
        let first = EventLog()
        let attempt = Task { await harness.executor.run(workflow, input: [:], runID: "r", observer: first) }
        try await eventually("the run listens") { harness.events.waitingConsumers == 1 }
        attempt.cancel()
        _ = await attempt.value
        let started = try #require(first.all.first { $0.kind == .taskStarted })
        #expect(started.eventsAfter == 1)

        // The event arrives while nothing listens; the resumed run still sees it.
        try await harness.events.publish(["specversion": "1.0", "id": "1", "source": "test", "type": "com.example.ready", "data": ["ok": true]])
        let history = first.all.filter { $0.kind != .taskCancelled && $0.kind != .runCancelled }
        let resumed = await harness.executor.run(workflow, input: [:], runID: "r", observer: EventLog(), history: history)
        #expect(resumed.output == [["ok": true]])
    }

    @Test("a fork's listen branch that had not started before the interruption sees what came since the fork began",
        .timeLimit(.minutes(1)))
    func forkBranchListensFromTheForkStart() async throws {
        let harness = Harness()
        let body = """
            do:
              - both:
                  fork:
                    branches:
                      - hear:
                          listen:
                            to:
                              one:
                                with: { type: com.example.ready }
                      - quick:
                          set: { quick: true }
            """
        let workflow = try Harness.workflow(body)
        // runStarted and the fork's taskStarted are recorded; the branches' starts are refused.
        let observer = RefusingObserver(accepting: 2)
        #expect(await harness.executor.run(workflow, input: [:], runID: "r", observer: observer) == .interrupted("the store is full"))
        #expect(observer.accepted.last?.name == "both")
        #expect(observer.accepted.last?.eventsAfter == 0)

        // The event comes while the run is down, before its branch listens.
        try await harness.events.publish(["specversion": "1.0", "id": "1", "source": "test", "type": "com.example.ready", "data": ["ok": true]])
        let resumed = await harness.executor.run(workflow, input: [:], runID: "r", observer: EventLog(), history: observer.accepted)
        #expect(resumed.output?.arrayValue?.first == [["ok": true]])
    }
}
