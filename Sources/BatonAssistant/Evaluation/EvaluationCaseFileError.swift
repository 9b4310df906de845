import BatonWorkflow

/// Every problem of a case file, each as `file:line:column: field: message`. Scoring a file with
/// a bad line would give numbers over a set that is not the one written, so none is scored.
public struct EvaluationCaseFileError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}
