import BatonEngine
import BatonTesting
import BatonWorkflow
import Testing

/// The executor's data flow, flow directives and task kinds, as dsl.md and dsl-reference.md describe them.
@Suite(.timeLimit(.minutes(1))) struct WorkflowExecutorTests {
    let harness = Harness()

    @Test func dataFlowThroughInputOutputAndExport() async throws {
        let log = EventLog()
        let outcome = try await harness.run("""
            input:
              from: '${ {user: .user} }'
            do:
              - greet:
                  input:
                    from: .user
                  set:
                    greeting: '${ "Hello, " + .name }'
                    raw: ${ $input.name }
                  output:
                    as: '${ . + {from: $task.name} }'
                  export:
                    as: '${ $context + {greeted: .greeting} }'
              - remember:
                  set:
                    last: ${ $context.greeted }
                    previous: ${ .from }
            output:
              as: '${ {result: .last, previous: .previous, context: $context} }'
            """, input: ["user": ["name": "Ada"], "ignored": true], log: log)
        // The transformed workflow input is the initial context (dsl.md §Data Flow).
        #expect(outcome.output == [
            "result": "Hello, Ada", "previous": "greet", "context": ["user": ["name": "Ada"], "greeted": "Hello, Ada"],
        ])
        #expect(log.tasks(.taskCompleted) == ["greet", "remember"])
        #expect(log.all.first?.kind == .runStarted)
        #expect(log.all.last?.kind == .runCompleted)
    }

    @Test func schemasValidateWithAValidationError() async throws {
        let outcome = try await harness.run("""
            do:
              - step:
                  input:
                    schema:
                      document:
                        type: object
                        required: [ id ]
                  set:
                    ok: true
            """, input: ["name": "x"])
        let fault = try #require(outcome.fault)
        #expect(fault.type == WorkflowError.StandardType.validation.rawValue)
        #expect(fault.status == 400)
        #expect(fault.instance == "/do/0/step")
        #expect(fault.detail?.contains("missing required key `id`") == true)
    }

    @Test func workflowInputSchemaIsCheckedBeforeAnyTask() async throws {
        let log = EventLog()
        let outcome = try await harness.run("""
            input:
              schema:
                document: { type: object, properties: { count: { type: integer } } }
            do:
              - never:
                  set: { a: 1 }
            """, input: ["count": "three"], log: log)
        #expect(outcome.fault?.status == 400)
        #expect(outcome.fault?.instance == "/input")
        #expect(log.tasks(.taskStarted).isEmpty)
    }

    @Test func thenDirectivesJumpExitAndEnd() async throws {
        let log = EventLog()
        let outcome = try await harness.run("""
            do:
              - first:
                  set: { path: [ first ] }
                  then: third
              - second:
                  set: { path: [ second ] }
              - third:
                  do:
                    - inner:
                        set: '${ {path: (.path + ["inner"])} }'
                        then: exit
                    - skipped:
                        set: { path: [ skipped ] }
              - fourth:
                  set: '${ {path: (.path + ["fourth"])} }'
                  then: end
              - fifth:
                  set: { path: [ fifth ] }
            """, log: log)
        #expect(outcome.output == ["path": ["first", "inner", "fourth"]])
        #expect(log.tasks(.taskStarted) == ["first", "third", "inner", "fourth"])
    }

    @Test func endInsideANestedListEndsTheWorkflow() async throws {
        let outcome = try await harness.run("""
            do:
              - outer:
                  do:
                    - stop:
                        set: { stopped: true }
                        then: end
              - after:
                  set: { reached: true }
            """)
        #expect(outcome.output == ["stopped": true])
    }

    @Test func switchTakesTheFirstMatchingCaseThenTheDefault() async throws {
        let body = """
            do:
              - route:
                  switch:
                    - small:
                        when: .size < 10
                        then: handleSmall
                    - otherwise:
                        then: handleLarge
              - handleSmall:
                  set: { handled: small }
                  then: end
              - handleLarge:
                  set: { handled: large }
            """
        #expect(try await harness.run(body, input: ["size": 3]).output == ["handled": "small"])
        #expect(try await harness.run(body, input: ["size": 30]).output == ["handled": "large"])
    }

    @Test func switchWithoutMatchGoesOn() async throws {
        let outcome = try await harness.run("""
            do:
              - route:
                  switch:
                    - red:
                        when: '.color == "red"'
                        then: end
              - next:
                  set: { went: on }
            """, input: ["color": "blue"])
        #expect(outcome.output == ["went": "on"])
    }

    @Test func ifFalseSkipsTheTask() async throws {
        let log = EventLog()
        let outcome = try await harness.run("""
            do:
              - maybe:
                  if: .enabled
                  set: { changed: true }
            """, input: ["enabled": false], log: log)
        #expect(outcome.output == ["enabled": false])
        #expect(log.tasks(.taskSkipped) == ["maybe"])
    }

    @Test func forLoopsAccumulateWithItemAndIndex() async throws {
        let outcome = try await harness.run("""
            do:
              - loop:
                  for:
                    each: color
                    in: .colors
                    at: position
                  while: ${ $position < 2 }
                  do:
                    - collect:
                        set: '${ {seen: ((.seen // []) + [$color + ($position | tostring)]), colors: .colors} }'
            """, input: ["colors": ["red", "green", "blue"]])
        #expect(outcome.output?["seen"] == ["red0", "green1"])
    }

    @Test func forkRunsBranchesAndCollectsTheirOutputs() async throws {
        let log = EventLog()
        let outcome = try await harness.run("""
            do:
              - both:
                  fork:
                    branches:
                      - one:
                          set: { branch: 1 }
                      - two:
                          set: { branch: 2 }
            """, log: log)
        #expect(outcome.output == [["branch": 1], ["branch": 2]])
        #expect(Set(log.tasks(.taskCompleted)) == ["one", "two", "both"])
    }

    @Test func competingForkTakesTheFirstAndCancelsTheRest() async throws {
        let log = EventLog()
        let outcome = try await harness.run("""
            do:
              - race:
                  fork:
                    compete: true
                    branches:
                      - slow:
                          wait: PT1H
                      - fast:
                          set: { winner: fast }
            """, log: log)
        #expect(outcome.output == ["winner": "fast"])
        #expect(log.tasks(.taskCancelled) == ["slow"])
    }

    @Test func raiseInlineAndReusableWithTheTaskAsInstance() async throws {
        let inline = try await harness.run("""
            do:
              - fail:
                  raise:
                    error:
                      type: https://example.com/errors/bad
                      status: 422
                      title: Bad
                      detail: '${ "no " + .what }'
            """, input: ["what": "luck"])
        #expect(inline.fault == WorkflowFault(type: "https://example.com/errors/bad", status: 422, title: "Bad", detail: "no luck", instance: "/do/0/fail"))
        let reusable = try await harness.run("""
            do:
              - fail:
                  raise:
                    error: notFound
            """, use: """
            use:
              errors:
                notFound: { type: https://example.com/errors/not-found, status: 404 }
            """)
        #expect(reusable.fault?.status == 404)
    }

    @Test func tryCatchesMatchingErrorsAndRunsTheHandler() async throws {
        let outcome = try await harness.run("""
            do:
              - guarded:
                  try:
                    - fail:
                        raise:
                          error: { type: https://open-workflow-specification.org/spec/1.0.0/errors/communication, status: 503 }
                  catch:
                    errors:
                      with:
                        type: https://open-workflow-specification.org/dsl/errors/types/communication
                        status: 503
                    as: failure
                    do:
                      - recover:
                          set: { recovered: '${ $failure.status }' }
            """)
        #expect(outcome.output == ["recovered": 503])
    }

    @Test func errorsTheCatchDoesNotMatchPropagate() async throws {
        let outcome = try await harness.run("""
            do:
              - guarded:
                  try:
                    - fail:
                        raise:
                          error: { type: https://example.com/a, status: 400 }
                  catch:
                    errors:
                      with: { status: 500 }
            """)
        #expect(outcome.fault?.status == 400)
        #expect(outcome.fault?.instance == "/do/0/guarded/try/0/fail")
    }

    @Test func retriesWithBackoffOnTheInjectedClock() async throws {
        let log = EventLog()
        let workflow = try Harness.workflow("""
            do:
              - guarded:
                  try:
                    - count:
                        set: { counted: true }
                        export:
                          as: '${ {attempts: (($context.attempts // 0) + 1)} }'
                    - check:
                        switch:
                          - ready:
                              when: ${ $context.attempts >= 3 }
                              then: exit
                          - otherwise:
                              then: fail
                    - fail:
                        raise:
                          error: { type: https://example.com/flaky, status: 503 }
                  catch:
                    retry:
                      delay: PT10S
                      backoff: { exponential: {} }
                      limit: { attempt: { count: 5 } }
            """)
        async let outcome = harness.executor.run(workflow, input: [:], observer: log)
        try await harness.clock.waitForSleepers()
        harness.clock.advance(by: .seconds(10))
        try await harness.clock.waitForSleepers()
        harness.clock.advance(by: .seconds(19))
        #expect(harness.clock.sleeperCount == 1, "the second delay is 20 s, exponential")
        harness.clock.advance(by: .seconds(1))
        #expect(await outcome.output == ["counted": true])
        #expect(log.all.filter { $0.kind == .taskRetrying }.map(\.attempt) == [2, 3])
    }

    @Test func retriesThatRunOutRaiseTheLastError() async throws {
        let workflow = try Harness.workflow("""
            do:
              - guarded:
                  try:
                    - fail:
                        raise:
                          error: { type: https://example.com/down, status: 503 }
                  catch:
                    retry:
                      delay: { seconds: 1 }
                      limit: { attempt: { count: 2 } }
            """)
        async let outcome = harness.executor.run(workflow, input: [:])
        try await harness.clock.waitForSleepers()
        harness.clock.advance(by: .seconds(1))
        #expect(await outcome.fault?.status == 503)
    }

    @Test func waitUsesTheClock() async throws {
        let workflow = try Harness.workflow("""
            do:
              - pause:
                  wait: PT5M
              - done:
                  set: { done: true }
            """)
        async let outcome = harness.executor.run(workflow, input: [:])
        try await harness.clock.waitForSleepers()
        harness.clock.advance(by: .seconds(299))
        #expect(harness.clock.sleeperCount == 1)
        harness.clock.advance(by: .seconds(1))
        #expect(await outcome.output == ["done": true])
    }

    @Test func timeoutsFaultWith408() async throws {
        let workflow = try Harness.workflow("""
            do:
              - slow:
                  timeout:
                    after: PT30S
                  wait: PT1H
            """)
        async let outcome = harness.executor.run(workflow, input: [:])
        try await harness.clock.waitForSleepers(2)
        harness.clock.advance(by: .seconds(30))
        let fault = try #require(await outcome.fault)
        #expect(fault.status == 408)
        #expect(fault.type == WorkflowError.StandardType.timeout.rawValue)
        #expect(fault.instance == "/do/0/slow")
    }

    @Test func failingExpressionsAreExpressionErrorsNamingTheTask() async throws {
        let outcome = try await harness.run("""
            do:
              - compute:
                  set:
                    total: ${ .price - "two" }
            """, input: ["price": 3])
        let fault = try #require(outcome.fault)
        #expect(fault.status == 400)
        #expect(fault.type == WorkflowError.StandardType.expression.rawValue)
        #expect(fault.instance == "/do/0/compute")
        #expect(fault.detail?.contains("cannot be subtracted") == true)
    }

    @Test func replayDoesNotRunCompletedTasksAgain() async throws {
        let first = EventLog()
        let body = """
            do:
              - one:
                  set: { step: 1 }
                  export:
                    as: '${ {one: .step} }'
              - two:
                  set: '${ {step: 2, fromContext: $context.one} }'
            """
        let complete = try await harness.run(body, log: first)
        // An interrupted attempt that had only completed `one`.
        let interrupted = first.all.prefix { !($0.kind == .taskStarted && $0.name == "two") }
        let second = EventLog()
        let resumed = try await harness.run(body, log: second, history: Array(interrupted))
        #expect(resumed == complete)
        #expect(second.tasks(.taskStarted) == ["two"])
        #expect(resumed.output == ["step": 2, "fromContext": 1])
    }

    @Test func functionsFromUseAndTheDefaultCatalog() async throws {
        struct Double: NativeFunction {
            func invoke(arguments: JSONValue, context: TaskContext) async throws(WorkflowFault) -> JSONValue {
                guard let value = arguments["value"]?.intValue else { throw .validation("value must be an integer") }
                return .integer(value * 2)
            }
        }
        harness.functions.register(Double(), name: "double", version: "1.0.0")
        let outcome = try await harness.run("""
            do:
              - greet:
                  call: greeting
                  with:
                    name: ${ .name }
              - twice:
                  call: double:1.0.0@default
                  with:
                    value: 21
                  output:
                    as: '${ {doubled: ., greeting: $input} }'
            """, use: """
            use:
              functions:
                greeting:
                  set:
                    message: '${ "hi " + .name }'
            """, input: ["name": "Bo"])
        #expect(outcome.output?["doubled"] == 42)
        let missing = try await harness.run("""
            do:
              - nope:
                  call: triple:1.0.0@default
            """)
        #expect(missing.fault?.detail?.contains("the default catalog has no function triple:1.0.0") == true)
    }

    @Test func subWorkflowsRunByNamespaceNameAndVersion() async throws {
        harness.workflows.add(try Harness.workflow("""
            do:
              - add:
                  set: { sum: '${ .a + .b }' }
            """, name: "adder"))
        let log = EventLog()
        let outcome = try await harness.run("""
            do:
              - child:
                  run:
                    workflow:
                      namespace: test
                      name: adder
                      version: '1.0.0'
                      input: { a: 2, b: '${ .b }' }
            """, input: ["b": 40], log: log)
        #expect(outcome.output == ["sum": 42])
        #expect(log.all.filter { $0.kind == .taskCompleted }.compactMap(\.position) == ["/do/0/child>/do/0/add", "/do/0/child"])
        let unknown = try await harness.run("""
            do:
              - child:
                  run:
                    workflow: { namespace: test, name: missing, version: '1.0.0' }
            """)
        #expect(unknown.fault?.detail?.contains("no workflow test/missing@1.0.0 is known") == true)
    }

    @Test func secretsAreAvailableAndNeverShownInErrors() async throws {
        var harness = Harness()
        harness.secrets = SecretStore.fromEnvironment(["BATON_SECRET_apiToken": "s3cr3t-token-value", "OTHER": "x"])
        let log = EventLog()
        let outcome = try await harness.run("""
            do:
              - leak:
                  input:
                    from: '${ {token: $secrets.apiToken} }'
                  raise:
                    error:
                      type: https://example.com/leak
                      status: 500
                      detail: '${ "token is " + .token }'
            """, use: "use:\n  secrets: [ apiToken ]", log: log)
        #expect(outcome.fault?.detail == "token is [secret:apiToken]")
        #expect(log.all.allSatisfy { !($0.error?.detail ?? "").contains("s3cr3t") })
        let missing = try await Harness().run("do:\n  - a:\n      set: { a: 1 }", use: "use:\n  secrets: [ dbPassword ]")
        #expect(missing.fault?.detail?.contains("BATON_SECRET_dbPassword") == true)
    }

    @Test func cancellingTheRunCancelsIt() async throws {
        let workflow = try Harness.workflow("""
            do:
              - pause:
                  wait: PT1H
            """)
        let executor = harness.executor
        let log = EventLog()
        let outcome = await withTaskGroup(of: RunOutcome.self) { group in
            group.addTask { await executor.run(workflow, input: [:], observer: log) }
            try? await harness.clock.waitForSleepers()
            group.cancelAll()
            return await group.next()!
        }
        #expect(outcome == .cancelled)
        #expect(log.tasks(.taskCancelled) == ["pause"])
        #expect(log.all.last?.kind == .runCancelled)
    }
}

