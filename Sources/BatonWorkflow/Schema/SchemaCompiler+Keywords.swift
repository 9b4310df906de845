import Foundation

/// Compiling the keywords of one schema object, vocabulary by vocabulary.
extension SchemaCompiler {
    /// Reads keyword values of one schema object, throwing errors that name the keyword's place.
    struct KeywordReader {
        let members: [String: JSONValue]
        let located: SchemaCompiler.Located
        let compiler: SchemaCompiler
        var keywords: [SchemaKeyword] = []

        func location(_ name: String) -> String {
            located.key + "/" + SchemaCompiler.escape(name)
        }

        mutating func add(_ name: String, _ kind: SchemaKeyword.Kind) {
            keywords.append(SchemaKeyword(name: name, kind: kind, absoluteLocation: location(name)))
        }

        func schema(_ name: String) throws(SchemaCompilationError) -> Int? {
            guard let value = members[name] else { return nil }
            return try compiler.compile(compiler.child(of: located, value, name))
        }

        func schemaArray(_ name: String) throws(SchemaCompilationError) -> [Int]? {
            guard let value = members[name] else { return nil }
            guard case .array(let list) = value, !list.isEmpty else {
                throw .invalidKeyword(name, at: location(name), expected: "a non-empty array of schemas")
            }
            var nodes: [Int] = []
            for (index, item) in list.enumerated() {
                nodes.append(try compiler.compile(compiler.child(of: located, item, name, String(index))))
            }
            return nodes
        }

        /// A map of schemas, sorted by key so that errors come out in a stable order.
        func schemaMap(_ name: String) throws(SchemaCompilationError) -> [(String, Int)]? {
            guard let value = members[name] else { return nil }
            guard case .object(let map) = value else {
                throw .invalidKeyword(name, at: location(name), expected: "an object whose values are schemas")
            }
            var entries: [(String, Int)] = []
            for key in map.keys.sorted() {
                guard let item = map[key] else { continue }
                entries.append((key, try compiler.compile(compiler.child(of: located, item, name, key))))
            }
            return entries
        }

        func count(_ name: String) throws(SchemaCompilationError) -> Int? {
            guard let value = members[name] else { return nil }
            guard let number = value.doubleValue, number >= 0, number.rounded() == number else {
                throw .invalidKeyword(name, at: location(name), expected: "a non-negative integer")
            }
            return Int(exactly: number) ?? Int.max
        }

        func number(_ name: String) throws(SchemaCompilationError) -> Double? {
            guard let value = members[name] else { return nil }
            guard let number = value.doubleValue else {
                throw .invalidKeyword(name, at: location(name), expected: "a number")
            }
            return number
        }

        func strings(_ value: JSONValue, _ name: String) throws(SchemaCompilationError) -> [String] {
            guard case .array(let list) = value else {
                throw .invalidKeyword(name, at: location(name), expected: "an array of strings")
            }
            var result: [String] = []
            for item in list {
                guard case .string(let text) = item else {
                    throw .invalidKeyword(name, at: location(name), expected: "an array of strings")
                }
                result.append(text)
            }
            return result
        }

        func string(_ name: String) throws(SchemaCompilationError) -> String? {
            guard let value = members[name] else { return nil }
            guard case .string(let text) = value else {
                throw .invalidKeyword(name, at: location(name), expected: "a string")
            }
            return text
        }
    }

    /// The node's keywords in evaluation order.
    func compileKeywords(_ members: [String: JSONValue], at located: Located) throws(SchemaCompilationError) -> [SchemaKeyword] {
        var reader = KeywordReader(members: members, located: located, compiler: self)
        try compileCore(&reader)
        if located.vocabularies.contains(.applicator) { try compileApplicators(&reader) }
        if located.vocabularies.contains(.unevaluated) {
            if let node = try reader.schema("unevaluatedItems") { reader.add("unevaluatedItems", .unevaluatedItems(node)) }
            if let node = try reader.schema("unevaluatedProperties") { reader.add("unevaluatedProperties", .unevaluatedProperties(node)) }
        }
        if located.vocabularies.contains(.validation) {
            try compileGeneralAssertions(&reader)
            try compileNumberAndStringAssertions(&reader)
            try compileArrayAndObjectAssertions(&reader)
        }
        // Keywords were added in a fixed order; sorting by `order` keeps ties in that order.
        return reader.keywords.enumerated()
            .sorted { ($0.element.order, $0.offset) < ($1.element.order, $1.offset) }
            .map(\.element)
    }

    private func compileCore(_ reader: inout KeywordReader) throws(SchemaCompilationError) {
        // `$defs` needs no keyword: its schemas are reached through references.
        if let reference = try reader.string("$ref") {
            let target = try locate(reference, from: reader.located, keyword: "$ref")
            reader.add("$ref", .ref(try compile(target)))
        }
        if let reference = try reader.string("$dynamicRef") {
            let target = try locate(reference, from: reader.located, keyword: "$dynamicRef")
            let node = try compile(target)
            // Only a reference whose static target is a `$dynamicAnchor` of that name looks at the
            // dynamic scope; any other `$dynamicRef` behaves as `$ref`.
            let fragment = SchemaURI.split(reference).fragment.map { $0.removingPercentEncoding ?? $0 }
            var anchor: String?
            if let fragment, !fragment.isEmpty, !fragment.hasPrefix("/"), isDynamicAnchor(fragment, at: target) {
                anchor = fragment
            }
            reader.add("$dynamicRef", .dynamicRef(node, anchor: anchor))
        }
    }

