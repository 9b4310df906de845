import Foundation
import Testing
@testable import BatonWorkflow

/// Messages, paths and error selection that workflow authors and callers depend on.
@Suite struct JSONSchemaTests {
    /// The single error of validating `instance`, which the test requires there to be.
    func onlyError(_ schema: JSONValue, _ instance: JSONValue) throws -> SchemaError {
        let errors = try JSONSchema(schema).validate(instance)
        #expect(errors.count == 1, "\(errors)")
        return try #require(errors.first)
    }

    // MARK: Messages

    @Test(arguments: [
        (["type": "string"], 3, "expected a string, found an integer"),
        (["type": ["string", "object"]], 1.5, "expected an object or a string, found a number"),
        (["type": "integer"], "3", "expected an integer, found a string"),
        (["type": "object"], nil, "expected an object, found null"),
        (["required": ["name"]], ["nick": "x"], "missing required key `name`"),
        (["enum": ["a", "b"]], "x", "`x` is not one of `a`, `b`"),
        (["const": "http"], "grpc", "expected `http`, found `grpc`"),
        (["pattern": "^[a-z]+$"], "ABC", "does not match the pattern ^[a-z]+$"),
        (["minItems": 1], [], "must have at least 1 item, found 0"),
        (["maxItems": 2], [1, 2, 3], "must have at most 2 items, found 3"),
        (["minLength": 3], "ab", "must be at least 3 characters long, found 2"),
        (["maximum": 10], 11, "must be at most 10, found `11`"),
        (["exclusiveMinimum": 0], 0, "must be greater than 0, found `0`"),
        (["multipleOf": 0.5], 0.7, "must be a multiple of 0.5"),
        (["uniqueItems": true], [1, 2, 1.0], "items 0 and 2 are equal; the items must be unique"),
        (["minProperties": 1], [:], "must have at least 1 key, found 0"),
        (["dependentRequired": ["a": ["b"]]], ["a": 1], "missing key `b`, which is required when `a` is present"),
        (["contains": ["type": "string"]], [1, 2], "must contain at least 1 item matching the `contains` schema, found 0"),
        (["not": ["title": "Secret", "required": ["password"]]], ["password": "x"], "must not match `Secret`"),
        (false, 1, "no value is allowed here"),
    ] as [(JSONValue, JSONValue, String)])
    func messageSaysWhatIsWrong(_ schema: JSONValue, _ instance: JSONValue, _ message: String) throws {
        let error = try onlyError(schema, instance)
        #expect(error.message == message)
        #expect(error.instancePath == .root)
    }

    @Test func unknownKeyPointsAtTheKey() throws {
        let schema: JSONValue = ["properties": ["name": ["type": "string"]], "additionalProperties": false]
        let error = try onlyError(schema, ["name": "a", "foo": 1])
        #expect(error.message == "unknown key `foo`")
        #expect(error.instancePath == ["foo"])
        #expect(error.isAboutKey)
        #expect(error.keyword == "additionalProperties")
        #expect(error.keywordLocation == "/additionalProperties")
    }

    @Test func unevaluatedPropertiesSeesThroughAllOfAndRef() throws {
        let schema: JSONValue = [
            "$defs": ["base": ["properties": ["if": ["type": "string"]]]],
            "allOf": [["$ref": "#/$defs/base"], ["properties": ["call": ["const": "http"]]]],
            "unevaluatedProperties": false,
        ]
        let compiled = try JSONSchema(schema)
        #expect(compiled.isValid(["if": "x", "call": "http"]))
        let errors = compiled.validate(["if": "x", "call": "http", "foo": "bar"])
        #expect(errors.map(\.message) == ["unknown key `foo`"])
        #expect(errors.first?.instancePath == ["foo"])
        #expect(errors.first?.keywordLocation == "/unevaluatedProperties")
    }

