/// A script to run, inline or fetched (OWS dsl-reference.md §Script Process).
public struct ScriptProcess: Sendable, Hashable, DocumentCodable {
    public enum Source: Sendable, Hashable {
        case code(String)
        case resource(ExternalResource)
    }

    public var language: String
    public var source: Source
    public var stdin: String?
    public var arguments: [String]?
    public var environment: [String: JSONValue]?

    public init(language: String, source: Source, stdin: String? = nil, arguments: [String]? = nil, environment: [String: JSONValue]? = nil) {
        self.language = language
        self.source = source
        self.stdin = stdin
        self.arguments = arguments
        self.environment = environment
    }

    public init(from reader: DocumentReader) throws(Diagnostic) {
        self = try reader.object { (object) throws(Diagnostic) in
            let language: String = try object.required("language")
            let source: Source
            switch object.presentKeys(among: ["code", "source"]) {
            case ["code"]: source = .code(try object.required("code"))
            case ["source"]: source = .resource(try object.required("source"))
            case []:
                for known in ["code", "source", "stdin", "arguments", "environment"] { _ = object.reader(known) }
                try object.checkUnknownKeys()
                throw object.error("a script needs either `code` (inline) or `source` (external)", code: "model.one-of")
            default:
                throw object.error(atKey: "source", "a script has either `code` or `source`, not both", code: "model.one-of")
            }
            return ScriptProcess(
                language: language, source: source, stdin: try object.optional("stdin"),
                arguments: try object.optional("arguments"), environment: try object.optional("environment")
            )
        }
    }

    public var documentValue: JSONValue {
        var writer = ObjectWriter()
        writer.set("language", language)
        switch source {
        case .code(let code): writer.set("code", code)
        case .resource(let resource): writer.set("source", resource)
        }
        writer.set("stdin", stdin)
        writer.set("arguments", arguments)
        writer.set("environment", environment)
        return writer.value
    }
}
