/// One problem found in a document: what is wrong, where (file, line, column and the path inside
/// the document) and, where it helps, what to do about it.
public struct Diagnostic: Sendable, Hashable, Error {
    public enum Severity: String, Sendable, Hashable, Codable {
        case error
        case warning
    }

    /// A stable identifier of the kind of problem, for machines: `yaml.syntax`, `schema.type`,
    /// `lint.unknown-then-target`.
    public var code: String
    public var severity: Severity
    public var message: String
    public var path: DocumentPath
    public var location: SourceLocation

    public init(code: String, severity: Severity = .error, message: String, path: DocumentPath, location: SourceLocation) {
        self.code = code
        self.severity = severity
        self.message = message
        self.path = path
        self.location = location
    }

    /// A diagnostic at `path`, positioned with the document's source map.
    public init(code: String, severity: Severity = .error, message: String, path: DocumentPath, in sourceMap: SourceMap, atKey: Bool = false) {
        self.init(
            code: code, severity: severity, message: message, path: path,
            location: atKey ? sourceMap.keyLocation(of: path) : sourceMap.location(of: path)
        )
    }
}

extension Diagnostic: CustomStringConvertible {
    /// `deploy.yaml:14:9: do[2].getPet.with.method: expected a string`
    public var description: String {
        let prefix = severity == .warning ? "warning: " : ""
        if path.isRoot { return "\(location): \(prefix)\(message)" }
        return "\(location): \(prefix)\(path): \(message)"
    }
}

/// The problems that stopped a document from loading or validating, all of them at once.
public struct DocumentErrors: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}
