import BatonEngine
import BatonWorkflow
import Testing

@Suite struct EventConsumptionTests {
    func consumption(_ yaml: String) throws -> EventConsumption {
        try EventConsumption(try EventFixtures.strategy(yaml), scope: EventFixtures.scope())
    }

    /// Offers the events in order and returns the outcome of each.
    func offer(_ events: [JSONValue], to consumption: inout EventConsumption) throws -> [EventConsumption.Outcome] {
        var outcomes: [EventConsumption.Outcome] = []
        for event in events { outcomes.append(try consumption.offer(event)) }
        return outcomes
    }

    let temperature = EventFixtures.event("vitals.temperature", id: "t1", data: ["temperature": 39])
    let coolTemperature = EventFixtures.event("vitals.temperature", id: "t0", data: ["temperature": 36])
    let bpm = EventFixtures.event("vitals.bpm", id: "b1", data: ["bpm": 130])
    let checkout = EventFixtures.event("patient.checked-out", id: "c1")

    let vitals = """
        - with: { type: vitals.temperature, data: '${ .temperature > 38 }' }
        - with: { type: vitals.bpm, data: '${ .bpm < 60 or .bpm > 100 }' }
        """

    @Test func oneTakesTheFirstMatchingEvent() throws {
        var one = try consumption("one: { with: { type: vitals.temperature, data: '${ .temperature > 38 }' } }")
        #expect(try offer([bpm, coolTemperature, temperature, temperature], to: &one) == [.ignored, .ignored, .completed, .ignored])
        #expect(one.consumed == [temperature])
        #expect(one.isComplete)
    }

    @Test func anyWithoutUntilTakesTheFirstEventOfAnyFilter() throws {
        var any = try consumption("any:\n\(vitals)")
        #expect(try offer([coolTemperature, bpm, temperature], to: &any) == [.ignored, .completed, .ignored])
        #expect(any.consumed == [bpm])
    }

    @Test func emptyAnyTakesAnyEvent() throws {
        var any = try consumption("any: []")
        #expect(try any.offer(checkout) == .completed)
        #expect(any.consumed == [checkout])
    }

    @Test func anyUntilConditionSeesTheConsumedEvents() throws {
        // examples/listen-to-any-until-condition.yaml
        var any = try consumption("any: []\nuntil: ( . | length ) > 3")
        let events = (1...5).map { EventFixtures.event("e", id: "\($0)") }
        #expect(try offer(events, to: &any) == [.consumed, .consumed, .consumed, .completed, .ignored])
        #expect(any.consumed == Array(events.prefix(4)))
    }

    @Test func anyUntilConditionThatNeverHoldsKeepsListening() throws {
        var any = try consumption("any: []\nuntil: '${ false }'")
        #expect(try offer([bpm, temperature, checkout], to: &any) == [.consumed, .consumed, .consumed])
        #expect(!any.isComplete)
    }

    @Test func anyUntilEventsStopsWithoutKeepingTheStoppingEvent() throws {
        // examples/listen-to-any-until-consumed.yaml
        var any = try consumption("any:\n\(vitals)\nuntil:\n  one: { with: { type: patient.checked-out } }")
        #expect(try offer([temperature, coolTemperature, bpm, checkout, temperature], to: &any) == [.consumed, .ignored, .consumed, .completed, .ignored])
        #expect(any.consumed == [temperature, bpm])
    }

    @Test func anyUntilEventsArrivingFirstGiveNoEvents() throws {
        var any = try consumption("any:\n\(vitals)\nuntil:\n  one: { with: { type: patient.checked-out } }")
        #expect(try any.offer(checkout) == .completed)
        #expect(any.consumed.isEmpty)
    }

    @Test func anyUntilAllNeedsEveryStoppingEvent() throws {
        var any = try consumption("any: []\nuntil:\n  all:\n    - with: { type: stop.a }\n    - with: { type: stop.b }")
        let stopB = EventFixtures.event("stop.b"), stopA = EventFixtures.event("stop.a")
        #expect(try offer([bpm, stopB, temperature, stopA], to: &any) == [.consumed, .consumed, .consumed, .completed])
        #expect(any.consumed == [bpm, temperature])
    }

    @Test func allNeedsOneEventPerFilterInAnyOrder() throws {
        var all = try consumption("all:\n\(vitals)")
        #expect(try offer([bpm, bpm, coolTemperature, temperature], to: &all) == [.consumed, .ignored, .ignored, .completed])
        #expect(all.consumed == [bpm, temperature])
    }

    @Test func allMovesAnEventToMakeRoom() throws {
        // The first event matches both filters; the second only the first filter. Both must be used.
        var all = try consumption("all:\n  - with: { type: '${ startswith(\"order.\") }' }\n  - with: { type: order.placed }")
        let placed = EventFixtures.event("order.placed"), paid = EventFixtures.event("order.paid")
        #expect(try offer([placed, paid], to: &all) == [.consumed, .completed])
        #expect(all.consumed == [placed, paid])
    }

    @Test func correlationIsSharedAcrossTheFiltersOfAListen() throws {
        var all = try consumption("""
            all:
              - with: { type: order.placed }
                correlate: { order: { from: .data.id } }
              - with: { type: order.paid }
                correlate: { order: { from: .data.id } }
            """)
        let placed = EventFixtures.event("order.placed", data: ["id": 1])
        let paidOther = EventFixtures.event("order.paid", data: ["id": 2])
        let paid = EventFixtures.event("order.paid", data: ["id": 1])
        #expect(try offer([placed, paidOther, paid], to: &all) == [.consumed, .ignored, .completed])
        #expect(all.bindings == ["order": 1])
        #expect(all.consumed == [placed, paid])
    }

    @Test func untilConditionMustBeBoolean() throws {
        var any = try consumption("any: []\nuntil: length")
        #expect(throws: WorkflowFault.self) { try any.offer(checkout) }
    }
}
