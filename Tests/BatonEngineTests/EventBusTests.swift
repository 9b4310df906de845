import BatonEngine
import BatonWorkflow
import Testing

@Suite(.timeLimit(.minutes(1))) struct EventBusTests {
    let scope = EventFixtures.scope()

    /// Runs `consume` in a child task, waits until it has registered, runs `publish`, and returns
    /// what the consumer got.
    func listen(
        on bus: InMemoryEventBus, to yaml: String, listeners: Int = 1,
        then publish: @Sendable (InMemoryEventBus) async throws -> Void
    ) async throws -> [[JSONValue]] {
        let strategy = try EventFixtures.strategy(yaml)
        let scope = scope
        return try await withThrowingTaskGroup(of: [JSONValue].self) { group in
            for _ in 0..<listeners {
                group.addTask { try await bus.consume(strategy, scope: scope) }
            }
            #expect(await EventFixtures.eventually { bus.waitingConsumers == listeners })
            try await publish(bus)
            var results: [[JSONValue]] = []
            for try await result in group { results.append(result) }
            return results
        }
    }

    @Test func consumerWaitingBeforePublishGetsTheEvent() async throws {
        let bus = InMemoryEventBus()
        let placed = EventFixtures.event("order.placed", id: "1")
        let results = try await listen(on: bus, to: "one: { with: { type: order.placed } }") { bus in
            try await bus.publish(EventFixtures.event("order.cancelled"))
            try await bus.publish(placed)
        }
        #expect(results == [[placed]])
        #expect(bus.waitingConsumers == 0)
    }

    @Test func everyListenerSeesEveryEvent() async throws {
        let bus = InMemoryEventBus()
        let events = (1...3).map { EventFixtures.event("tick", id: "\($0)") }
        let results = try await listen(on: bus, to: "any: []\nuntil: (. | length) == 3", listeners: 50) { bus in
            for event in events { try await bus.publish(event) }
        }
        #expect(results.count == 50)
        #expect(results.allSatisfy { $0 == events })
        #expect(bus.waitingConsumers == 0)
    }

    @Test func allAndAnyUntilThroughTheBus() async throws {
        let bus = InMemoryEventBus()
        let a = EventFixtures.event("a"), b = EventFixtures.event("b"), stop = EventFixtures.event("stop")
        let all = try await listen(on: bus, to: "all:\n  - with: { type: a }\n  - with: { type: b }") { bus in
            try await bus.publish(b)
            try await bus.publish(a)
        }
        #expect(all == [[b, a]])
        let any = try await listen(on: bus, to: "any: []\nuntil: { one: { with: { type: stop } } }") { bus in
            for event in [a, b, stop, a] { try await bus.publish(event) }
        }
        #expect(any == [[a, b]])
    }

    @Test func eventsPublishedBeforeListeningAreNotConsumed() async throws {
        let bus = InMemoryEventBus()
        let early = EventFixtures.event("order.placed", id: "early")
        let late = EventFixtures.event("order.placed", id: "late")
        try await bus.publish(early)
        let results = try await listen(on: bus, to: "one: { with: { type: order.placed } }") { bus in
            try await bus.publish(late)
        }
        #expect(results == [[late]])
        #expect(bus.recentEvents == [early, late])
    }

    @Test func listeningAfterAPositionReplaysTheEventsSinceIt() async throws {
        let bus = InMemoryEventBus()
        try await bus.publish(EventFixtures.event("order.placed", id: "before"))
        let position = bus.position
        // A fork's emitting branch wins the race against the listening branch.
        let emitted = EventFixtures.event("order.placed", id: "in-fork")
        try await bus.publish(emitted)
        let strategy = try EventFixtures.strategy("one: { with: { type: order.placed } }")
        #expect(try await bus.consume(strategy, scope: scope, after: position) == [emitted])
        #expect(bus.waitingConsumers == 0)
    }

    @Test func historyIsBounded() async throws {
        let bus = InMemoryEventBus(retention: 2)
        let position = bus.position
        let events = (1...3).map { EventFixtures.event("tick", id: "\($0)") }
        for event in events { try await bus.publish(event) }
        #expect(bus.recentEvents == Array(events.suffix(2)))
        let strategy = try EventFixtures.strategy("any: []")
        // The first event fell out of the history: replay starts at the oldest retained one.
        #expect(try await bus.consume(strategy, scope: scope, after: position) == [events[1]])
        #expect(bus.position.published == 3)
        #expect(position < bus.position)
    }

    @Test func invalidEventsAreRejected() async throws {
        let bus = InMemoryEventBus()
        await #expect(throws: WorkflowFault.self) { try await bus.publish(["type": "t"]) }
        #expect(bus.recentEvents.isEmpty)
    }

    @Test func cancellingAWaitingConsumerEndsItAndUnregistersIt() async throws {
        let bus = InMemoryEventBus()
        let strategy = try EventFixtures.strategy("one: { with: { type: never } }")
        let scope = scope
        let outcome = await withTaskGroup(of: Result<[JSONValue], WorkflowFault>.self) { group in
            group.addTask {
                do throws(WorkflowFault) {
                    return .success(try await bus.consume(strategy, scope: scope))
                } catch {
                    return .failure(error)
                }
            }
            #expect(await EventFixtures.eventually { bus.waitingConsumers == 1 })
            group.cancelAll()
            return await group.next()
        }
        guard case .failure(let fault) = outcome else {
            Issue.record("the cancelled consumer returned \(String(describing: outcome))")
            return
        }
        #expect(fault.detail == InMemoryEventBus.cancellationFault.detail)
        #expect(fault.instance == "/do/0/listen")
        #expect(bus.waitingConsumers == 0)
        // Publishing afterwards finds nobody to wake.
        try await bus.publish(EventFixtures.event("never"))
    }

    @Test func consumeInAnAlreadyCancelledTaskThrowsAtOnce() async throws {
        let bus = InMemoryEventBus()
        let strategy = try EventFixtures.strategy("any: []")
        let scope = scope
        let outcome = await withTaskGroup(of: WorkflowFault?.self) { group in
            group.cancelAll()
            group.addTask {
                do throws(WorkflowFault) {
                    _ = try await bus.consume(strategy, scope: scope)
                    return nil
                } catch {
                    return error
                }
            }
            return await group.next() ?? nil
        }
        #expect(outcome?.detail == InMemoryEventBus.cancellationFault.detail)
        #expect(bus.waitingConsumers == 0)
    }
}
