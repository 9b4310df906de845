import BatonWorkflow

/// One parameter of a template: a property of its workflow's `input.schema`, with the catalog's
/// type, enum, default, minimum and whether it is required, and the value convention
/// (`x-baton-kind`) the planner normalizes a stated value to.
public struct TemplateParameter: Sendable, Hashable {
    public enum ValueType: String, Sendable, Hashable, CaseIterable {
        case string, integer, number, boolean, object
    }

    /// The value conventions of the catalog (templates.yaml, "Value conventions").
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Integer seconds ("10 minutes" → 600, "半小时" → 1800).
        case duration
        /// A number 0…100 ("10%" → 10).
        case percent
        /// A fraction 0…1 ("error rate above 1%" → 0.01).
        case rate
        /// Integer GiB ("20G" → 20).
        case size
        /// A five-field cron string ("every night at 2am" → "0 2 * * *").
        case cron
        /// A name as written, lower-cased ("Checkout" → "checkout").
        case name
        /// A command line, as written.
        case command
        /// A container image reference (`shop:1.4`, `ghcr.io/acme/shop:1.4`).
        case image
        /// A version label or image tag (`v2`, `1.4.2`).
        case version
        /// A URL or repository address.
        case url
        /// A path or URL where something is kept.
        case location
        /// Any other text (a search pattern, a secret's name).
        case text
    }

    public var name: String
    public var type: ValueType
    public var kind: Kind?
    public var required: Bool
    public var defaultValue: JSONValue?
    public var enumValues: [String]?
    public var minimum: Double?
    public var description: String?

    public init(
        name: String, type: ValueType, kind: Kind? = nil, required: Bool = false, defaultValue: JSONValue? = nil,
        enumValues: [String]? = nil, minimum: Double? = nil, description: String? = nil
    ) {
        self.name = name
        self.type = type
        self.kind = kind
        self.required = required
        self.defaultValue = defaultValue
        self.enumValues = enumValues
        self.minimum = minimum
        self.description = description
    }
}
