/// A component written inline or named after a reusable one in the workflow's `use` section
/// (timeouts, errors to raise, retry policies: OWS dsl-reference.md §Use).
public enum Referenceable<Definition: DocumentCodable & Hashable>: Sendable, Hashable, DocumentCodable {
    /// The name of a component declared under `use`.
    case reference(String)
    case definition(Definition)

    public init(from reader: DocumentReader) throws(Diagnostic) {
        switch reader.value {
        case .string(let name):
            self = .reference(name)
        case .object:
            self = .definition(try Definition(from: reader))
        default:
            throw reader.typeMismatch(expected: "the name of a reusable definition (a string) or an inline definition (a mapping)")
        }
    }

    public var documentValue: JSONValue {
        switch self {
        case .reference(let name): .string(name)
        case .definition(let definition): definition.documentValue
        }
    }

    /// The name referenced, or nil for an inline definition.
    public var referenceName: String? {
        if case .reference(let name) = self { return name }
        return nil
    }

    /// The inline definition, or nil for a reference.
    public var inlineDefinition: Definition? {
        if case .definition(let definition) = self { return definition }
        return nil
    }
}