extension WorkflowExecutorTests {
    @Test func emitPublishesACompleteCloudEvent() async throws {
        let outcome = try await harness.run("""
            do:
              - announce:
                  emit:
                    event:
                      with:
                        type: com.example.order.placed
                        data: { order: '${ .id }' }
            """, input: ["id": 7])
        let event = try #require(harness.events.recentEvents.last)
        // The task's output is the event it emitted.
        #expect(outcome.output == event)
        #expect(event["type"] == "com.example.order.placed")
        #expect(event["source"] == "/test/test/1.0.0")
        #expect(event["specversion"] == "1.0")
        #expect(event["data"] == ["order": 7])
        #expect(event["id"]?.stringValue?.isEmpty == false)
    }

    @Test func listenWaitsForMatchingEventsAndReadsTheirData() async throws {
        let workflow = try Harness.workflow("""
            do:
              - await:
                  listen:
                    to:
                      all:
                        - with: { type: com.example.paid }
                        - with: { type: com.example.shipped }
            """)
        async let outcome = harness.executor.run(workflow, input: [:])
        for _ in 0..<100_000 where harness.events.waitingConsumers == 0 { await Task.yield() }
        try await harness.events.publish(["id": "1", "source": "/shop", "type": "com.example.shipped", "specversion": "1.0", "data": ["step": "shipped"]])
        try await harness.events.publish(["id": "2", "source": "/shop", "type": "com.example.ignored", "specversion": "1.0"])
        try await harness.events.publish(["id": "3", "source": "/shop", "type": "com.example.paid", "specversion": "1.0", "data": ["step": "paid"]])
        #expect(await outcome.output == [["step": "shipped"], ["step": "paid"]])
    }
}

