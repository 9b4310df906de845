import Foundation

/// Turns schema documents into `SchemaNode`s: finds every schema resource, anchor and
/// subschema once, then compiles nodes on demand, resolving each reference to a node index.
///
/// Used only while a `JSONSchema` is being built, on one thread; the result is immutable.
final class SchemaCompiler {
    /// A schema value and where it sits: the resource it belongs to and its pointer inside it.
    struct Located {
        var value: JSONValue
        /// The absolute URI (without fragment) of the enclosing schema resource.
        var base: String
        /// The JSON Pointer from the resource root to the value.
        var pointer: String
        var vocabularies: SchemaVocabularies

        /// The canonical location, `base#pointer`, which identifies the compiled node.
        var key: String { base + "#" + pointer }
    }

    private let registry: SchemaRegistry
    /// Every known schema location by `uri#pointer` and `uri#anchor`.
    private var locations: [String: Located] = [:]
    /// Resource URIs whose documents have been indexed.
    private var knownResources: Set<String> = []
    /// Retrieval URIs of documents whose `$id` names them differently.
    private var aliases: [String: String] = [:]
    private var dynamicAnchorLocations: [String: [String: Located]] = [:]
    private var vocabularyCache: [String: SchemaVocabularies] = [:]
    private var regexCache: [String: ECMARegex] = [:]
    private var nodeByKey: [String: Int] = [:]
    private var resourceIndex: [String: Int] = [:]

    private(set) var nodes: [SchemaNode] = []
    private(set) var resources: [SchemaResource] = []

    init(registry: SchemaRegistry) {
        self.registry = registry
    }

    /// Compiles `schema` and everything it refers to; returns the root node's index.
    func compileRoot(_ schema: JSONValue, baseURI: String) throws(SchemaCompilationError) -> Int {
        let base = SchemaURI.split(baseURI).resource
        try indexDocument(schema, uri: base)
        for (uri, document) in registry.documents.sorted(by: { $0.key < $1.key }) where !knownResources.contains(uri) {
            try indexDocument(document, uri: uri)
        }
        guard let root = locations[base + "#"] else {
            throw .notASchema(at: base + "#", found: schema)
        }
        let index = try compile(root)
        try compileDynamicAnchors()
        return index
    }

    // MARK: - Indexing

    private func indexDocument(_ document: JSONValue, uri: String) throws(SchemaCompilationError) {
        knownResources.insert(uri)
        try index(document, base: uri, pointer: "", vocabularies: .all)
        if case .string(let id)? = document["$id"] {
            let canonical = SchemaURI.split(SchemaURI.resolve(id, against: uri)).resource
            if canonical != uri { aliases[uri] = canonical }
        }
    }

    private func index(_ value: JSONValue, base: String, pointer: String, vocabularies: SchemaVocabularies) throws(SchemaCompilationError) {
        var located = Located(value: value, base: base, pointer: pointer, vocabularies: vocabularies)
        guard case .object(let members) = value else {
            register(located, at: located.key)
            return
        }
        if case .string(let id)? = members["$id"] {
            let resource = SchemaURI.split(SchemaURI.resolve(id, against: base)).resource
            // An `$id` naming the enclosing resource again starts nothing new.
            if resource != base {
                let outerKey = located.key
                located.base = resource
                located.pointer = ""
                knownResources.insert(resource)
                register(located, at: outerKey)
            }
        }
        if case .string(let metaSchema)? = members["$schema"] {
            located.vocabularies = try self.vocabularies(ofMetaSchema: metaSchema, at: located.key)
        }
        register(located, at: located.key)
        if case .string(let anchor)? = members["$anchor"] {
            register(located, at: located.base + "#" + anchor)
        }
        if case .string(let anchor)? = members["$dynamicAnchor"] {
            register(located, at: located.base + "#" + anchor)
            if dynamicAnchorLocations[located.base]?[anchor] == nil {
                dynamicAnchorLocations[located.base, default: [:]][anchor] = located
            }
        }
        for (suffix, child) in Self.subschemas(of: members) {
            try index(child, base: located.base, pointer: located.pointer + suffix, vocabularies: located.vocabularies)
        }
    }

