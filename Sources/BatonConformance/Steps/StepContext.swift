import BatonWorkflow
import Foundation

/// A step being run: the step as written, the arguments its expression took, and helpers that
/// read its doc string.
public struct StepContext: Sendable {
    public let step: GherkinStep
    public let arguments: [StepArgument]
    /// How messages name the feature file.
    public let file: String

    public init(step: GherkinStep, arguments: [StepArgument], file: String) {
        self.step = step
        self.arguments = arguments
        self.file = file
    }

    /// `call.feature:33`.
    public var location: String { "\(file):\(step.line)" }

    /// The argument at `index` as text (a `{word}`, `{string}` or `{int}`).
    public func text(_ index: Int) -> String {
        arguments[index].text
    }

    /// The argument at `index` as an integer; 0 unless the expression has `{int}` there.
    public func int(_ index: Int) -> Int {
        if case .int(let value) = arguments[index] { return value }
        return 0
    }

    /// The argument at `index` as a list (a `{strings}`); a single string otherwise.
    public func strings(_ index: Int) -> [String] {
        if case .strings(let values) = arguments[index] { return values }
        return [arguments[index].text]
    }

    /// The doc string's text.
    /// - Throws: `StepFailure` when the step has none.
    public func docStringText() throws(StepFailure) -> (text: String, docString: GherkinDocString) {
        guard let docString = step.docString else {
            throw StepFailure("the step needs a doc string (a block between \"\"\" lines) below it")
        }
        return (docString.content, docString)
    }

    /// The doc string read as YAML or JSON (an empty doc string is `null`).
    /// - Throws: `StepFailure` naming the feature file's line and column when it does not load.
    public func docStringValue() throws(StepFailure) -> JSONValue {
        let (text, docString) = try docStringText()
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return .null }
        do {
            return try DocumentLoader().load(text: text, file: file).value
        } catch {
            throw StepFailure("the doc string does not load: \(describe(error, in: docString))")
        }
    }

    /// The diagnostics of a document read from the doc string, placed in the feature file.
    public func describe(_ errors: DocumentErrors, in docString: GherkinDocString) -> String {
        errors.diagnostics.map { diagnostic in
            var placed = diagnostic
            // Lines of the doc string start on the line after its opening delimiter, indented by it.
            placed.location = SourceLocation(
                file: file, line: docString.line + diagnostic.location.line, column: diagnostic.location.column + docString.indentation
            )
            return placed.description
        }.joined(separator: "; ")
    }
}
