import BatonWorkflow

/// The progress of one `listen` through its event consumption strategy (dsl-reference.md §Event
/// Consumption Strategy): a value-type state machine that is offered events one at a time, in the
/// order they were published, and says when the strategy is satisfied. It does no waiting, so
/// any event bus can drive it and tests run it without one.
///
/// - `one`: the first event that matches the filter.
/// - `any` without `until`: the first event that matches any of the filters (every event when the
///   list is empty).
/// - `any` with an `until` condition: every matching event, until the condition — evaluated after
///   each consumed event with the array of events consumed so far (whole envelopes) as its input
///   — gives `true`. It is not evaluated before the first event, so at least one is consumed;
///   `until: ${ false }` listens for as long as the task runs.
/// - `any` with `until` events: every matching event, until the `until` strategy is satisfied.
///   Each event is offered to the `until` strategy first; one it consumes is not part of the
///   result (dsl-reference.md §Listen: events consumed by `until` are not in the task's output).
/// - `all`: one event for each filter, in any order. An event that matches several filters is
///   assigned so that as many filters as possible are filled (an event may move to another filter
///   it matches to make room), and an event only matching filters already filled is not consumed.
///
/// ``consumed`` lists the events of the result in the order they arrived. Correlation values
/// (``EventMatcher``) are fixed by the first consumed event that gives them and are shared by the
/// whole strategy, its `until` included.
public struct EventConsumption {
    /// What became of an offered event.
    public enum Outcome: Sendable, Hashable {
        /// The event does not concern this strategy.
        case ignored
        /// The event was consumed and the strategy waits for more.
        case consumed
        /// The event was consumed and the strategy is now satisfied.
        case completed
    }

    indirect enum Until {
        case firstEvent
        case condition(RuntimeExpression)
        case events(EventConsumption)
    }

    enum Plan {
        case one(EventMatcher)
        case any([EventMatcher], until: Until)
        case all([EventMatcher], assignment: [Int?])
    }

    var plan: Plan
    let scope: ExpressionScope
    /// The correlation values fixed so far, by correlation key.
    public private(set) var bindings: [String: JSONValue] = [:]
    /// The events of the result, in the order they arrived.
    public private(set) var consumed: [JSONValue] = []
    /// Whether the strategy is satisfied.
    public private(set) var isComplete = false

    /// Prepares `strategy` for consumption.
    ///
    /// - Throws: an expression error when a filter's `correlate.expect` expression fails.
    public init(_ strategy: EventConsumptionStrategy, scope: ExpressionScope) throws(WorkflowFault) {
        self.scope = scope
        switch strategy {
        case .one(let filter):
            plan = .one(try EventMatcher(filter, scope: scope))
        case .all(let filters):
            var matchers: [EventMatcher] = []
            for filter in filters { matchers.append(try EventMatcher(filter, scope: scope)) }
            plan = .all(matchers, assignment: Array(repeating: nil, count: matchers.count))
            isComplete = matchers.isEmpty
        case .any(let filters, let until):
            var matchers: [EventMatcher] = []
            for filter in filters { matchers.append(try EventMatcher(filter, scope: scope)) }
            if matchers.isEmpty { matchers = [.everything(scope: scope)] }
            switch until {
            case nil: plan = .any(matchers, until: .firstEvent)
            case .condition(let condition): plan = .any(matchers, until: .condition(condition))
            case .events(let events):
                let stop = try EventConsumption(events, scope: scope)
                plan = .any(matchers, until: .events(stop))
                // An `until` that needs no event (`all: []`) is satisfied before any arrives.
                isComplete = stop.isComplete
            }
        }
    }

    /// Offers the next event.
    ///
    /// - Returns: whether the event was ignored, consumed, or completed the strategy. Once the
    ///   strategy is complete every further event is ignored.
    /// - Throws: an expression error when a filter or `until` expression fails.
    public mutating func offer(_ event: JSONValue) throws(WorkflowFault) -> Outcome {
        var bindings = self.bindings
        defer { self.bindings = bindings }
        return try offer(event, bindings: &bindings)
    }

    mutating func offer(_ event: JSONValue, bindings: inout [String: JSONValue]) throws(WorkflowFault) -> Outcome {
        guard !isComplete else { return .ignored }
        switch plan {
        case .one(let matcher):
            guard let fixed = try matcher.match(event, bindings: bindings) else { return .ignored }
            bindings.merge(fixed) { old, _ in old }
            consumed.append(event)
            isComplete = true
            return .completed

        case .any(let matchers, var until):
            if case .events(var stop) = until {
                let outcome = try stop.offer(event, bindings: &bindings)
                until = .events(stop)
                plan = .any(matchers, until: until)
                switch outcome {
                case .completed:
                    isComplete = true
                    return .completed
                case .consumed:
                    return .consumed
                case .ignored:
                    break
                }
            }
            guard let fixed = try Self.firstMatch(of: matchers, event, bindings: bindings) else { return .ignored }
            bindings.merge(fixed) { old, _ in old }
            consumed.append(event)
            switch until {
            case .firstEvent:
                isComplete = true
            case .condition(let condition):
                isComplete = try scope.condition(condition, on: .array(consumed))
            case .events:
                break
            }
            return isComplete ? .completed : .consumed

        case .all(let matchers, var assignment):
            let index = consumed.count
            var pending = bindings
            var visited = Array(repeating: false, count: matchers.count)
            guard try Self.assign(index, event, matchers: matchers, assignment: &assignment, events: consumed + [event], bindings: &pending, visited: &visited) else {
                return .ignored
            }
            bindings = pending
            consumed.append(event)
            plan = .all(matchers, assignment: assignment)
            isComplete = !assignment.contains(nil)
            return isComplete ? .completed : .consumed
        }
    }

    static func firstMatch(of matchers: [EventMatcher], _ event: JSONValue, bindings: [String: JSONValue]) throws(WorkflowFault) -> [String: JSONValue]? {
        for matcher in matchers {
            if let fixed = try matcher.match(event, bindings: bindings) { return fixed }
        }
        return nil
    }

    /// Finds a filter for event `index` (an augmenting path of bipartite matching): a free filter
    /// it matches, or one whose event can move to another filter it matches.
    static func assign(
        _ index: Int, _ event: JSONValue, matchers: [EventMatcher], assignment: inout [Int?], events: [JSONValue],
        bindings: inout [String: JSONValue], visited: inout [Bool]
    ) throws(WorkflowFault) -> Bool {
        for (filter, matcher) in matchers.enumerated() where !visited[filter] {
            guard let fixed = try matcher.match(event, bindings: bindings) else { continue }
            visited[filter] = true
            if let holder = assignment[filter] {
                guard try assign(holder, events[holder], matchers: matchers, assignment: &assignment, events: events, bindings: &bindings, visited: &visited) else {
                    continue
                }
            }
            assignment[filter] = index
            bindings.merge(fixed) { old, _ in old }
            return true
        }
        return false
    }
}
