/// A JSON Schema (draft 2020-12), compiled once and used to validate any number of values.
///
/// Compiling resolves every `$ref`, loads referenced documents from a `SchemaRegistry`, and
/// compiles regular expressions; validating then only walks the compiled form. A `JSONSchema` is
/// immutable, so one instance can validate on several threads at once.
///
/// ```swift
/// let schema = try JSONSchema(["type": "object", "required": ["name"]])
/// schema.validate(["nick": "x"]).first?.message  // "missing required key `name`"
/// ```
///
/// `format` is an annotation only, as the 2020-12 default says; unknown keywords are ignored.
public struct JSONSchema: Sendable {
    /// How many errors `validate` reports when an `anyOf` or `oneOf` fails.
    public enum ErrorReporting: Sendable, Hashable {
        /// The errors of the most relevant alternative only (see `SchemaErrorRanking`), and no
        /// `unevaluated*` errors that merely repeat an in-place failure. What a person should read.
        case bestMatch
        /// Every error of every alternative.
        case all
    }

    private let nodes: [SchemaNode]
    private let resources: [SchemaResource]
    private let root: Int

    /// Compiles a schema.
    ///
    /// - Parameters:
    ///   - schema: The schema document: an object or a boolean.
    ///   - baseURI: The URI the schema was retrieved from, against which its `$id` and relative
    ///     references resolve. Without one, a root `$id` names the schema, and references are
    ///     resolved as written.
    ///   - registry: Further documents that references may lead to, and a loader for others.
    /// - Throws: `SchemaCompilationError` naming the place of a reference that cannot be resolved,
    ///   a regular expression that does not compile, or a keyword with a value of the wrong kind.
    public init(_ schema: JSONValue, baseURI: String? = nil, registry: SchemaRegistry = SchemaRegistry()) throws(SchemaCompilationError) {
        let compiler = SchemaCompiler(registry: registry)
        root = try compiler.compileRoot(schema, baseURI: baseURI ?? "")
        nodes = compiler.nodes
        resources = compiler.resources
    }

    /// Validates `instance`; returns its errors, none when it is valid.
    ///
    /// - Parameters:
    ///   - instance: The value to check.
    ///   - reporting: `.bestMatch` (the default) for the concise list a person reads, `.all` for every error.
    public func validate(_ instance: JSONValue, reporting: ErrorReporting = .bestMatch) -> [SchemaError] {
        var evaluator = SchemaEvaluator(nodes: nodes, resources: resources, reporting: reporting, quiet: false)
        var none: SchemaAnnotations?
        _ = evaluator.evaluate(root, instance, &none)
        return evaluator.errors
    }

    /// Whether `instance` is valid; faster than `validate`, as it stops at the first failure.
    public func isValid(_ instance: JSONValue) -> Bool {
        var evaluator = SchemaEvaluator(nodes: nodes, resources: resources, reporting: .bestMatch, quiet: true)
        var none: SchemaAnnotations?
        return evaluator.evaluate(root, instance, &none)
    }

    /// Validates a loaded document; each error becomes a diagnostic (code `schema.<keyword>`)
    /// at the line and column of the offending value, or of the key for key errors.
    public func diagnostics(for document: LoadedDocument, reporting: ErrorReporting = .bestMatch) -> [Diagnostic] {
        validate(document.value, reporting: reporting).map { $0.diagnostic(in: document) }
    }

    /// How many schema nodes the compiled form has (every schema object reached, once).
    public var nodeCount: Int { nodes.count }
}