extension WorkflowExecutorTests {
    /// A branch that emits may run before the branch that listens has registered: the listener
    /// still sees the event, because a fork's listeners consume from when the fork started.
    @Test func forkBranchesCanListenForWhatOtherBranchesEmit() async throws {
        let outcome = try await harness.run("""
            do:
              - handshake:
                  fork:
                    branches:
                      - announce:
                          emit:
                            event:
                              with: { source: /test, type: com.example.ready, data: { ready: true } }
                      - await:
                          listen:
                            to:
                              one:
                                with: { type: com.example.ready }
              - result:
                  set: '${ .[1] }'
            """)
        #expect(outcome.output == [["ready": true]])
    }
}

extension WorkflowExecutorTests {
    /// A run resumed while a `wait` was under way waits only for what is left of it, and does
    /// not record its start a second time.
    @Test func resumedWaitsCountFromWhenTheyFirstStarted() async throws {
        let workflow = try Harness.workflow("""
            do:
              - pause:
                  wait: PT5M
              - done:
                  set: { done: true }
            """)
        let first = EventLog()
        let interrupted = await withTaskGroup(of: RunOutcome.self) { group in
            group.addTask { await harness.executor.run(workflow, input: [:], runID: "r", observer: first) }
            try? await harness.clock.waitForSleepers()
            harness.clock.advance(by: .seconds(240))
            group.cancelAll()
            return await group.next()!
        }
        #expect(interrupted == .cancelled)
        // The interrupted attempt as a journal holds it: everything before the cancellation.
        let journal = first.all.filter { $0.kind != .taskCancelled && $0.kind != .runCancelled }
        let second = EventLog()
        async let resumed = harness.executor.run(workflow, input: [:], runID: "r", observer: second, history: journal)
        try await harness.clock.waitForSleepers()
        harness.clock.advance(by: .seconds(59))
        #expect(harness.clock.sleeperCount == 1)
        harness.clock.advance(by: .seconds(1))
        #expect(await resumed.output == ["done": true])
        #expect(!second.all.contains { $0.kind == .runStarted })
    }
}


