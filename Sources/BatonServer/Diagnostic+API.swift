import BatonWorkflow

extension Diagnostic {
    /// A problem in the API: `{"file","line","column","path","code","severity","message"}`, the
    /// path as `baton validate` prints it (`do[2].getPet.with.method`), empty for the document root.
    var problemValue: JSONValue {
        [
            "file": .string(location.file),
            "line": .integer(location.line),
            "column": .integer(location.column),
            "path": .string(path.isRoot ? "" : path.description),
            "code": .string(code),
            "severity": .string(severity.rawValue),
            "message": .string(message),
        ]
    }
}