    @Test func nestedPathsReadLikeTheDocument() throws {
        let schema: JSONValue = [
            "properties": ["do": ["type": "array", "items": ["required": ["name"], "properties": ["name": ["type": "string"]]]]],
        ]
        let error = try onlyError(schema, ["do": [["name": "a"], ["name": 5]]])
        #expect(error.instancePath.description == "do[1].name")
        #expect(error.instancePath.jsonPointer == "/do/1/name")
        #expect(error.keywordLocation == "/properties/do/items/properties/name/type")
        #expect(error.message == "expected a string, found an integer")
        #expect(error.description == "do[1].name: expected a string, found an integer")
    }

    @Test func aForbiddenKeyIsReportedOnTheKey() throws {
        let error = try onlyError(["properties": ["until": false]], ["until": 1])
        #expect(error.message == "the key `until` is not allowed here")
        #expect(error.instancePath == ["until"])
        #expect(error.isAboutKey)
        #expect(error.keywordLocation == "/properties/until")
    }

    @Test func badKeyNamesAreReportedOnTheKey() throws {
        let error = try onlyError(["propertyNames": ["pattern": "^[a-z]+$"]], ["Good": 1, "fine": 2])
        #expect(error.instancePath == ["Good"])
        #expect(error.isAboutKey)
        #expect(error.message == "the key name `Good` is not allowed: does not match the pattern ^[a-z]+$")
    }

    @Test func extraItemsAreReportedAtTheirIndex() throws {
        let error = try onlyError(["prefixItems": [["type": "string"]], "items": false], ["a", "b"])
        #expect(error.instancePath == [1])
        #expect(error.message == "unexpected item at index 1; the list allows no more items here")
    }

    // MARK: Choosing among alternatives

    static let shapes: JSONValue = [
        "oneOf": [
            ["title": "Circle", "type": "object", "required": ["kind", "radius"], "unevaluatedProperties": false,
             "properties": ["kind": ["const": "circle"], "radius": ["type": "number"]]],
            ["title": "Square", "type": "object", "required": ["kind", "side"], "unevaluatedProperties": false,
             "properties": ["kind": ["const": "square"], "side": ["type": "number", "minimum": 0]]],
            ["title": "Label", "type": "string", "pattern": "^[a-z]+$"],
        ],
    ]

    @Test func theAlternativeWhoseConstMatchedIsReported() throws {
        let error = try onlyError(Self.shapes, ["kind": "square", "side": 2, "colour": "red"])
        #expect(error.message == "unknown key `colour`")
        #expect(error.instancePath == ["colour"])
        #expect(error.keywordLocation == "/oneOf/1/unevaluatedProperties")
    }

    @Test func aMissingKeyInTheMatchingAlternativeIsReported() throws {
        let error = try onlyError(Self.shapes, ["kind": "circle"])
        #expect(error.message == "missing required key `radius`")
        #expect(error.keywordLocation == "/oneOf/0/required")
    }

    @Test func theDeepestErrorWinsAmongUndiscriminatedAlternatives() throws {
        let schema: JSONValue = [
            "anyOf": [
                ["properties": ["a": ["type": "string"]]],
                ["properties": ["a": ["properties": ["b": ["properties": ["c": ["type": "integer"]]]]]]],
            ],
        ]
        let error = try onlyError(schema, ["a": ["b": ["c": "x"]]])
        #expect(error.instancePath == ["a", "b", "c"])
        #expect(error.message == "expected an integer, found a string")
    }

    @Test func fewerErrorsWinWhenDepthsAreEqual() throws {
        let schema: JSONValue = [
            "anyOf": [
                ["properties": ["a": ["type": "string"], "b": ["type": "string"]]],
                ["properties": ["a": ["type": "integer"], "b": ["type": "boolean"]]],
            ],
        ]
        let error = try onlyError(schema, ["a": 1, "b": 2])
        #expect(error.instancePath == ["b"])
        #expect(error.message == "expected a boolean, found an integer")
    }

