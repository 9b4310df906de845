import BatonWorkflow
import Foundation

/// How an evaluation compares an expected value with a predicted one (`EVALUATION.md`, "Value
/// comparison"): strings trimmed and case-insensitive, numbers by value (`3000 == 3000.0`),
/// booleans equal, objects with the same keys and each value compared by these rules, lists with
/// the same items in any order (as multisets).
public enum EvaluationValueComparison {
    public static func equal(_ expected: JSONValue, _ predicted: JSONValue) -> Bool {
        switch (expected, predicted) {
        case (.null, .null):
            return true
        case let (.bool(a), .bool(b)):
            return a == b
        case let (.string(a), .string(b)):
            return normalized(a) == normalized(b)
        case let (.object(a), .object(b)):
            guard Set(a.keys) == Set(b.keys) else { return false }
            return a.allSatisfy { key, value in b[key].map { equal(value, $0) } ?? false }
        case let (.array(a), .array(b)):
            guard a.count == b.count else { return false }
            // A multiset match: each expected item takes one equal predicted item not yet taken.
            var remaining = b
            for item in a {
                guard let index = remaining.firstIndex(where: { equal(item, $0) }) else { return false }
                remaining.remove(at: index)
            }
            return true
        default:
            guard let a = expected.doubleValue, let b = predicted.doubleValue else { return false }
            return a == b
        }
    }

    private static func normalized(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }
}
