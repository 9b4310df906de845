/// A string enumeration of the schema (`enum: [...]`), read strictly with a hint for near misses.
public protocol DocumentStringEnum: RawRepresentable, CaseIterable, DocumentCodable, Hashable where RawValue == String {}

extension DocumentStringEnum {
    public init(from reader: DocumentReader) throws(Diagnostic) {
        let text = try reader.oneOf(Self.allCases.map(\.rawValue))
        guard let value = Self(rawValue: text) else {
            throw reader.error("`\(text)` is not a known value", code: "model.enum")
        }
        self = value
    }

    public var documentValue: JSONValue { .string(rawValue) }
}