    /// The first registration of a location wins: the root document before registry documents.
    private func register(_ located: Located, at key: String) {
        if locations[key] == nil { locations[key] = located }
    }

    private static let singleSchemaKeywords = [
        "items", "contains", "additionalProperties", "propertyNames", "if", "then", "else", "not",
        "unevaluatedItems", "unevaluatedProperties", "contentSchema",
    ]
    private static let schemaMapKeywords = ["$defs", "properties", "patternProperties", "dependentSchemas"]
    private static let schemaArrayKeywords = ["prefixItems", "allOf", "anyOf", "oneOf"]

    /// The subschemas of a schema object under the keywords that hold schemas, with the pointer
    /// suffix of each. Values under other keywords (`enum`, `const`, unknown ones) are data, and
    /// an `$id` there identifies nothing.
    static func subschemas(of members: [String: JSONValue]) -> [(String, JSONValue)] {
        var result: [(String, JSONValue)] = []
        for keyword in singleSchemaKeywords {
            if let value = members[keyword] { result.append(("/" + keyword, value)) }
        }
        for keyword in schemaMapKeywords {
            guard case .object(let map)? = members[keyword] else { continue }
            for (name, value) in map { result.append(("/\(keyword)/\(escape(name))", value)) }
        }
        for keyword in schemaArrayKeywords {
            guard case .array(let list)? = members[keyword] else { continue }
            for (index, value) in list.enumerated() { result.append(("/\(keyword)/\(index)", value)) }
        }
        return result
    }

