import BatonEngine
import BatonWorkflow
import Foundation

/// A clock that always says the same time and never sleeps for real.
struct FixedClock: WorkflowClock {
    var date = Date(timeIntervalSince1970: 1_641_024_000)

    func now() -> Date { date }

    func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
    }
}

/// Shared fixtures of the event tests.
enum EventFixtures {
    static let evaluator = ExpressionEvaluator()

    /// A scope whose expressions see `input` as `$input`.
    static func scope(input: JSONValue = .null, instance: String? = "/do/0/listen") -> ExpressionScope {
        ExpressionScope(evaluator: evaluator, arguments: ExpressionArguments(input: input), instance: instance)
    }

    /// A strategy read from YAML, as a `listen.to` is.
    static func strategy(_ yaml: String) throws -> EventConsumptionStrategy {
        let document = try DocumentLoader().load(text: yaml, file: "strategy.yaml")
        return try DocumentReader(document).decode()
    }

    /// A filter read from YAML.
    static func filter(_ yaml: String) throws -> EventFilter {
        let document = try DocumentLoader().load(text: yaml, file: "filter.yaml")
        return try DocumentReader(document).decode()
    }

    /// A complete CloudEvent of the given type.
    static func event(_ type: String, id: String = UUID().uuidString, data: JSONValue? = nil, extra: [String: JSONValue] = [:]) -> JSONValue {
        var members: [String: JSONValue] = ["id": .string(id), "source": "https://example.com", "type": .string(type), "specversion": "1.0"]
        if let data { members["data"] = data }
        members.merge(extra) { _, new in new }
        return .object(members)
    }

    /// Waits, yielding, until `condition` holds; gives up after a bounded number of turns.
    static func eventually(_ condition: () -> Bool) async -> Bool {
        for _ in 0..<200_000 {
            if condition() { return true }
            await Task.yield()
        }
        return condition()
    }
}
