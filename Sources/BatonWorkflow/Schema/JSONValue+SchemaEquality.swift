extension JSONValue {
    /// Equality as JSON Schema defines it for `const`, `enum` and `uniqueItems`: numbers by value
    /// (1 equals 1.0), strings by their code points. Swift's `String ==` treats canonically
    /// equivalent strings as equal ("é" and "e" + combining acute accent), which JSON Schema does not.
    func isSchemaEqual(to other: JSONValue) -> Bool {
        switch (self, other) {
        case let (.string(left), .string(right)):
            return left.unicodeScalars.elementsEqual(right.unicodeScalars)
        case let (.array(left), .array(right)):
            return left.count == right.count && zip(left, right).allSatisfy { $0.isSchemaEqual(to: $1) }
        case let (.object(left), .object(right)):
            return left.count == right.count && left.allSatisfy { key, value in
                right[key].map { value.isSchemaEqual(to: $0) } ?? false
            }
        default:
            return self == other
        }
    }
}