/// Replay, cancellation and the other behaviours a review of the executor asked for.
@Suite(.timeLimit(.minutes(1))) struct WorkflowExecutorReplayTests {
    let harness = Harness()

    /// The events of an attempt interrupted when `stop` says, without the cancellation events.
    func interruptedHistory(_ log: EventLog, before stop: (RunEvent) -> Bool) -> [RunEvent] {
        Array(log.all.prefix { !stop($0) })
    }

    @Test func replayFollowsJumpsBackWithoutLooping() async throws {
        let body = """
            do:
              - inc:
                  set: '${ {n: ((.n // 0) + 1)} }'
              - check:
                  switch:
                    - again:
                        when: .n < 3
                        then: inc
                    - done:
                        then: continue
              - finish:
                  set: '${ {final: .n} }'
            """
        let first = EventLog()
        let complete = try await harness.run(body, log: first)
        #expect(complete.output == ["final": 3])
        let starts = first.all.filter { $0.kind == .taskStarted && $0.name == "inc" }.compactMap(\.position)
        #expect(starts == ["/do/0/inc", "/do/0/inc#v2", "/do/0/inc#v3"])
        // Interrupted when the third `inc` started: resuming runs it and what follows, once.
        var seen = 0
        let history = interruptedHistory(first) { event in
            if event.kind == .taskStarted && event.name == "inc" { seen += 1 }
            return seen == 3
        }
        let second = EventLog()
        let resumed = try await harness.run(body, log: second, history: history)
        #expect(resumed.output == ["final": 3])
        #expect(second.tasks(.taskStarted) == ["inc", "check", "finish"])
    }

    @Test func replayRestoresTheContextExportedInsideACompositeTask() async throws {
        let body = """
            do:
              - outer:
                  do:
                    - inner:
                        set: { x: 1 }
                        export:
                          as: '${ {x: .x} }'
              - next:
                  set: '${ {fromContext: $context.x} }'
            """
        let first = EventLog()
        _ = try await harness.run(body, log: first)
        let history = interruptedHistory(first) { $0.kind == .taskStarted && $0.name == "next" }
        let resumed = try await harness.run(body, history: history)
        #expect(resumed.output == ["fromContext": 1])
    }

    @Test func cancellationIsNotCaughtByTry() async throws {
        let workflow = try Harness.workflow("""
            do:
              - guarded:
                  try:
                    - pause:
                        wait: PT1H
                  catch: {}
            """)
        let executor = harness.executor
        let log = EventLog()
        let outcome = await withTaskGroup(of: RunOutcome.self) { group in
            group.addTask { await executor.run(workflow, input: [:], observer: log) }
            try? await harness.clock.waitForSleepers()
            group.cancelAll()
            return await group.next()!
        }
        #expect(outcome == .cancelled)
        #expect(log.tasks(.taskCompleted).isEmpty)
        #expect(log.tasks(.taskCancelled) == ["pause", "guarded"])
    }

    @Test func eachIterationHasItsOwnIdempotencyKey() async throws {
        struct Keys: NativeFunction {
            func invoke(arguments: JSONValue, context: TaskContext) async throws(WorkflowFault) -> JSONValue {
                .string(context.idempotencyKey)
            }
        }
        harness.functions.register(Keys(), name: "key", version: "1.0.0")
        let outcome = try await harness.run("""
            do:
              - loop:
                  for:
                    in: '${ [1, 2, 3] }'
                  do:
                    - key:
                        call: key:1.0.0@default
                        output:
                          as: '${ $input + [.] }'
            """, input: [])
        #expect(outcome.output == ["run-1:/do/0/loop/do/0/key#0", "run-1:/do/0/loop/do/0/key#1", "run-1:/do/0/loop/do/0/key#2"])
    }

    @Test func aCompetingForkWhoseBranchesAllFaultRaisesTheFirstFault() async throws {
        let outcome = try await harness.run("""
            do:
              - race:
                  fork:
                    compete: true
                    branches:
                      - one:
                          raise:
                            error: { type: https://example.com/one, status: 418 }
                      - two:
                          raise:
                            error: { type: https://example.com/one, status: 418 }
            """)
        #expect(outcome.fault?.status == 418)
        #expect(outcome.fault?.type == "https://example.com/one")
    }

    @Test func listenForeachGivesTheTransformedEventsInOrder() async throws {
        let workflow = try Harness.workflow("""
            do:
              - collect:
                  listen:
                    to:
                      any:
                        - with: { type: com.example.reading }
                      until: '${ length >= 2 }'
                  foreach:
                    item: reading
                    output:
                      as: '${ {wrapped: .} }'
                    export:
                      as: '${ {count: (($context.count // 0) + 1)} }'
              - count:
                  set: '${ {results: ., count: $context.count} }'
            """)
        async let outcome = harness.executor.run(workflow, input: [:])
        for _ in 0..<100_000 where harness.events.waitingConsumers == 0 { await Task.yield() }
        for n in 1...2 {
            try await harness.events.publish(["id": .string("\(n)"), "source": "/s", "type": "com.example.reading", "specversion": "1.0", "data": ["n": .integer(n)]])
        }
        #expect(await outcome.output == ["results": [["wrapped": ["n": 1]], ["wrapped": ["n": 2]]], "count": 2])
    }

    @Test func otherExpressionLanguagesAreRefused() async throws {
        let outcome = try await harness.run("do:\n  - a:\n      set: { a: 1 }\n", use: "evaluate:\n  language: javascript")
        #expect(outcome.fault?.type == WorkflowError.StandardType.configuration.rawValue)
        #expect(outcome.fault?.detail?.contains("javascript") == true)
    }

    @Test func shortenedSecretsInJqMessagesAreRedacted() async throws {
        var harness = Harness()
        harness.secrets = SecretStore(values: ["apiKey": "sk_live_ABCDEFGHIJKLMNOP"])
        let outcome = try await harness.run("""
            do:
              - leak:
                  input:
                    from: '${ {k: $secrets.apiKey} }'
                  set:
                    x: ${ .k + 1 }
            """, use: "use:\n  secrets: [ apiKey ]")
        let detail = try #require(outcome.fault?.detail)
        #expect(!detail.contains("sk_live"))
        #expect(detail.contains("[secret:apiKey]"))
    }
}

extension WorkflowExecutorReplayTests {
    /// Resuming a competing fork whose branches had completed takes the first completion the
    /// journal holds, without running any branch again.
    @Test func aResumedCompetingForkKeepsItsWinner() async throws {
        let body = """
            do:
              - race:
                  fork:
                    compete: true
                    branches:
                      - left:
                          set: { winner: left }
                      - right:
                          set: { winner: right }
              - after:
                  set: '${ . + {after: true} }'
            """
        let first = EventLog()
        _ = try await harness.run(body, log: first)
        let history = interruptedHistory(first) { $0.kind == .taskCompleted && $0.name == "race" }
        let recordedWinner = try #require(history.first { $0.kind == .taskCompleted && ["left", "right"].contains($0.name ?? "") }?.name)
        let second = EventLog()
        let resumed = try await harness.run(body, log: second, history: history)
        #expect(resumed.output == ["winner": .string(recordedWinner), "after": true])
        #expect(second.tasks(.taskStarted) == ["race", "after"])
    }
}
