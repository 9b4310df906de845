import Yams

extension JSONValue {
    /// The value as YAML with sorted keys. Strings that a YAML reader would take for something
    /// else (`true`, `1.5`, `null`, and YAML 1.1's `yes`/`no`/`on`/`off`) are quoted, so the text
    /// reads back as the same value with any YAML parser.
    public func yamlText() -> String {
        // JSON is YAML too: should libyaml's emitter refuse a value, its JSON text still reads back.
        (try? Yams.serialize(node: yamlNode, indent: 2, width: -1, allowUnicode: true, sortKeys: true)) ?? jsonText(pretty: true)
    }

    var yamlNode: Node {
        switch self {
        case .null: return Node("null", Tag(.null))
        case .bool(let value): return Node(value ? "true" : "false", Tag(.bool))
        case .integer(let value): return Node(String(value), Tag(.int))
        case .number(let value): return Node(Self.format(value), Tag(.float))
        case .string(let text):
            let ambiguous = DocumentLoader.resolvePlain(text) != .string(text)
                || ["yes", "no", "on", "off", "y", "n"].contains(text.lowercased()) || text.isEmpty
            return Node(text, Tag(.str), ambiguous ? .doubleQuoted : .any)
        case .array(let items): return Node(items.map(\.yamlNode))
        case .object(let members): return Node(members.keys.sorted().map { (Node($0), members[$0]!.yamlNode) })
        }
    }
}
