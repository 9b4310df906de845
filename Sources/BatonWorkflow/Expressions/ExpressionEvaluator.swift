import Foundation
import Synchronization

/// Evaluates OWS runtime expressions with libjq, caching compiled programs.
///
/// Thread-safe: evaluate from any number of tasks or threads at once. A compiled program (a
/// `jq_state`) runs one evaluation at a time, so the evaluator keeps a few idle ones per expression
/// and compiles another when all are busy. Compiling costs far more than running (libjq 1.6 compiles
/// its builtins with every program), so keep one evaluator for the life of the process.
///
/// ## Results
/// A jq program produces a stream of outputs. The result of an evaluation is:
/// - no output (`empty`, `select(false)`): `null`;
/// - one output: that output;
/// - several outputs (`.[]`, `1, 2`): an array of all of them, in order.
///
/// This is what the Serverless Workflow Java SDK does (its `JQExpression` collects the outputs the
/// same way), and it loses nothing: taking the first output, as the Go SDK does, would silently drop
/// the rest. An expression that means one value should say so, e.g. `first(.[])`.
///
/// ## Arguments
/// Only the arguments that are given (non-nil in ``ExpressionArguments``) are bound, and of those
/// only the ones the expression mentions, so unused large values are never converted. An expression
/// that uses an argument that is not given fails with ``ExpressionError/Kind/unavailableArgument``.
///
/// ## What jq cannot do here
/// `input` and `inputs` fail (there is no input stream); `env` and `$ENV` fail (Baton's process
/// environment is not the workflow's); `import` and `include` do not compile (no modules from disk).
/// `halt` ends the output; `halt_error` fails with ``ExpressionError/Kind/halted``. As in jq 1.6,
/// `error(null)` produces no output and no error, like `empty`. A program that never ends (`repeat(1)`,
/// `def f: f; f`) never returns: libjq 1.6 cannot be interrupted.
public final class ExpressionEvaluator: Sendable {
    /// How much the evaluator keeps.
    public struct Configuration: Sendable, Hashable {
        /// How many distinct expressions to keep compiled; the least recently used is dropped first.
        public var cacheCapacity: Int
        /// How many idle compiled programs to keep per expression (and set of bound arguments): as
        /// many as evaluations of the same expression you expect to run at the same moment. An
        /// evaluation that finds none idle compiles one, which costs milliseconds. By default the
        /// number of processors (at least 4), since evaluations are synchronous and so run at most
        /// one per thread of the concurrency pool.
        public var programsPerExpression: Int

        /// A configuration; the defaults suit a process that runs many workflows.
        public init(cacheCapacity: Int = 512, programsPerExpression: Int = max(4, ProcessInfo.processInfo.activeProcessorCount)) {
            self.cacheCapacity = cacheCapacity
            self.programsPerExpression = programsPerExpression
        }
    }

    /// Counters of the evaluator's work, for tests, benchmarks and metrics.
    public struct Statistics: Sendable, Hashable {
        /// How many times a program was compiled (successfully or not).
        public var compilations: Int
        /// How many evaluations or checks found a compiled program (or a known failure) in the cache.
        public var cacheHits: Int
        /// How many expressions the cache holds now.
        public var cachedExpressions: Int
    }

    private let cache: Mutex<ProgramCache>

    /// An evaluator with an empty cache.
    public init(configuration: Configuration = .init()) {
        cache = Mutex(ProgramCache(capacity: configuration.cacheCapacity, programsPerVariant: configuration.programsPerExpression))
    }

    /// The evaluator's counters now.
    public var statistics: Statistics {
        cache.withLock { Statistics(compilations: $0.compilations, cacheHits: $0.hits, cachedExpressions: $0.count) }
    }

    /// Evaluates one runtime expression.
    ///
    /// - Parameters:
    ///   - expression: the jq program; an enclosing `${ }` is removed first, so both `.a` and
    ///     `${ .a }` work. It must come from the workflow definition, never from input data.
    ///     Compiled programs are cached by this text exactly as given.
    ///   - input: the value the expression runs on (jq's `.`).
    ///   - arguments: the arguments available where the expression sits.
    /// - Returns: the expression's output; see "Results" above for zero or several outputs.
    /// - Throws: ``ExpressionError`` when the expression does not compile, uses an argument that is
    ///   not available, raises an error or halts with an error.
    public func evaluate(_ expression: String, on input: JSONValue, arguments: ExpressionArguments = .none) throws(ExpressionError) -> JSONValue {
        let text = arguments.variables.isEmpty ? expression : Self.declaring(arguments.variables.keys, in: expression)
        let (compiled, bound) = try checkOut(text, available: arguments.available)
        defer { checkIn(compiled, expression: text, bound: bound) }
        do throws(ExpressionError) {
            return try compiled.run(on: input, arguments: arguments)
        } catch {
            throw error.reported(as: Self.program(of: expression))
        }
    }