    /// A JSON Pointer segment for `name`.
    static func escape(_ name: String) -> String {
        guard name.contains("~") || name.contains("/") else { return name }
        return name.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    private static func unescape(_ segment: Substring) -> String {
        guard segment.contains("~") else { return String(segment) }
        return segment.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
    }

    /// The vocabularies a meta-schema's `$vocabulary` turns on. A meta-schema that cannot be found
    /// or has no `$vocabulary` turns on all of them, as the specification's default meta-schema does.
    private func vocabularies(ofMetaSchema uri: String, at location: String) throws(SchemaCompilationError) -> SchemaVocabularies {
        let resource = SchemaURI.split(uri).resource
        if let cached = vocabularyCache[resource] { return cached }
        var result = SchemaVocabularies.all
        if let document = try? registry.document(for: resource), case .object(let declared)? = document["$vocabulary"] {
            result = [.core]
            for (vocabulary, required) in declared.sorted(by: { $0.key < $1.key }) {
                if let known = SchemaVocabularies(uri: vocabulary) {
                    result.insert(known)
                } else if required == .bool(true) {
                    throw .unsupportedVocabulary(vocabulary, at: location)
                }
            }
        }
        vocabularyCache[resource] = result
        return result
    }

    // MARK: - Resolving references

    /// The schema a reference written at `origin` leads to, loading its document if needed.
    func locate(_ reference: String, from origin: Located, keyword: String) throws(SchemaCompilationError) -> Located {
        let location = origin.key + "/" + keyword
        let absolute = SchemaURI.resolve(reference, against: origin.base)
        let (resource, rawFragment) = SchemaURI.split(absolute)
        try ensureLoaded(resource, reference: reference, at: location)
        let canonical = aliases[resource] ?? resource
        let fragment = rawFragment.map { $0.removingPercentEncoding ?? $0 } ?? ""
        if let found = locations[canonical + "#" + fragment] { return found }
        if fragment.hasPrefix("/"), let found = walk(fragment, in: canonical) { return found }
        let reason = fragment.hasPrefix("/")
            ? "\(resource) has nothing at the pointer \(fragment)"
            : "\(resource.isEmpty ? "the schema" : resource) has no anchor named `\(fragment)`"
        throw .unresolvableReference(reference, at: location, reason: reason)
    }

    private func ensureLoaded(_ resource: String, reference: String, at location: String) throws(SchemaCompilationError) {
        if knownResources.contains(resource) || aliases[resource] != nil { return }
        let document: JSONValue?
        do {
            document = try registry.document(for: resource)
        } catch {
            throw .unresolvableReference(reference, at: location, reason: "loading \(resource) failed: \(error)")
        }
        guard let document else {
            throw .unresolvableReference(reference, at: location, reason: "no schema is known at \(resource); add it to the registry")
        }
        try indexDocument(document, uri: resource)
    }

    /// Follows a JSON Pointer that leads into a place the index does not know (inside an unknown
    /// keyword, say): from the deepest indexed schema on the way, step through the raw values.
    private func walk(_ pointer: String, in resource: String) -> Located? {
        let segments = pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        for known in stride(from: segments.count - 1, through: 0, by: -1) {
            let prefix = segments[..<known].map { "/" + $0 }.joined()
            guard let start = locations[resource + "#" + prefix] else { continue }
            var value = start.value
            for segment in segments[known...] {
                let name = Self.unescape(segment)
                switch value {
                case .object(let members):
                    guard let next = members[name] else { return nil }
                    value = next
                case .array(let items):
                    guard let position = Int(name), items.indices.contains(position) else { return nil }
                    value = items[position]
                default:
                    return nil
                }
            }
            let rest = segments[known...].map { "/" + $0 }.joined()
            return Located(value: value, base: start.base, pointer: start.pointer + rest, vocabularies: start.vocabularies)
        }
        return nil
    }

    // MARK: - Compiling nodes

    /// The node for a located schema, compiled once; references that lead back to a node being
    /// compiled get its index before it is finished, which is how recursive schemas work.
    func compile(_ located: Located) throws(SchemaCompilationError) -> Int {
        let key = located.key
        if let index = nodeByKey[key] { return index }
        let index = nodes.count
        nodes.append(.placeholder)
        nodeByKey[key] = index
        let resource = resourceID(for: located.base)
        switch located.value {
        case .bool(let flag):
            nodes[index] = SchemaNode(body: .always(flag), resource: resource, location: key, title: nil, needsAnnotations: false)
        case .object(let members):
            let keywords = try compileKeywords(members, at: located)
            nodes[index] = SchemaNode(
                body: .keywords(keywords), resource: resource, location: key,
                title: members["title"]?.stringValue, needsAnnotations: keywords.contains(where: \.isUnevaluated)
            )
        default:
            throw .notASchema(at: key, found: located.value)
        }
        return index
    }

    /// The located value of a subschema of `parent`: the indexed one (which knows its own `$id`
    /// and `$schema`) or, inside places the index skipped, one in the parent's resource.
    func child(of parent: Located, _ value: JSONValue, _ segments: String...) -> Located {
        let pointer = parent.pointer + segments.map { "/" + Self.escape($0) }.joined()
        return locations[parent.base + "#" + pointer]
            ?? Located(value: value, base: parent.base, pointer: pointer, vocabularies: parent.vocabularies)
    }

    private func resourceID(for uri: String) -> Int {
        if let index = resourceIndex[uri] { return index }
        resources.append(SchemaResource(uri: uri, dynamicAnchors: [:]))
        resourceIndex[uri] = resources.count - 1
        return resources.count - 1
    }

    /// Compiles the `$dynamicAnchor` schemas of every resource that has nodes, since a
    /// `$dynamicRef` may jump to any of them at run time. Compiling can reach new resources, so
    /// this runs until no new ones appear.
    private func compileDynamicAnchors() throws(SchemaCompilationError) {
        var position = 0
        while position < resources.count {
            let anchors = dynamicAnchorLocations[resources[position].uri] ?? [:]
            for (name, located) in anchors.sorted(by: { $0.key < $1.key }) {
                let node = try compile(located)
                resources[position].dynamicAnchors[name] = node
            }
            position += 1
        }
    }

    /// Whether the resource at `base` declares `name` as a `$dynamicAnchor` at `located`.
    func isDynamicAnchor(_ name: String, at located: Located) -> Bool {
        dynamicAnchorLocations[located.base]?[name]?.key == located.key
    }

    /// A compiled regular expression, shared by every keyword that uses the same pattern.
    func regex(_ pattern: String, at location: String) throws(SchemaCompilationError) -> ECMARegex {
        if let cached = regexCache[pattern] { return cached }
        do {
            let regex = try ECMARegex(pattern)
            regexCache[pattern] = regex
            return regex
        } catch {
            throw .invalidPattern(pattern, at: location, reason: error.reason)
        }
    }
}
