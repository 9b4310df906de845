/// The arguments a runtime expression may use: `$context`, `$input`, `$output`, `$secrets`, `$task`,
/// `$workflow`, `$runtime` and `$authorization` (OWS dsl.md, "Runtime expression arguments").
///
/// Which arguments exist depends on where the expression sits: a task's `if` has no `$input`, only
/// `export.as` has `$output`, and so on (the table in dsl.md). Set exactly the ones available; the
/// evaluator binds those as jq variables and reports an expression that uses any other one with
/// ``ExpressionError/Kind/unavailableArgument``.
///
/// Only the arguments an expression mentions are handed to jq, so providing a large `$workflow`
/// (which holds the whole definition) costs nothing for expressions that do not use it.
public struct ExpressionArguments: Sendable, Hashable {
    /// The name of an argument, as jq spells it without the `$`.
    public enum Name: String, Sendable, Hashable, CaseIterable {
        case context
        case input
        case output
        case secrets
        case task
        case workflow
        case runtime
        case authorization
        /// The scoped variables (a loop's `$item` and `$index`, a catch's `$error`), bound as one
        /// object that the evaluator unpacks into separate jq variables.
        case variables = "__baton_variables"

        /// The bit of the argument in an ``ExpressionArguments/Names`` set.
        var bit: UInt16 {
            switch self {
            case .context: 1 << 0
            case .input: 1 << 1
            case .output: 1 << 2
            case .secrets: 1 << 3
            case .task: 1 << 4
            case .workflow: 1 << 5
            case .runtime: 1 << 6
            case .authorization: 1 << 7
            case .variables: 1 << 8
            }
        }
    }

    /// A set of argument names, small enough to be a cache key.
    public struct Names: OptionSet, Sendable, Hashable {
        /// One bit per argument, in the order of ``Name/allCases``.
        public let rawValue: UInt16

        /// The set with the given bits.
        public init(rawValue: UInt16) {
            self.rawValue = rawValue
        }

        /// The set of the given names.
        public init(_ names: some Sequence<Name>) {
            self.init(rawValue: names.reduce(0) { $0 | $1.bit })
        }

        /// One argument alone; combine them as an array literal: `[.context, .input]`.
        public static let context = Names(rawValue: Name.context.bit)
        public static let input = Names(rawValue: Name.input.bit)
        public static let output = Names(rawValue: Name.output.bit)
        public static let secrets = Names(rawValue: Name.secrets.bit)
        public static let task = Names(rawValue: Name.task.bit)
        public static let workflow = Names(rawValue: Name.workflow.bit)
        public static let runtime = Names(rawValue: Name.runtime.bit)
        public static let authorization = Names(rawValue: Name.authorization.bit)
        public static let variables = Names(rawValue: Name.variables.bit)
        /// Every argument.
        public static let all = Names(Name.allCases)

        /// Whether the set holds the argument.
        public func contains(_ name: Name) -> Bool {
            rawValue & name.bit != 0
        }

        /// The names in the set, in the order of ``Name/allCases``.
        public var names: [Name] {
            Name.allCases.filter(contains)
        }
    }

    /// The workflow's context data.
    public var context: JSONValue?
    /// The task's transformed input.
    public var input: JSONValue?
    /// The task's transformed output.
    public var output: JSONValue?
    /// The workflow's secrets, by name. The spec allows them only in `input.from` expressions.
    public var secrets: JSONValue?
    /// The task descriptor (name, reference, definition, input, output, startedAt).
    public var task: JSONValue?
    /// The workflow descriptor (id, definition, input, startedAt).
    public var workflow: JSONValue?
    /// The runtime descriptor (name, version, metadata).
    public var runtime: JSONValue?
    /// The authorization descriptor (scheme, parameter) of the task's resolved authentication.
    public var authorization: JSONValue?
    /// Variables in scope where the expression sits, by name without `$`: a `for` loop's item
    /// and index (`each`/`at`, by default `item` and `index`), a catch's error (`as`, by default
    /// `error`), a `foreach`'s item and index.
    public var variables: [String: JSONValue]

    /// Arguments with the given values; the ones left nil are unavailable to expressions.
    public init(
        context: JSONValue? = nil, input: JSONValue? = nil, output: JSONValue? = nil, secrets: JSONValue? = nil,
        task: JSONValue? = nil, workflow: JSONValue? = nil, runtime: JSONValue? = nil, authorization: JSONValue? = nil,
        variables: [String: JSONValue] = [:]
    ) {
        self.context = context
        self.input = input
        self.output = output
        self.secrets = secrets
        self.task = task
        self.workflow = workflow
        self.runtime = runtime
        self.authorization = authorization
        self.variables = variables
    }

    /// No arguments at all: expressions see only their input (`.`).
    public static let none = ExpressionArguments()

    /// The value of an argument, or nil when it is unavailable.
    public subscript(name: Name) -> JSONValue? {
        get {
            switch name {
            case .context: context
            case .input: input
            case .output: output
            case .secrets: secrets
            case .task: task
            case .workflow: workflow
            case .runtime: runtime
            case .authorization: authorization
            case .variables: variables.isEmpty ? nil : .object(variables)
            }
        }
        set {
            switch name {
            case .context: context = newValue
            case .input: input = newValue
            case .output: output = newValue
            case .secrets: secrets = newValue
            case .task: task = newValue
            case .workflow: workflow = newValue
            case .runtime: runtime = newValue
            case .authorization: authorization = newValue
            case .variables: variables = newValue?.objectValue ?? [:]
            }
        }
    }

    /// The names of the arguments that have a value.
    public var available: Names {
        var rawValue: UInt16 = 0
        if context != nil { rawValue |= Name.context.bit }
        if input != nil { rawValue |= Name.input.bit }
        if output != nil { rawValue |= Name.output.bit }
        if secrets != nil { rawValue |= Name.secrets.bit }
        if task != nil { rawValue |= Name.task.bit }
        if workflow != nil { rawValue |= Name.workflow.bit }
        if runtime != nil { rawValue |= Name.runtime.bit }
        if authorization != nil { rawValue |= Name.authorization.bit }
        if !variables.isEmpty { rawValue |= Name.variables.bit }
        return Names(rawValue: rawValue)
    }
}