    private func compileApplicators(_ reader: inout KeywordReader) throws(SchemaCompilationError) {
        if let nodes = try reader.schemaArray("allOf") { reader.add("allOf", .allOf(nodes)) }
        if let nodes = try reader.schemaArray("anyOf") { reader.add("anyOf", .anyOf(nodes)) }
        if let nodes = try reader.schemaArray("oneOf") { reader.add("oneOf", .oneOf(nodes)) }
        if let node = try reader.schema("not") { reader.add("not", .not(node)) }
        if let condition = try reader.schema("if") {
            reader.add("if", .conditional(if: condition, then: try reader.schema("then"), else: try reader.schema("else")))
        }
        if let entries = try reader.schemaMap("dependentSchemas") { reader.add("dependentSchemas", .dependentSchemas(entries)) }
        let prefix = try reader.schemaArray("prefixItems")
        if let prefix { reader.add("prefixItems", .prefixItems(prefix)) }
        if let node = try reader.schema("items") { reader.add("items", .items(node, from: prefix?.count ?? 0)) }
        if let node = try reader.schema("contains") {
            // minContains/maxContains belong to the validation vocabulary; without it, contains
            // needs one match and sets no upper bound.
            let validation = reader.located.vocabularies.contains(.validation)
            let minimum = validation ? try reader.count("minContains") ?? 1 : 1
            let maximum = validation ? try reader.count("maxContains") : nil
            reader.add("contains", .contains(node, minimum: minimum, maximum: maximum))
        }
        try compilePropertyApplicators(&reader)
    }

    private func compilePropertyApplicators(_ reader: inout KeywordReader) throws(SchemaCompilationError) {
        let properties = try reader.schemaMap("properties")
        if let properties { reader.add("properties", .properties(properties)) }
        var patterns: [(ECMARegex, Int)] = []
        if let entries = try reader.schemaMap("patternProperties") {
            for (pattern, node) in entries {
                patterns.append((try regex(pattern, at: reader.location("patternProperties")), node))
            }
            reader.add("patternProperties", .patternProperties(patterns))
        }
        if let node = try reader.schema("additionalProperties") {
            let known = Set(properties?.map(\.0) ?? [])
            reader.add("additionalProperties", .additionalProperties(node, known: known, patterns: patterns.map(\.0)))
        }
        if let node = try reader.schema("propertyNames") { reader.add("propertyNames", .propertyNames(node)) }
    }

    private func compileGeneralAssertions(_ reader: inout KeywordReader) throws(SchemaCompilationError) {
        if let value = reader.members["type"] {
            var names: [String] = []
            if case .string(let name) = value { names = [name] } else { names = try reader.strings(value, "type") }
            var types: SchemaTypes = []
            for name in names {
                guard let type = SchemaTypes(name: name) else {
                    throw .invalidKeyword("type", at: reader.location("type"), expected: "one of object, array, string, number, integer, boolean, null (not `\(name)`)")
                }
                types.insert(type)
            }
            reader.add("type", .type(types))
        }
        if let value = reader.members["enum"] {
            guard case .array(let values) = value else {
                throw .invalidKeyword("enum", at: reader.location("enum"), expected: "an array")
            }
            reader.add("enum", .enumeration(values))
        }
        if let value = reader.members["const"] { reader.add("const", .constant(value)) }
    }

    private func compileNumberAndStringAssertions(_ reader: inout KeywordReader) throws(SchemaCompilationError) {
        if let divisor = try reader.number("multipleOf") {
            guard divisor > 0 else {
                throw .invalidKeyword("multipleOf", at: reader.location("multipleOf"), expected: "a number greater than 0")
            }
            reader.add("multipleOf", .multipleOf(divisor))
        }
        let bounds: [(String, SchemaKeyword.Bound)] = [
            ("maximum", .maximum), ("exclusiveMaximum", .exclusiveMaximum), ("minimum", .minimum), ("exclusiveMinimum", .exclusiveMinimum),
        ]
        for (name, bound) in bounds {
            if let limit = try reader.number(name) { reader.add(name, .bound(bound, limit)) }
        }
        if let limit = try reader.count("maxLength") { reader.add("maxLength", .maxLength(limit)) }
        if let limit = try reader.count("minLength") { reader.add("minLength", .minLength(limit)) }
        if let pattern = try reader.string("pattern") {
            reader.add("pattern", .pattern(try regex(pattern, at: reader.location("pattern"))))
        }
    }

    private func compileArrayAndObjectAssertions(_ reader: inout KeywordReader) throws(SchemaCompilationError) {
        if let limit = try reader.count("maxItems") { reader.add("maxItems", .maxItems(limit)) }
        if let limit = try reader.count("minItems") { reader.add("minItems", .minItems(limit)) }
        if reader.members["uniqueItems"] == .bool(true) { reader.add("uniqueItems", .uniqueItems) }
        if let value = reader.members["required"] { reader.add("required", .required(try reader.strings(value, "required"))) }
        if let value = reader.members["dependentRequired"] {
            guard case .object(let map) = value else {
                throw .invalidKeyword("dependentRequired", at: reader.location("dependentRequired"), expected: "an object whose values are arrays of strings")
            }
            var entries: [(String, [String])] = []
            for key in map.keys.sorted() {
                guard let names = map[key] else { continue }
                entries.append((key, try reader.strings(names, "dependentRequired")))
            }
            reader.add("dependentRequired", .dependentRequired(entries))
        }
        if let limit = try reader.count("maxProperties") { reader.add("maxProperties", .maxProperties(limit)) }
        if let limit = try reader.count("minProperties") { reader.add("minProperties", .minProperties(limit)) }
    }
}
