/// The function a `call` names (OWS dsl.md §Catalogs): a function of `use.functions`, a
/// cataloged function `name:version@catalog`, or the URI of a function definition.
public enum FunctionReference: Sendable, Hashable, CustomStringConvertible {
    /// A function declared under `use.functions`.
    case named(String)
    /// `{name}:{version}@{catalog}`; the catalog `default` is the runtime's own.
    case cataloged(name: String, version: String, catalog: String)
    /// The URI of a function definition document.
    case uri(String)

    /// Reads the form from the text: a `scheme://` makes a URI, `name:version@catalog` a catalog
    /// reference, anything else a plain name.
    public init(_ text: String) {
        if text.contains("://") {
            self = .uri(text)
        } else if let at = text.lastIndex(of: "@"), let colon = text[..<at].firstIndex(of: ":") {
            let name = String(text[..<colon])
            let version = String(text[text.index(after: colon)..<at])
            let catalog = String(text[text.index(after: at)...])
            if name.isEmpty || version.isEmpty || catalog.isEmpty {
                self = .named(text)
            } else {
                self = .cataloged(name: name, version: version, catalog: catalog)
            }
        } else {
            self = .named(text)
        }
    }

    /// The reference as written.
    public var text: String {
        switch self {
        case .named(let name): name
        case .cataloged(let name, let version, let catalog): "\(name):\(version)@\(catalog)"
        case .uri(let uri): uri
        }
    }

    public var description: String { text }
}
