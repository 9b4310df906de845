import BatonEngine
import BatonWorkflow
import Testing

@Suite struct EventMatcherTests {
    func matcher(_ yaml: String, input: JSONValue = .null) throws -> EventMatcher {
        try EventMatcher(try EventFixtures.filter(yaml), scope: EventFixtures.scope(input: input))
    }

    @Test func literalAttributesMustAllBeEqual() throws {
        let filter = try matcher("with: { type: com.example.order.placed.v1, source: https://shop.example.com }")
        #expect(try filter.match(EventFixtures.event("com.example.order.placed.v1", extra: ["source": "https://shop.example.com"])) != nil)
        #expect(try filter.match(EventFixtures.event("com.example.order.placed.v1", extra: ["source": "https://other.example.com"])) == nil)
        #expect(try filter.match(EventFixtures.event("com.example.order.placed.v2", extra: ["source": "https://shop.example.com"])) == nil)
        // A literal type is anchored: a longer type does not match.
        #expect(try filter.match(EventFixtures.event("com.example.order.placed.v1.extra", extra: ["source": "https://shop.example.com"])) == nil)
    }

    @Test func attributeMissingFromTheEventDoesNotMatchALiteral() throws {
        let filter = try matcher("with: { type: t, subject: order-1 }")
        #expect(try filter.match(EventFixtures.event("t")) == nil)
        #expect(try filter.match(EventFixtures.event("t", extra: ["subject": "order-1"])) != nil)
    }

    @Test func regularExpressionsMatchWholeValues() throws {
        let filter = try matcher(#"with: { type: 'com\.example\.order\..*' }"#)
        #expect(try filter.match(EventFixtures.event("com.example.order.placed.v1")) != nil)
        #expect(try filter.match(EventFixtures.event("com.example.order.shipped.v1")) != nil)
        #expect(try filter.match(EventFixtures.event("com.example.invoice.sent.v1")) == nil)
        #expect(try filter.match(EventFixtures.event("xcom.example.order.placed")) == nil)
    }

    @Test func expressionsAreEvaluatedOnTheAttributeValue() throws {
        // dsl-reference.md §Listen: `data: ${ .temperature > 38 }`.
        let filter = try matcher("with: { type: com.fake-hospital.vitals.measurements.temperature, data: '${ .temperature > 38 }' }")
        #expect(try filter.match(EventFixtures.event("com.fake-hospital.vitals.measurements.temperature", data: ["temperature": 39])) != nil)
        #expect(try filter.match(EventFixtures.event("com.fake-hospital.vitals.measurements.temperature", data: ["temperature": 37])) == nil)
        #expect(try filter.match(EventFixtures.event("com.fake-hospital.vitals.measurements.temperature")) == nil)
    }

    @Test func nonBooleanExpressionResultIsComparedWithTheAttribute() throws {
        let filter = try matcher("with: { type: t, subject: '${ $input.orderId }' }", input: ["orderId": "order-7"])
        #expect(try filter.match(EventFixtures.event("t", extra: ["subject": "order-7"])) != nil)
        #expect(try filter.match(EventFixtures.event("t", extra: ["subject": "order-8"])) == nil)
    }

    @Test func objectFiltersMatchTheMembersTheyName() throws {
        let filter = try matcher("with: { type: t, data: { status: failed, attempt: '${ . >= 3 }' } }")
        #expect(try filter.match(EventFixtures.event("t", data: ["status": "failed", "attempt": 3, "other": true])) != nil)
        #expect(try filter.match(EventFixtures.event("t", data: ["status": "failed", "attempt": 1])) == nil)
        #expect(try filter.match(EventFixtures.event("t", data: ["status": "ok", "attempt": 5])) == nil)
        #expect(try filter.match(EventFixtures.event("t", data: "failed")) == nil)
    }

    @Test func failingExpressionIsAnExpressionFault() throws {
        let filter = try matcher("with: { type: t, data: '${ .a | error(\"boom\") }' }")
        #expect(throws: WorkflowFault.self) { try filter.match(EventFixtures.event("t", data: ["a": 1])) }
    }

    @Test func correlationWithAConstantExpectation() throws {
        let filter = try matcher("with: { type: t }\ncorrelate: { order: { from: .data.orderId, expect: '42' } }")
        #expect(try filter.match(EventFixtures.event("t", data: ["orderId": 42])) == ["order": 42])
        #expect(try filter.match(EventFixtures.event("t", data: ["orderId": "42"])) != nil)
        #expect(try filter.match(EventFixtures.event("t", data: ["orderId": 43])) == nil)
    }

    @Test func correlationWithAnExpressionExpectationUsesTheTaskInput() throws {
        let filter = try matcher(
            "with: { type: t }\ncorrelate: { order: { from: '${ .data.orderId }', expect: '${ .order.id }' } }", input: ["order": ["id": "A-1"]])
        #expect(try filter.match(EventFixtures.event("t", data: ["orderId": "A-1"])) != nil)
        #expect(try filter.match(EventFixtures.event("t", data: ["orderId": "B-2"])) == nil)
    }

    @Test func correlationWithoutExpectationIsFixedByTheFirstEvent() throws {
        let filter = try matcher("with: { type: t }\ncorrelate: { patient: { from: .data.patientId } }")
        let fixed = try #require(try filter.match(EventFixtures.event("t", data: ["patientId": "p1"])))
        #expect(fixed == ["patient": "p1"])
        #expect(try filter.match(EventFixtures.event("t", data: ["patientId": "p1"]), bindings: fixed) == [:])
        #expect(try filter.match(EventFixtures.event("t", data: ["patientId": "p2"]), bindings: fixed) == nil)
    }
}
