extension ExpressionEvaluator {
    /// Evaluates every runtime expression inside a value of the workflow definition, such as a
    /// task's `with` or a `set`, and returns the value with each expression replaced by its result.
    ///
    /// Objects and arrays are walked recursively; object keys, numbers, booleans and null stay as
    /// they are. In ``ExpressionMode/strict`` mode only strings whose trimmed form is `${ ... }` are
    /// evaluated and all other strings stay strings. In ``ExpressionMode/loose`` mode every string
    /// is evaluated, and one whose evaluation fails stays the string it was.
    ///
    /// Results are never evaluated again: a string that an expression returns, or that comes from
    /// the input, stays a string even if it looks like `${ ... }` (dsl.md forbids evaluating
    /// expression syntax found in input data).
    ///
    /// - Parameters:
    ///   - template: a value from the workflow definition.
    ///   - input: the value the expressions run on (jq's `.`).
    ///   - arguments: the arguments available where the value sits.
    ///   - mode: the workflow's `evaluate.mode`.
    /// - Throws: the ``ExpressionError`` of the first expression that fails, in strict mode.
    public func evaluateExpressions(
        in template: JSONValue, on input: JSONValue, arguments: ExpressionArguments = .none, mode: ExpressionMode = .strict
    ) throws(ExpressionError) -> JSONValue {
        switch template {
        case .string(let text):
            guard let expression = RuntimeExpression(text, mode: mode) else { return template }
            switch mode {
            case .strict:
                return try evaluate(expression.program, on: input, arguments: arguments)
            case .loose:
                do {
                    return try evaluate(expression.program, on: input, arguments: arguments)
                } catch {
                    return template
                }
            }
        case .array(let items):
            var results: [JSONValue] = []
            results.reserveCapacity(items.count)
            for item in items {
                results.append(try evaluateExpressions(in: item, on: input, arguments: arguments, mode: mode))
            }
            return .array(results)
        case .object(let members):
            var results: [String: JSONValue] = [:]
            results.reserveCapacity(members.count)
            for (key, value) in members {
                results[key] = try evaluateExpressions(in: value, on: input, arguments: arguments, mode: mode)
            }
            return .object(results)
        case .null, .bool, .integer, .number:
            return template
        }
    }
}
