import BatonWorkflow

/// Evaluates the runtime expressions of one place in a run, with the arguments available there
/// (dsl.md §Runtime Expressions) and the workflow's evaluation mode. Failures become expression
/// errors (status 400) that name the task.
public struct ExpressionScope: Sendable {
    public let evaluator: ExpressionEvaluator
    public let mode: ExpressionMode
    public var arguments: ExpressionArguments
    /// The JSON Pointer of the task the expressions belong to, for errors.
    public var instance: String?

    public init(evaluator: ExpressionEvaluator, mode: ExpressionMode = .strict, arguments: ExpressionArguments = .none, instance: String? = nil) {
        self.evaluator = evaluator
        self.mode = mode
        self.arguments = arguments
        self.instance = instance
    }

    /// Evaluates a value that is an expression by definition (`if`, `when`, `input.from`,
    /// `output.as`...), whether or not it is written inside `${ }`. In loose mode a failure
    /// gives the text itself, as dsl-reference.md §Evaluate says.
    public func evaluate(_ expression: RuntimeExpression, on input: JSONValue) throws(WorkflowFault) -> JSONValue {
        do {
            return try evaluator.evaluate(expression.text, on: input, arguments: arguments)
        } catch {
            if mode == .loose { return .string(expression.text) }
            throw fault(error)
        }
    }

    /// Evaluates the `${ }` expressions inside a definition value (a task's `with`, a `set`
    /// object), leaving plain strings as they are.
    public func evaluate(template: JSONValue, on input: JSONValue) throws(WorkflowFault) -> JSONValue {
        do {
            return try evaluator.evaluateExpressions(in: template, on: input, arguments: arguments, mode: mode)
        } catch {
            throw fault(error)
        }
    }

    /// Evaluates a `set`, `input.from`, `output.as` or `export.as`: a string is an expression,
    /// an object a template.
    public func evaluate(_ template: ExpressionTemplate, on input: JSONValue) throws(WorkflowFault) -> JSONValue {
        switch template {
        case .expression(let expression): try evaluate(expression, on: input)
        case .object(let members): try evaluate(template: .object(members), on: input)
        }
    }

    /// A condition (`if`, `when`, `while`, `until`): true only when the expression gives `true`.
    public func condition(_ expression: RuntimeExpression, on input: JSONValue) throws(WorkflowFault) -> Bool {
        switch try evaluate(expression, on: input) {
        case .bool(let value): return value
        case .null: return false
        case let other:
            throw .expression(
                "the condition `\(expression.text)` must give true or false, but gave \(other.typeNameWithArticle)", instance: instance)
        }
    }

    /// A string of the definition that may be a `${ }` expression; its result must be a string
    /// (or a number, written as text).
    public func string(_ text: String, on input: JSONValue, describing what: String) throws(WorkflowFault) -> String {
        switch try evaluate(template: .string(text), on: input) {
        case .string(let result): return result
        case .integer(let number): return String(number)
        case .number(let number): return JSONValue.number(number).jsonText()
        case let other:
            throw .expression("\(what) `\(text)` must give a string, but gave \(other.typeNameWithArticle)", instance: instance)
        }
    }

    /// This scope with a scoped variable added (a loop's item, a catch's error).
    public func with(variable name: String, _ value: JSONValue) -> ExpressionScope {
        var copy = self
        copy.arguments.variables[name] = value
        return copy
    }

    func fault(_ error: ExpressionError) -> WorkflowFault {
        .expression("the expression `\(error.expression)` failed: \(error.message)", instance: instance)
    }
}