    @Test func matchingMoreThanOneAlternativeNamesThem() throws {
        let schema: JSONValue = ["oneOf": [["title": "Text", "type": "string"], ["maxLength": 5], ["type": "integer"]]]
        let error = try onlyError(schema, "abc")
        #expect(error.keyword == "oneOf")
        #expect(error.message == "matches `Text` (alternative 0) and alternative 1, but must match exactly one of the 3 alternatives")
    }

    @Test func allErrorsModeReportsEveryAlternative() throws {
        let schema = try JSONSchema(Self.shapes)
        let instance: JSONValue = ["kind": "square", "side": 2, "colour": "red"]
        #expect(schema.validate(instance).count == 1)
        #expect(schema.validate(instance, reporting: .all).count > 3)
    }

    // MARK: Semantics that are easy to get wrong

    @Test func numbersCompareByValue() throws {
        let schema = try JSONSchema(["const": 1, "type": "integer"])
        #expect(schema.isValid(1.0))
        #expect(schema.isValid(1))
        #expect(!schema.isValid(1.5))
        #expect(try JSONSchema(["multipleOf": 0.0001]).isValid(0.0075))
        #expect(try !JSONSchema(["multipleOf": 0.123456789]).isValid(1e308))
    }

    @Test func lengthsCountCodePoints() throws {
        let schema = try JSONSchema(["maxLength": 2, "minLength": 2])
        #expect(schema.isValid("💩💩"))
        #expect(!schema.isValid("💩"))
    }

    @Test func stringsAreEqualOnlyWithTheSameCodePoints() throws {
        let schema = try JSONSchema(["enum": ["caf\u{E9}"]])
        #expect(schema.isValid("caf\u{E9}"))
        #expect(!schema.isValid("cafe\u{301}"))
    }

    @Test func aSchemaThatRefersToItselfInALoopIsInvalidNotAHang() throws {
        let schema = try JSONSchema(["$defs": ["a": ["$ref": "#/$defs/b"], "b": ["$ref": "#/$defs/a"]], "$ref": "#/$defs/a"])
        let errors = schema.validate(1)
        #expect(!errors.isEmpty)
        #expect(errors.first?.message.contains("loop") == true)
        #expect(!schema.isValid(1))
    }

    @Test func patternsFollowECMAScript() throws {
        let name = try JSONSchema(["pattern": "^[a-z]+$"])
        #expect(name.isValid("abc"))
        #expect(!name.isValid("abc\n"))
        let digits = try JSONSchema(["pattern": "^\\d+$"])
        #expect(digits.isValid("123"))
        #expect(!digits.isValid("\u{663}"))
        #expect(try JSONSchema(["pattern": "^[\\w$]+$"]).isValid("a_$"))
    }

    /// The loader admits documents 200 levels deep; validating one must not exhaust a task's
    /// stack, and a deeper value (from elsewhere) is refused rather than crashing.
    @Test func deeplyNestedValuesValidate() throws {
        let schema = try JSONSchema([
            "$defs": ["node": ["type": "object", "properties": ["child": ["$ref": "#/$defs/node"]], "unevaluatedProperties": false]],
            "$ref": "#/$defs/node",
        ])
        var value: JSONValue = [:]
        for _ in 0..<200 { value = ["child": value] }
        #expect(schema.isValid(value))
        var bad: JSONValue = ["extra": 1]
        for _ in 0..<200 { bad = ["child": bad] }
        let errors = schema.validate(bad)
        #expect(errors.count == 1)
        #expect(errors.first?.instancePath.components.count == 200 + 1)

        var tooDeep: JSONValue = [:]
        for _ in 0..<5_000 { tooDeep = ["child": tooDeep] }
        #expect(!schema.isValid(tooDeep))
        #expect(schema.validate(tooDeep).first?.message == "the value nests more than 512 levels deep, too deep to check")
    }

    @Test func formatIsOnlyAnAnnotation() throws {
        #expect(try JSONSchema(["format": "email"]).isValid("not an email"))
    }

    // MARK: Compiling, registry and meta-schemas

