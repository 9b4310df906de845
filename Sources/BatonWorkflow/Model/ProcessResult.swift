/// What a `run` task returns when its `return` is `all` (OWS dsl-reference.md §Process Result).
public struct ProcessResult: Sendable, Hashable, DocumentCodable {
    public var code: Int
    public var stdout: String
    public var stderr: String

    public init(code: Int, stdout: String, stderr: String) {
        self.code = code
        self.stdout = stdout
        self.stderr = stderr
    }

    public init(from reader: DocumentReader) throws(Diagnostic) {
        self = try reader.object { (object) throws(Diagnostic) in
            ProcessResult(code: try object.required("code"), stdout: try object.required("stdout"), stderr: try object.required("stderr"))
        }
    }

    public var documentValue: JSONValue { ["code": .integer(code), "stdout": .string(stdout), "stderr": .string(stderr)] }
}
