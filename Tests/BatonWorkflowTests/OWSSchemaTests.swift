import Foundation
import Testing
@testable import BatonWorkflow
import BatonTesting

/// The Open Workflow Specification schema, compiled by our validator, against the spec's examples.
@Suite(.enabled(if: SharedFiles.isAvailable, Comment(rawValue: SharedFiles.absenceReason)))
struct OWSSchemaTests {
    /// The schema is large and shared by every test here: compile it once.
    static let schema: Result<JSONSchema, any Error> = Result {
        let document = try DocumentLoader().load(contentsOf: SharedFiles.url("spec/ows/schema/workflow.yaml"))
        return try JSONSchema(document.value)
    }

    static var exampleNames: [String] {
        SharedFiles.files(under: "spec/ows/examples", extensions: ["yaml", "yml", "json"]).map(\.lastPathComponent)
    }

    static func load(_ relativePath: String) throws -> LoadedDocument {
        try DocumentLoader().load(contentsOf: SharedFiles.url(relativePath), displayName: relativePath)
    }

    @Test func theSchemaCompiles() throws {
        let schema = try Self.schema.get()
        #expect(schema.nodeCount > 100)
    }

    @Test func thereAreSixtyEightExamples() {
        #expect(Self.exampleNames.count == 68)
    }

    @Test(arguments: exampleNames)
    func exampleIsValid(_ name: String) throws {
        let schema = try Self.schema.get()
        let document = try Self.load("spec/ows/examples/\(name)")
        let diagnostics = schema.diagnostics(for: document)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.description))")
        #expect(schema.isValid(document.value))
    }

    /// The best error names the key that should not be there, at the key's own path and position.
    @Test func extraPropertyInCallIsReportedAsUnknownKey() throws {
        let schema = try Self.schema.get()
        let document = try Self.load("spec/ows/invalid/extra-property-in-call.yaml")
        let errors = schema.validate(document.value)
        let error = try #require(errors.first)
        #expect(errors.count == 1)
        #expect(error.message == "unknown key `foo`")
        #expect(error.instancePath == ["do", 0, "getPet", "foo"])
        #expect(error.instancePath.description == "do[0].getPet.foo")
        #expect(error.keyword == "unevaluatedProperties")
        #expect(error.isAboutKey)
        // The HTTP call alternative was chosen among the twelve task kinds and seven call kinds.
        #expect(error.keywordLocation.hasSuffix("/oneOf/0/$ref/oneOf/2/unevaluatedProperties"))
        let diagnostic = try #require(schema.diagnostics(for: document).first)
        #expect(diagnostic.description == "spec/ows/invalid/extra-property-in-call.yaml:12:7: do[0].getPet.foo: unknown key `foo`")
        #expect(diagnostic.location == SourceLocation(file: "spec/ows/invalid/extra-property-in-call.yaml", line: 12, column: 7))
        #expect(diagnostic.code == "schema.unevaluatedProperties")
        #expect(!schema.isValid(document.value))
    }

    @Test func twoTasksInOneItemIsReportedOnTheItem() throws {
        let schema = try Self.schema.get()
        let document = try Self.load("spec/ows/invalid/two-tasks-in-one-item.yaml")
        let errors = schema.validate(document.value)
        let error = try #require(errors.first)
        #expect(errors.count == 1)
        #expect(error.instancePath == ["do", 0])
        #expect(error.keyword == "maxProperties")
        #expect(error.message == "must have at most 1 key, found 2 (`getPet`, `setMessage`)")
        #expect(!schema.isValid(document.value))
    }

    /// This example repeats the key `do`, which the loader already refuses as YAML. With the
    /// repetition removed, the schema still rejects it for what the example is about: an `until`
    /// nested inside an `any ... until` consumption strategy.
    @Test func listenAnyUntilAnyUntilIsRefused() throws {
        let relativePath = "spec/ows/invalid/listen-any-until-any-until.yaml"
        #expect {
            try Self.load(relativePath)
        } throws: { error in
            (error as? DocumentErrors)?.diagnostics.first?.code == "yaml.duplicate-key"
        }

        let schema = try Self.schema.get()
        let text = try String(contentsOf: SharedFiles.url(relativePath), encoding: .utf8)
        let repaired = text.replacingOccurrences(of: "do:\ndo:\n", with: "do:\n")
        #expect(repaired != text)
        let document = try DocumentLoader().load(text: repaired, file: "listen.yaml")
        let errors = schema.validate(document.value)
        let error = try #require(errors.first)
        #expect(errors.count == 1)
        #expect(error.instancePath == ["do", 0, "callDoctor", "listen", "to", "until", "until"])
        #expect(error.message == "the key `until` is not allowed here")
        #expect(error.isAboutKey)
        #expect(!schema.isValid(document.value))
    }
}
