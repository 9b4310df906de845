import BatonWorkflow

/// An event filter (dsl-reference.md §Event Filter, §Correlation) prepared for matching: its
/// attribute patterns compiled once, its correlation expectations evaluated once, when a `listen`
/// starts.
///
/// **Attributes.** An event matches when every attribute of the filter's `with` matches the
/// event's member of the same name:
/// - a string inside `${ }` is a runtime expression, evaluated with the event's attribute value as
///   its input (`null` when the event lacks it), as in the spec's `data: ${ .temperature > 38 }`.
///   A boolean result is the answer (`null` counts as false); any other result must equal the
///   attribute's value, so `source: ${ $workflow.input.origin }` compares with a computed value;
/// - another string matches a string attribute that equals it, or that it matches whole as a
///   regular expression (the spec allows regular expressions; the pattern is anchored at both
///   ends, so `com\.example\..*` matches every `com.example.` type and `com.example.order`
///   does not match `com.example.order.placed`);
/// - an object matches an object attribute that has every member of the filter object, each
///   matching by these same rules (so `data: { status: failed }` matches any payload whose
///   `status` is `failed`);
/// - other values (numbers, booleans, arrays, null) match an equal value.
///
/// **Correlation.** Each `correlate` entry evaluates `from` with the whole event as input. With
/// `expect`, the value must equal the expectation — a constant, or a `${ }` expression evaluated
/// once with the task's input when the listen starts. Without `expect`, the first event that
/// matches fixes the value under the correlation's key, and later events of the same listen must
/// give the same value for that key (keys are shared by all filters of one `listen`, its `until`
/// included). A number and its text compare equal, since `expect` is written as a string.
///
/// A matcher holds compiled regular expressions and is not `Sendable`: it lives in the task of
/// the one `listen` it serves.
public struct EventMatcher {
    /// What one attribute of a filter requires.
    indirect enum Pattern {
        case expression(RuntimeExpression)
        case text(String, TextPattern)
        case members([(String, Pattern)])
        case value(JSONValue)
    }

    /// How a literal string of a filter matches besides equality.
    enum TextPattern {
        /// No regular-expression metacharacters: equality only.
        case exact
        /// Only `.` metacharacters: same length, `.` matching any one character but a newline.
        case dots
        case regex(Regex<AnyRegexOutput>)
    }

    struct Correlation {
        var key: String
        var from: RuntimeExpression
        var expect: JSONValue?
    }

    let attributes: [(String, Pattern)]
    let correlations: [Correlation]
    let scope: ExpressionScope

    /// A matcher that accepts every event (an `any: []` strategy).
    public static func everything(scope: ExpressionScope) -> EventMatcher {
        EventMatcher(attributes: [], correlations: [], scope: scope)
    }

    /// Prepares `filter` for matching.
    ///
    /// - Parameters:
    ///   - filter: an event filter of a `listen` strategy.
    ///   - scope: evaluates the filter's expressions and `correlate.expect` (the latter with
    ///     `$input`, the task's input, as `.`).
    /// - Throws: an expression error when a `correlate.expect` expression fails.
    public init(_ filter: EventFilter, scope: ExpressionScope) throws(WorkflowFault) {
        let members = filter.with.documentValue.objectValue ?? [:]
        let attributes = members.keys.sorted().map { ($0, Self.pattern(members[$0] ?? .null)) }
        var correlations: [Correlation] = []
        for key in (filter.correlate ?? [:]).keys.sorted() {
            guard let correlation = filter.correlate?[key] else { continue }
            var expectation: JSONValue?
            if let expect = correlation.expect {
                let input = scope.arguments.input ?? .null
                expectation = RuntimeExpression.isEnclosed(expect) ? try scope.evaluate(RuntimeExpression(expect), on: input) : .string(expect)
            }
            correlations.append(Correlation(key: key, from: correlation.from, expect: expectation))
        }
        self.init(attributes: attributes, correlations: correlations, scope: scope)
    }

    init(attributes: [(String, Pattern)], correlations: [Correlation], scope: ExpressionScope) {
        self.attributes = attributes
        self.correlations = correlations
        self.scope = scope
    }

    /// Whether `event` matches the filter's attributes and correlations, given the correlation
    /// values already fixed by earlier events.
    ///
    /// - Returns: `nil` when the event does not match; otherwise the correlation values this
    ///   event fixes (keys not yet in `bindings`), to record if the event is consumed.
    /// - Throws: an expression error when an expression of the filter fails.
    public func match(_ event: JSONValue, bindings: [String: JSONValue] = [:]) throws(WorkflowFault) -> [String: JSONValue]? {
        for (name, pattern) in attributes {
            guard try matches(pattern, event[name]) else { return nil }
        }
        var fixed: [String: JSONValue] = [:]
        for correlation in correlations {
            let value = try scope.evaluate(correlation.from, on: event)
            if let expected = correlation.expect {
                guard Self.correlationEqual(value, expected) else { return nil }
            }
            if let bound = bindings[correlation.key] ?? fixed[correlation.key] {
                guard Self.correlationEqual(value, bound) else { return nil }
            } else {
                fixed[correlation.key] = value
            }
        }
        return fixed
    }

    func matches(_ pattern: Pattern, _ value: JSONValue?) throws(WorkflowFault) -> Bool {
        switch pattern {
        case .expression(let expression):
            let actual = value ?? .null
            switch try scope.evaluate(expression, on: actual) {
            case .bool(let result): return result
            case .null: return false
            case let expected: return value == expected
            }
        case .text(let text, let textPattern):
            guard case .string(let actual) = value else { return false }
            if actual == text { return true }
            switch textPattern {
            case .exact: return false
            case .dots: return Self.dotsMatch(text, actual)
            case .regex(let regex): return actual.wholeMatch(of: regex) != nil
            }
        case .members(let members):
            guard case .object = value else { return false }
            for (name, member) in members {
                guard try matches(member, value?[name]) else { return false }
            }
            return true
        case .value(let expected):
            return value == expected
        }
    }

    static func pattern(_ value: JSONValue) -> Pattern {
        switch value {
        case .string(let text) where RuntimeExpression.isEnclosed(text):
            return .expression(RuntimeExpression(text))
        case .string(let text):
            return .text(text, textPattern(text))
        case .object(let members):
            return .members(members.keys.sorted().map { ($0, pattern(members[$0] ?? .null)) })
        default:
            return .value(value)
        }
    }

    static func textPattern(_ text: String) -> TextPattern {
        let metacharacters: Set<Character> = ["\\", "^", "$", "|", "?", "*", "+", "(", ")", "[", "]", "{", "}"]
        if text.contains(where: metacharacters.contains) {
            // A string that is no valid regular expression (a URI template's `{id}`...) only
            // matches itself.
            return (try? Regex(text)).map(TextPattern.regex) ?? .exact
        }
        return text.contains(".") ? .dots : .exact
    }

    static func dotsMatch(_ pattern: String, _ text: String) -> Bool {
        guard pattern.count == text.count else { return false }
        return zip(pattern, text).allSatisfy { expected, actual in
            expected == actual || (expected == "." && !actual.isNewline)
        }
    }

    /// Equal JSON values, or a string and a scalar whose JSON text is that string.
    static func correlationEqual(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        if lhs == rhs { return true }
        switch (lhs, rhs) {
        case (.string(let text), .integer), (.string(let text), .number), (.string(let text), .bool):
            return rhs.jsonText() == text
        case (.integer, .string(let text)), (.number, .string(let text)), (.bool, .string(let text)):
            return lhs.jsonText() == text
        default:
            return false
        }
    }
}