    @Test(arguments: [
        ("#/$defs/a", "https://example.com/root.json", "https://example.com/root.json#/$defs/a"),
        ("other.json", "https://example.com/dir/root.json", "https://example.com/dir/other.json"),
        ("../up.json", "https://example.com/a/b/root.json", "https://example.com/a/up.json"),
        ("/abs.json", "https://example.com/a/root.json", "https://example.com/abs.json"),
        ("#foo", "urn:uuid:deadbeef-1234-ffff-ffff-4321feebdaed", "urn:uuid:deadbeef-1234-ffff-ffff-4321feebdaed#foo"),
        ("urn:example:x", "https://example.com/root.json", "urn:example:x"),
        ("#/a", "", "#/a"),
    ])
    func referencesResolveAsRFC3986Says(_ reference: String, _ base: String, _ expected: String) {
        #expect(SchemaURI.resolve(reference, against: base) == expected)
    }

    @Test func anUnresolvableReferenceNamesItsPlace() throws {
        #expect {
            try JSONSchema(["properties": ["a": ["$ref": "#/$defs/missing"]]])
        } throws: { error in
            let error = error as? SchemaCompilationError
            return error?.location == "#/properties/a/$ref" && error?.message.contains("#/$defs/missing") == true
        }
    }

    @Test func anInvalidPatternNamesItsPlace() throws {
        #expect {
            try JSONSchema(["$id": "https://example.com/s", "properties": ["a": ["pattern": "([a-z"]]])
        } throws: { error in
            (error as? SchemaCompilationError)?.location == "https://example.com/s#/properties/a/pattern"
        }
    }

    @Test func aKeywordOfTheWrongKindIsRefused() throws {
        #expect {
            try JSONSchema(["minLength": -1])
        } throws: { error in
            (error as? SchemaCompilationError)?.message == "`minLength` must be a non-negative integer"
        }
    }

    @Test func referencesReachRegistryDocumentsAndTheLoader() throws {
        var registry = SchemaRegistry { uri in
            uri == "https://example.com/name.json" ? ["type": "string", "minLength": 1] : nil
        }
        registry.add(["type": "integer", "minimum": 0], uri: "https://example.com/count.json")
        let schema = try JSONSchema(
            ["properties": ["count": ["$ref": "count.json"], "name": ["$ref": "name.json"]]],
            baseURI: "https://example.com/root.json", registry: registry
        )
        #expect(schema.isValid(["count": 3, "name": "x"]))
        #expect(schema.validate(["count": -1, "name": "x"]).first?.instancePath == ["count"])
        #expect(schema.validate(["count": 1, "name": ""]).first?.instancePath == ["name"])
    }

    @Test func anUnknownDocumentIsACompileError() throws {
        #expect(throws: SchemaCompilationError.self) {
            try JSONSchema(["$ref": "https://example.com/nowhere.json"])
        }
    }

    @Test func theBuiltInMetaSchemasValidateSchemas() throws {
        #expect(MetaSchemas.documents.count == MetaSchemas.count)
        #expect(MetaSchemas.count == 8)
        let metaSchema = try JSONSchema(["$ref": "https://json-schema.org/draft/2020-12/schema"])
        #expect(metaSchema.isValid(["type": "object", "properties": ["a": ["minLength": 1]]]))
        let errors = metaSchema.validate(["properties": ["a": ["minLength": -1]]])
        #expect(errors.first?.instancePath == ["properties", "a", "minLength"])
        #expect(errors.first?.message == "must be at least 0, found `-1`")
    }

    @Test func validationIsSafeFromManyTasksAtOnce() async throws {
        let schema = try JSONSchema(Self.shapes)
        let instances: [JSONValue] = [["kind": "circle", "radius": 1], ["kind": "square"], "label", "Label", 5]
        let expected = instances.map { schema.validate($0) }
        let results = await withTaskGroup(of: (Int, [SchemaError]).self) { group in
            for round in 0..<200 {
                let index = round % instances.count
                group.addTask { (index, schema.validate(instances[index])) }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 200)
        #expect(results.allSatisfy { expected[$0.0] == $0.1 })
    }
}
