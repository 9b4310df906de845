import Foundation
import Testing
@testable import BatonWorkflow
import BatonTesting

/// A YAML example of the spec's markdown, named by the file and line where its block starts.
struct MarkdownExample: Sendable, CustomTestStringConvertible {
    var file: String
    var line: Int
    var text: String

    var name: String { "\(file):\(line)" }
    var testDescription: String { name }

    /// Whether the block is a whole workflow: `document:` and `do:` at the top level.
    var isCompleteWorkflow: Bool {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return lines.contains { $0.hasPrefix("document:") } && lines.contains { $0.hasPrefix("do:") }
    }

    /// The ```yaml blocks of a markdown file of the spec.
    static func blocks(in file: String) -> [MarkdownExample] {
        guard let markdown = try? String(contentsOf: SharedFiles.url("spec/ows/\(file)"), encoding: .utf8) else { return [] }
        var examples: [MarkdownExample] = []
        var current: (line: Int, lines: [Substring])?
        for (index, line) in markdown.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if var block = current {
                if trimmed == "```" {
                    examples.append(MarkdownExample(file: file, line: block.line, text: block.lines.joined(separator: "\n")))
                    current = nil
                } else {
                    block.lines.append(line)
                    current = block
                }
            } else if trimmed == "```yaml" {
                current = (index + 1, [])
            }
        }
        return examples
    }

    static let files = ["dsl.md", "dsl-reference.md"]
    static let all: [MarkdownExample] = files.flatMap(blocks(in:))
    static let workflows: [MarkdownExample] = all.filter(\.isCompleteWorkflow)
}

/// Examples of the spec that the schema itself rejects, with the reason; each must be rejected
/// with that message rather than skipped.
///
/// - dsl.md:740 (§Extensions, the logging extension): `"${ \"Executing task '\($task.reference)'...\" }"`
///   puts `\(` in a double-quoted YAML scalar, an escape YAML does not have, so the block is not
///   YAML at all. Its `sampleTask` also gives `uri:` where `call: http` requires `endpoint:`.
let invalidSpecExamples: [String: String] = [
    "dsl.md:740": "invalid YAML: found unknown escape character while parsing a quoted scalar",
]

/// Loads a document, reads it as a workflow, checks that writing it back gives the very value
/// loaded, and that reading the written value again gives an equal model.
func expectRoundTrip(text: String, file: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
    let document = try DocumentLoader().load(text: text, file: file)
    let workflow = try Workflow(from: document)
    let written = workflow.documentValue
    #expect(written == document.value, "written back differently:\n\(written.jsonText(pretty: true))", sourceLocation: sourceLocation)
    let reloaded = try DocumentLoader().load(text: written.jsonText(pretty: true), file: "\(file) (written)")
    #expect(try Workflow(from: reloaded) == workflow, sourceLocation: sourceLocation)
}

@Suite(.enabled(if: SharedFiles.isAvailable, Comment(rawValue: SharedFiles.absenceReason)))
struct ModelExampleTests {
    @Test func markdownBlocksAreFound() {
        let all = MarkdownExample.all
        let workflows = MarkdownExample.workflows
        print("spec markdown: \(all.count) yaml blocks, \(workflows.count) complete workflows (\(invalidSpecExamples.count) invalid by the schema)")
        #expect(all.count == 84)
        #expect(workflows.count > 40)
    }

    @Test(arguments: MarkdownExample.workflows)
    func markdownWorkflowRoundTrips(_ example: MarkdownExample) throws {
        if let reason = invalidSpecExamples[example.name] {
            do {
                _ = try Workflow.load(text: example.text, file: example.name)
                Issue.record("the spec example is invalid by the schema (\(reason)) but was accepted")
            } catch {
                #expect(error.description.contains(reason))
            }
            return
        }
        try expectRoundTrip(text: example.text, file: example.name)
    }

    /// With its YAML repaired (single quotes instead of escapes), the logging extension example
    /// is still rejected by the schema: its HTTP call has `uri` instead of `endpoint`.
    @Test func loggingExtensionExampleHasASchemaErrorToo() throws {
        let example = try #require(MarkdownExample.workflows.first { $0.name == "dsl.md:740" })
        let repaired = example.text
            .replacingOccurrences(of: #""${ \"Executing task '\($task.reference)'...\" }""#, with: #"'${ "Executing task \($task.reference)..." }'"#)
            .replacingOccurrences(of: #""${ \"Executed task '\($task.reference)'...\" }""#, with: #"'${ "Executed task \($task.reference)..." }'"#)
        do {
            _ = try Workflow.load(text: repaired, file: "dsl.md:740")
            Issue.record("the repaired example was accepted")
        } catch {
            #expect(error.diagnostics.first?.path == ["do", 0, "sampleTask", "with"])
            #expect(error.diagnostics.first?.message == "missing required key `endpoint`")
        }
    }

    /// The workflow definitions of the conformance kit's scenarios (Gherkin doc strings).
    static let ctkDefinitions: [MarkdownExample] = SharedFiles.files(under: "spec/ows/ctk/features", extensions: ["feature"]).flatMap { url in
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [MarkdownExample]() }
        var definitions: [MarkdownExample] = []
        var current: (line: Int, indent: Int, lines: [String])?
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if var block = current {
                if trimmed == "\"\"\"" {
                    let example = MarkdownExample(file: url.lastPathComponent, line: block.line, text: block.lines.joined(separator: "\n"))
                    if example.isCompleteWorkflow { definitions.append(example) }
                    current = nil
                } else {
                    block.lines.append(String(line.dropFirst(min(block.indent, line.prefix { $0 == " " }.count))))
                    current = block
                }
            } else if trimmed.hasPrefix("\"\"\"") {
                current = (index + 1, line.prefix { $0 == " " }.count, [])
            }
        }
        return definitions
    }

    @Test func ctkDefinitionsAreFound() {
        #expect(Self.ctkDefinitions.count == 21)
    }

    @Test(arguments: ctkDefinitions)
    func ctkDefinitionRoundTrips(_ example: MarkdownExample) throws {
        try expectRoundTrip(text: example.text, file: example.name)
    }

    static let exampleFiles = SharedFiles.files(under: "spec/ows/examples", extensions: ["yaml", "yml", "json"]).map(\.lastPathComponent)

    @Test func allExampleFilesAreFound() {
        #expect(Self.exampleFiles.count == 68)
    }

    @Test(arguments: exampleFiles)
    func exampleFileRoundTrips(_ name: String) throws {
        let text = try String(contentsOf: SharedFiles.url("spec/ows/examples/\(name)"), encoding: .utf8)
        try expectRoundTrip(text: text, file: name)
    }
}
