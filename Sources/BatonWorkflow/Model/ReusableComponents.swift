/// The `use` section: components declared once and referred to by name
/// (OWS dsl-reference.md §Use).
public struct ReusableComponents: Sendable, Hashable, DocumentCodable {
    public var authentications: [String: AuthenticationPolicy]?
    public var catalogs: [String: Catalog]?
    public var errors: [String: WorkflowError]?
    /// In order: extensions apply in the order they are listed.
    public var extensions: [NamedExtension]?
    /// Tasks callable by name from `call`.
    public var functions: [String: WorkflowTask]?
    public var retries: [String: RetryPolicy]?
    /// The names of the secrets the workflow uses.
    public var secrets: [String]?
    public var timeouts: [String: TimeoutDefinition]?

    public init(
        authentications: [String: AuthenticationPolicy]? = nil, catalogs: [String: Catalog]? = nil, errors: [String: WorkflowError]? = nil,
        extensions: [NamedExtension]? = nil, functions: [String: WorkflowTask]? = nil, retries: [String: RetryPolicy]? = nil,
        secrets: [String]? = nil, timeouts: [String: TimeoutDefinition]? = nil
    ) {
        self.authentications = authentications
        self.catalogs = catalogs
        self.errors = errors
        self.extensions = extensions
        self.functions = functions
        self.retries = retries
        self.secrets = secrets
        self.timeouts = timeouts
    }

    public init(from reader: DocumentReader) throws(Diagnostic) {
        self = try reader.object { (object) throws(Diagnostic) in
            ReusableComponents(
                authentications: try object.optional("authentications"), catalogs: try object.optional("catalogs"),
                errors: try object.optional("errors"), extensions: try object.optional("extensions"),
                functions: try object.optional("functions"), retries: try object.optional("retries"),
                secrets: try object.optional("secrets"), timeouts: try object.optional("timeouts")
            )
        }
    }

    public var documentValue: JSONValue {
        var writer = ObjectWriter()
        writer.set("authentications", authentications)
        writer.set("catalogs", catalogs)
        writer.set("errors", errors)
        writer.set("extensions", extensions)
        writer.set("functions", functions)
        writer.set("retries", retries)
        writer.set("secrets", secrets)
        writer.set("timeouts", timeouts)
        return writer.value
    }
}
