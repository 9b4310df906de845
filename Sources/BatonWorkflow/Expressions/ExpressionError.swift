/// A runtime expression that did not compile or failed while it ran.
///
/// It carries the expression's text and jq's own message, and converts to the error OWS requires
/// for a failed evaluation: type `https://open-workflow-specification.org/spec/1.0.0/errors/expression`,
/// status 400 (dsl.md, "Runtime Expressions").
public struct ExpressionError: Error, Sendable, Hashable {
    /// What went wrong, comparable with its static members: `error.kind == .compile`.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        private enum Code: Sendable, Hashable {
            case compile
            case runtime
            case unavailableArgument
            case halted
        }

        private let code: Code

        private init(_ code: Code) {
            self.code = code
        }

        /// jq could not compile the expression: a syntax error, an unknown function or variable.
        public static let compile = Kind(.compile)
        /// The expression raised an error while it ran: `error("x")`, `1 + "a"`, `input`.
        public static let runtime = Kind(.runtime)
        /// The expression uses an argument (`$output`, `$secrets`, ...) that is not available where
        /// the expression sits, or `$ENV`, which Baton does not expose.
        public static let unavailableArgument = Kind(.unavailableArgument)
        /// The expression stopped with `halt_error`.
        public static let halted = Kind(.halted)

        /// The kind's name: `compile`, `runtime`, `unavailableArgument`, `halted`.
        public var description: String {
            switch code {
            case .compile: "compile"
            case .runtime: "runtime"
            case .unavailableArgument: "unavailableArgument"
            case .halted: "halted"
            }
        }
    }

    /// The OWS error type of every expression error.
    public static let type = "https://open-workflow-specification.org/spec/1.0.0/errors/expression"
    /// The OWS status of every expression error.
    public static let status = 400

    /// What went wrong.
    public let kind: Kind
    /// The jq program, as written in the definition (without the `${ }`).
    public let expression: String
    /// jq's message (or, for an unavailable argument, ours), without jq's `jq: error:` prefix.
    public let message: String

    private init(kind: Kind, expression: String, message: String) {
        self.kind = kind
        self.expression = expression
        self.message = message
    }

    /// An expression jq could not compile, with jq's message.
    /// The same error about `expression` as the user wrote it (the evaluator may have compiled a
    /// program with scoped variables declared ahead of it).
    func reported(as expression: String) -> ExpressionError {
        ExpressionError(kind: kind, expression: expression, message: message)
    }

    public static func compile(_ expression: String, message: String) -> ExpressionError {
        ExpressionError(kind: .compile, expression: expression, message: message)
    }

    /// An expression that failed while it ran, with jq's message.
    public static func runtime(_ expression: String, message: String) -> ExpressionError {
        ExpressionError(kind: .runtime, expression: expression, message: message)
    }

    /// An expression that stopped with `halt_error`, with the message it gave.
    public static func halted(_ expression: String, message: String) -> ExpressionError {
        ExpressionError(kind: .halted, expression: expression, message: message)
    }

    /// An expression that uses an argument that is not available where it is evaluated.
    public static func unavailableArgument(_ expression: String, name: String) -> ExpressionError {
        let message =
            if name == "ENV" {
                "$ENV is not available in runtime expressions: Baton does not expose its process environment; use $secrets"
            } else {
                "$\(name) is not available in this expression"
            }
        return ExpressionError(kind: .unavailableArgument, expression: expression, message: message)
    }

    /// The short, human-readable summary of the OWS error.
    public var title: String {
        switch kind {
        case .compile: "Invalid runtime expression"
        case .unavailableArgument: "Unavailable runtime expression argument"
        default: "Runtime expression failed"
        }
    }

    /// The OWS error's detail: the message and the expression it is about.
    public var detail: String {
        "\(message) (in expression: \(expression))"
    }

    /// The error as the OWS error object: `type`, `status`, `title`, `detail` and, when given,
    /// `instance`, the JSON Pointer of the expression in the workflow definition.
    public func owsError(instance: String? = nil) -> JSONValue {
        var members: [String: JSONValue] = [
            "type": .string(Self.type),
            "status": .integer(Self.status),
            "title": .string(title),
            "detail": .string(detail),
        ]
        if let instance { members["instance"] = .string(instance) }
        return .object(members)
    }
}

extension ExpressionError: CustomStringConvertible {
    /// `jq expression '.a +' does not compile: syntax error, unexpected $end`
    public var description: String {
        switch kind {
        case .compile: "jq expression '\(expression)' does not compile: \(message)"
        case .unavailableArgument: "jq expression '\(expression)': \(message)"
        case .halted: "jq expression '\(expression)' halted: \(message)"
        default: "jq expression '\(expression)' failed: \(message)"
        }
    }
}
