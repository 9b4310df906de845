import BatonWorkflow

extension URITemplate {
    /// The template expanded with the top-level members of `input` (dsl-reference.md §URI
    /// Template): `{petId}` is replaced by the percent-encoded text of `input.petId`; a name
    /// without a value, or whose value is null, becomes empty.
    ///
    /// - Throws: an expression error (status 400) when a variable's value is an array or an
    ///   object, as the specification requires.
    func expanded(withTopLevelValuesOf input: JSONValue, instance: String?) throws(WorkflowFault) -> String {
        let members = input.objectValue ?? [:]
        var values: [String: String] = [:]
        for name in variableNames {
            guard let value = members[name] else { continue }
            guard let text = value.uriTemplateText else {
                throw .expression(
                    "the URI template `\(text)` uses `{\(name)}`, whose value is \(value.typeNameWithArticle); only strings, numbers, booleans and null can be interpolated",
                    instance: instance)
            }
            values[name] = PercentEncoding.encode(text)
        }
        return expanded(with: values)
    }
}

extension JSONValue {
    /// The text of a scalar as it is written into a URL or a header: strings as they are,
    /// numbers and booleans as JSON writes them, null as empty. Nil for arrays and objects.
    var uriTemplateText: String? {
        switch self {
        case .null: ""
        case .string(let text): text
        case .bool(let value): value ? "true" : "false"
        case .integer(let number): String(number)
        case .number: jsonText()
        case .array, .object: nil
        }
    }
}
