/// One compiled schema object (or boolean schema): its keywords with every reference already
/// resolved to the index of another node, and its regular expressions compiled.
struct SchemaNode: Sendable {
    enum Body: Sendable {
        case always(Bool)
        case keywords([SchemaKeyword])
    }

    var body: Body
    /// The index of the schema resource (`$id` scope) the node belongs to, for `$dynamicRef`.
    var resource: Int
    /// `uri#/pointer`: where the node is written.
    var location: String
    /// The schema's `title`, used to name alternatives in messages.
    var title: String?
    /// The node has `unevaluatedProperties` or `unevaluatedItems`, so its in-place subschemas
    /// must report which properties and items they evaluated.
    var needsAnnotations: Bool

    static let placeholder = SchemaNode(body: .always(true), resource: 0, location: "", title: nil, needsAnnotations: false)
}

/// A schema resource: a document root or a subschema with `$id`.
struct SchemaResource: Sendable {
    var uri: String
    /// The nodes of the resource's `$dynamicAnchor`s, by anchor name.
    var dynamicAnchors: [String: Int]
}

/// A compiled keyword and what it needs to evaluate.
struct SchemaKeyword: Sendable {
    enum Bound: Sendable {
        case maximum, exclusiveMaximum, minimum, exclusiveMinimum
    }

    enum Kind: Sendable {
        case ref(Int)
        /// The statically resolved target, and the anchor name when the target is a
        /// `$dynamicAnchor` (only then does the dynamic scope take part).
        case dynamicRef(Int, anchor: String?)
        case type(SchemaTypes)
        case enumeration([JSONValue])
        case constant(JSONValue)
        case multipleOf(Double)
        case bound(Bound, Double)
        case maxLength(Int)
        case minLength(Int)
        case pattern(ECMARegex)
        case maxItems(Int)
        case minItems(Int)
        case uniqueItems
        case contains(Int, minimum: Int, maximum: Int?)
        case required([String])
        case dependentRequired([(String, [String])])
        case maxProperties(Int)
        case minProperties(Int)
        case allOf([Int])
        case anyOf([Int])
        case oneOf([Int])
        case not(Int)
        case conditional(if: Int, then: Int?, else: Int?)
        case dependentSchemas([(String, Int)])
        case prefixItems([Int])
        case items(Int, from: Int)
        case properties([(String, Int)])
        case patternProperties([(ECMARegex, Int)])
        case additionalProperties(Int, known: Set<String>, patterns: [ECMARegex])
        case propertyNames(Int)
        case unevaluatedItems(Int)
        case unevaluatedProperties(Int)
    }

    /// The keyword as written, the segment it adds to the keyword location.
    var name: String
    var kind: Kind
    /// `uri#/pointer/keyword`.
    var absoluteLocation: String

    /// Applies subschemas to the same instance, so their failure leaves annotations incomplete.
    var isInPlaceApplicator: Bool {
        switch kind {
        case .ref, .dynamicRef, .allOf, .anyOf, .oneOf, .not, .conditional, .dependentSchemas: true
        default: false
        }
    }

    var isUnevaluated: Bool {
        switch kind {
        case .unevaluatedItems, .unevaluatedProperties: true
        default: false
        }
    }

    /// Evaluation order: cheap checks that usually decide an alternative (`type`, `const`,
    /// `required`) first, so that failing `oneOf` branches stop early; `unevaluated*` last, as
    /// they need every other keyword's annotations.
    var order: Int {
        switch kind {
        case .type: 0
        case .constant, .enumeration: 1
        case .required: 2
        case .unevaluatedItems, .unevaluatedProperties: 9
        case .ref, .dynamicRef, .allOf, .anyOf, .oneOf, .not, .conditional, .dependentSchemas: 5
        case .properties, .patternProperties, .additionalProperties, .propertyNames,
             .prefixItems, .items, .contains: 4
        default: 3
        }
    }
}

/// The JSON types a `type` keyword allows.
struct SchemaTypes: OptionSet, Sendable {
    let rawValue: UInt8

    static let null = SchemaTypes(rawValue: 1 << 0)
    static let boolean = SchemaTypes(rawValue: 1 << 1)
    static let integer = SchemaTypes(rawValue: 1 << 2)
    static let number = SchemaTypes(rawValue: 1 << 3)
    static let string = SchemaTypes(rawValue: 1 << 4)
    static let array = SchemaTypes(rawValue: 1 << 5)
    static let object = SchemaTypes(rawValue: 1 << 6)

    /// In the order messages list them.
    static let named: [(String, SchemaTypes)] = [
        ("object", .object), ("array", .array), ("string", .string), ("number", .number),
        ("integer", .integer), ("boolean", .boolean), ("null", .null),
    ]

    init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    init?(name: String) {
        guard let match = Self.named.first(where: { $0.0 == name }) else { return nil }
        self = match.1
    }

    /// Whether a value of this JSON type is allowed; an integer is also a number, and a number
    /// with no fractional part (`1.0`) is also an integer.
    func admits(_ value: JSONValue) -> Bool {
        switch value {
        case .null: contains(.null)
        case .bool: contains(.boolean)
        case .integer: contains(.integer) || contains(.number)
        case .number(let number):
            contains(.number) || (contains(.integer) && number.isFinite && number.rounded() == number)
        case .string: contains(.string)
        case .array: contains(.array)
        case .object: contains(.object)
        }
    }
}

/// The vocabularies whose keywords a schema resource uses, from its meta-schema's `$vocabulary`.
struct SchemaVocabularies: OptionSet, Sendable, Hashable {
    let rawValue: UInt8

    static let core = SchemaVocabularies(rawValue: 1 << 0)
    static let applicator = SchemaVocabularies(rawValue: 1 << 1)
    static let unevaluated = SchemaVocabularies(rawValue: 1 << 2)
    static let validation = SchemaVocabularies(rawValue: 1 << 3)
    /// Vocabularies that only annotate (meta-data, format-annotation, content): nothing to check.
    static let annotationOnly = SchemaVocabularies(rawValue: 1 << 4)
    static let all: SchemaVocabularies = [.core, .applicator, .unevaluated, .validation, .annotationOnly]

    init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// The vocabulary a 2020-12 vocabulary URI names, or nil for one this validator does not know.
    init?(uri: String) {
        let prefix = "https://json-schema.org/draft/2020-12/vocab/"
        guard uri.hasPrefix(prefix) else { return nil }
        switch uri.dropFirst(prefix.count) {
        case "core": self = .core
        case "applicator": self = .applicator
        case "unevaluated": self = .unevaluated
        case "validation": self = .validation
        // `format` only annotates here: the format-assertion vocabulary is accepted but its
        // formats are not checked (the 2020-12 default behaviour of `format`).
        case "meta-data", "format-annotation", "format-assertion", "content": self = .annotationOnly
        default: return nil
        }
    }
}

/// Which properties and items of the current instance the keywords evaluated so far looked at,
/// for `unevaluatedProperties` and `unevaluatedItems`.
struct SchemaAnnotations {
    var properties: Set<String> = []
    /// Items below this index were evaluated (`prefixItems`, `items`; `Int.max` for all).
    var itemPrefix = 0
    /// Items matched by `contains`.
    var items: Set<Int> = []

    mutating func merge(_ other: SchemaAnnotations) {
        properties.formUnion(other.properties)
        itemPrefix = max(itemPrefix, other.itemPrefix)
        items.formUnion(other.items)
    }

    func isEvaluated(item index: Int) -> Bool {
        index < itemPrefix || items.contains(index)
    }
}