    /// The program with the scoped variables it mentions unpacked from the variables argument:
    /// `$__baton_variables.item as $item | EXPR`. `as` binds over the whole rest of the program.
    static func declaring(_ names: some Collection<String>, in expression: String) -> String {
        let program = Self.program(of: expression)
        let mentioned = Set(RuntimeExpression.variables(in: program))
        var prefix = ""
        for name in names.sorted() where mentioned.contains(name) {
            prefix += "$__baton_variables[\"\(name)\"] as $\(name) | "
        }
        return prefix.isEmpty ? expression : prefix + program
    }

    /// Checks that an expression compiles, without running it: for validating definitions.
    ///
    /// - Parameters:
    ///   - expression: the jq program, with or without an enclosing `${ }`.
    ///   - availableArguments: the arguments available where the expression sits; using any other
    ///     one is reported. All of them by default.
    ///   - variables: the names of the scoped variables (`item`, `index`, `error`...) in scope.
    /// - Returns: nil when the expression compiles, otherwise the error, with jq's message.
    public func check(_ expression: String, availableArguments: ExpressionArguments.Names = .all, variables: [String] = []) -> ExpressionError? {
        let text = variables.isEmpty ? expression : Self.declaring(variables, in: expression)
        do throws(ExpressionError) {
            let (compiled, bound) = try checkOut(text, available: variables.isEmpty ? availableArguments : availableArguments.union(.variables))
            checkIn(compiled, expression: text, bound: bound)
            return nil
        } catch {
            return error.reported(as: Self.program(of: expression))
        }
    }

    /// The jq program of an expression: the inside of `${ ... }`, or the whole text.
    static func program(of expression: String) -> String {
        RuntimeExpression.program(of: expression)
    }

    /// An idle compiled program for `expression` with the available arguments it mentions bound,
    /// compiled now if none is idle.
    private func checkOut(_ expression: String, available: ExpressionArguments.Names) throws(ExpressionError) -> (JQProgram, ExpressionArguments.Names) {
        let program: String
        let mentioned: ExpressionArguments.Names
        let mentionsEnvironment: Bool
        switch cache.withLock({ $0.lookUp(expression, available: available) }) {
        case .program(let compiled):
            return (compiled, compiled.bound)
        case .failure(let error):
            throw error
        case .compile(let known, let names, let environment):
            program = known
            mentioned = names
            mentionsEnvironment = environment
        case .unknown:
            program = Self.program(of: expression)
            let variables = RuntimeExpression.variables(in: program)
            mentioned = ExpressionArguments.Names(variables.compactMap(ExpressionArguments.Name.init(rawValue:)))
            mentionsEnvironment = variables.contains("ENV")
        }

        let bound = mentioned.intersection(available)
        let outcome: Result<JQProgram, ExpressionError>
        if mentionsEnvironment {
            outcome = .failure(.unavailableArgument(program, name: "ENV"))
        } else {
            do throws(ExpressionError) {
                outcome = .success(try JQProgram(expression: program, bound: bound))
            } catch {
                outcome = .failure(Self.explain(error, unbound: mentioned.subtracting(bound)))
            }
        }
        let failure: ExpressionError? = if case .failure(let error) = outcome { error } else { nil }
        let evicted = cache.withLock {
            $0.recordCompilation(
                expression, program: program, mentioned: mentioned, mentionsEnvironment: mentionsEnvironment, bound: bound,
                failure: failure)
        }
        // Programs evicted to make room are released here, outside the lock.
        _ = consume evicted
        return (try outcome.get(), bound)
    }

    private func checkIn(_ compiled: JQProgram, expression: String, bound: ExpressionArguments.Names) {
        let unkept = cache.withLock { $0.checkIn(compiled, expression: expression, bound: bound) }
        // A program there was no room for is released here, outside the lock.
        _ = consume unkept
    }

    /// A compile error about an argument that was not bound, `$output is not defined`, says so plainly.
    private static func explain(_ error: ExpressionError, unbound: ExpressionArguments.Names) -> ExpressionError {
        for name in unbound.names where error.message.contains("$\(name.rawValue) is not defined") {
            return .unavailableArgument(error.expression, name: name.rawValue)
        }
        return error
    }
}
