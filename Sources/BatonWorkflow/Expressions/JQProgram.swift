import CJQ

/// One compiled jq program: a `jq_state` with the user's expression wrapped so that the expression
/// arguments it uses arrive through the input.
///
/// libjq 1.6 binds `$name` variables at compile time, as constants, so a program compiled with the
/// arguments' values could serve one evaluation only. Instead the wrapper reads them from the input:
///
///     def env: error(...); def input: error(...); def inputs: error(...); def modulemeta: error(...);
///     . as [$__baton_input, $context, $task] | $__baton_input | EXPR
///
/// and each run starts with `[input, context, task]`. The expression comes last, unparenthesised
/// (`|` binds loosest, so it is the whole right-hand side), and on the first line, so jq's messages
/// and line numbers read as if the expression stood alone. `env`, `input`, `inputs` and `modulemeta`
/// fail clearly: Baton's process environment is not the workflow's to read, there is no input
/// stream, and modules are not loaded. Being definitions, they also keep `import`/`include` (which
/// must come first) out of expressions, so an expression cannot load files.
final class JQProgram: @unchecked Sendable {
    // Why @unchecked Sendable is safe: a JQProgram is used by one thread at a time. It is either idle
    // in the evaluator's cache, under its Mutex, or checked out by exactly one evaluation, which hands
    // it back when done. Its jq_state, the jv values inside and the message buffer are never touched
    // by two threads at once, and nothing else holds a reference to them.

    /// The arguments the wrapper binds.
    let bound: ExpressionArguments.Names
    /// The bound arguments in the order they follow the input in the start array.
    private let arguments: [ExpressionArguments.Name]
    private let expression: String
    private var state: OpaquePointer?
    private let messages = MessageBuffer()

    /// Compiles `expression` with the given arguments bound as jq variables.
    ///
    /// - Throws: ``ExpressionError/Kind/compile`` with jq's message when it does not compile.
    init(expression: String, bound: ExpressionArguments.Names) throws(ExpressionError) {
        self.expression = expression
        self.bound = bound
        self.arguments = bound.names
        guard let state = jq_init() else {
            throw .compile(expression, message: "libjq could not allocate a jq state")
        }
        self.state = state
        // An empty library path: no module search directories.
        jq_set_attr(state, jv_string("JQ_LIBRARY_PATH"), jv_array())
        jq_set_error_cb(state, { context, message in
            guard let context else { return jv_free(message) }
            Unmanaged<MessageBuffer>.fromOpaque(context).takeUnretainedValue().append(message)
        }, Unmanaged.passUnretained(messages).toOpaque())
        let source = Self.wrappedSource(expression, arguments: arguments)
        let compiled = source.withCString { jq_compile(state, $0) }
        if compiled == 0 {
            let message = Self.compileMessage(messages.take(), multiline: expression.utf8.contains(0x0A))
            throw .compile(expression, message: message)
        }
        messages.removeAll()
    }

    deinit {
        jq_teardown(&state)
    }

    static func wrappedSource(_ expression: String, arguments: [ExpressionArguments.Name]) -> String {
        var source = #"def env: error("env is not available in runtime expressions: Baton does not expose its process environment; use $secrets"); "#
        source += #"def input: error("input is not available in runtime expressions: there is no input stream"); "#
        source += #"def inputs: error("inputs is not available in runtime expressions: there is no input stream"); "#
        source += #"def modulemeta: error("modulemeta is not available in runtime expressions: modules are not loaded"); "#
        if !arguments.isEmpty {
            source += ". as [$__baton_input"
            for name in arguments { source += ", $" + name.rawValue }
            source += "] | $__baton_input | "
        }
        source += expression
        return source
    }

    /// Runs the program on `input` and returns its outputs: none as null, one as itself, several as
    /// an array of all of them in order.
    ///
    /// - Throws: ``ExpressionError/Kind/runtime`` with jq's message when the program raises an error,
    ///   ``ExpressionError/Kind/halted`` when it stops with `halt_error`.
    func run(on input: JSONValue, arguments values: ExpressionArguments) throws(ExpressionError) -> JSONValue {
        let start: jv
        if arguments.isEmpty {
            start = input.makeJV()
        } else {
            var array = jv_array_sized(Int32(arguments.count + 1))
            array = jv_array_append(array, input.makeJV())
            for name in arguments {
                array = jv_array_append(array, (values[name] ?? .null).makeJV())
            }
            start = array
        }
        jq_start(state, start, 0)

        var first: JSONValue?
        var more: [JSONValue] = []
        while true {
            let result = jq_next(state)
            if jv_get_kind(result) != JV_KIND_INVALID {
                let value = JSONValue(consuming: result)
                if first == nil { first = value } else { more.append(value) }
                continue
            }
            // The end of the output, an error (an invalid value with a message) or a halt.
            if jv_invalid_has_msg(jv_copy(result)) != 0 {
                throw .runtime(expression, message: Self.errorMessage(jv_invalid_get_msg(result)))
            }
            jv_free(result)
            if jq_halted(state) != 0 {
                let message = jq_get_error_message(state)
                if jv_get_kind(message) != JV_KIND_INVALID {
                    throw .halted(expression, message: Self.errorMessage(message))
                }
                jv_free(message)
            }
            break
        }
        guard let first else { return .null }
        if more.isEmpty { return first }
        return .array([first] + more)
    }

    /// jq's message for a runtime error: a string as it is, any other value as JSON text.
    private static func errorMessage(_ message: jv) -> String {
        let value = JSONValue(consuming: message)
        if case .string(let text) = value { return text }
        return "\(value.jsonText()) (not a string)"
    }

    /// jq's compile messages made readable: `jq: error: syntax error, unexpected $end (Unix shell
    /// quoting issues?) at <top-level>, line 1:` followed by the wrapped source becomes
    /// `syntax error, unexpected $end`, with `at line N` for an expression of several lines.
    static func compileMessage(_ messages: [String], multiline: Bool) -> String {
        var parts: [String] = []
        for message in messages {
            var text = Substring(message.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
            if text.hasPrefix("jq: error: ") { text = text.dropFirst("jq: error: ".count) }
            // The closing count, "jq: 1 compile error", says nothing of its own.
            if text.hasPrefix("jq: "), text.hasSuffix("compile error") || text.hasSuffix("compile errors") { continue }
            var line: Substring?
            if let location = text.firstRange(of: " at <top-level>, line ") {
                line = text[location.upperBound...].prefix { $0.isNumber }
                text = text[..<location.lowerBound]
            }
            if let hint = text.firstRange(of: " (Unix shell quoting issues?)") { text.removeSubrange(hint) }
            var part = String(text)
            if multiline, let line { part += " at line \(line)" }
            if !parts.contains(part) { parts.append(part) }
        }
        return parts.isEmpty ? "the expression does not compile" : parts.joined(separator: "; ")
    }
}

/// The messages libjq reports through its error callback while compiling.
private final class MessageBuffer {
    private var messages: [String] = []

    /// Keeps a message, consuming the jv.
    func append(_ message: jv) {
        if jv_get_kind(message) == JV_KIND_STRING {
            messages.append(JSONValue.string(borrowing: message))
            jv_free(message)
        } else {
            messages.append(JSONValue(consuming: message).jsonText())
        }
    }

    func take() -> [String] {
        defer { messages.removeAll() }
        return messages
    }

    func removeAll() {
        messages.removeAll()
    }
}
