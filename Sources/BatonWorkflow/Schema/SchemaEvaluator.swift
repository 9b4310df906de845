/// Evaluates an instance against compiled schema nodes, collecting errors and the annotations
/// that `unevaluatedProperties` and `unevaluatedItems` need.
///
/// An evaluator lives for one `validate` call, so the shared compiled schema stays immutable and
/// validations on several threads never meet.
struct SchemaEvaluator {
    private struct ActiveReference: Hashable {
        var node: Int
        var depth: Int
    }

    let nodes: [SchemaNode]
    let resources: [SchemaResource]
    let reporting: JSONSchema.ErrorReporting
    /// The errors found so far (none are recorded while `quiet`).
    var errors: [SchemaError] = []
    /// When set, evaluation only decides valid or invalid: it stops at the first failure and
    /// builds no messages. Alternatives of `anyOf`/`oneOf`/`not`/`if`/`contains` are tried this way
    /// and evaluated again with messages only when their errors are to be reported.
    var quiet: Bool
    /// Keyword location segments, already escaped as JSON Pointer segments.
    private(set) var schemaPath: [String] = []
    private(set) var instancePath: [DocumentPath.Component] = []
    /// The schema resources entered so far, outermost first, for `$dynamicRef`.
    private var dynamicScope: [Int] = []
    /// The references being followed, with the instance depth at which each was taken: meeting
    /// one again at the same depth means the schema loops without consuming the instance.
    private var activeReferences: Set<ActiveReference> = []
    /// While the alternatives of a failed `anyOf`/`oneOf` are compared: how many `const`/`enum`
    /// keywords matched a member of its value, a sign that the alternative is the one meant.
    var discriminators = DiscriminatorCount(depth: -1)

    struct DiscriminatorCount {
        /// The instance depth of the members counted.
        var depth: Int
        var matches = 0
    }

    init(nodes: [SchemaNode], resources: [SchemaResource], reporting: JSONSchema.ErrorReporting, quiet: Bool) {
        self.nodes = nodes
        self.resources = resources
        self.reporting = reporting
        self.quiet = quiet
    }

    /// Evaluates node `index` against `instance`. When valid, merges what the node evaluated
    /// into `annotations` (when the caller asks for them by passing a non-nil value).
    mutating func evaluate(_ index: Int, _ instance: JSONValue, _ annotations: inout SchemaAnnotations?) -> Bool {
        let node = nodes[index]
        switch node.body {
        case .always(true):
            return true
        case .always(false):
            report(keyword: "false", at: node.location, message: "no value is allowed here")
            return false
        case .keywords(let keywords):
            let entersResource = dynamicScope.last != node.resource
            if entersResource { dynamicScope.append(node.resource) }
            defer { if entersResource { dynamicScope.removeLast() } }
            var local: SchemaAnnotations? = annotations != nil || node.needsAnnotations ? SchemaAnnotations() : nil
            var valid = true
            var inPlaceFailed = false
            for keyword in keywords {
                // After an in-place subschema failed its annotations are missing, so every property
                // would look unevaluated; in the concise report those errors only repeat the first.
                if keyword.isUnevaluated && inPlaceFailed && reporting == .bestMatch { continue }
                schemaPath.append(keyword.name)
                let passed = evaluate(keyword, instance, &local)
                schemaPath.removeLast()
                if !passed {
                    valid = false
                    if quiet { return false }
                    if keyword.isInPlaceApplicator { inPlaceFailed = true }
                }
            }
            if valid, let local { annotations?.merge(local) }
            return valid
        }
    }

    // MARK: - Stepping through schema and instance

    /// How deep into a value evaluation goes. Evaluation recurses with the value, so a value
    /// nested thousands of levels deep (JSON from a service, say) would exhaust the stack; the
    /// document loader admits 200 levels, and no sensible data needs more than this.
    static let maximumDepth = 512

    /// Evaluates a subschema against a member or item of the instance.
    mutating func evaluateChild(_ node: Int, _ instance: JSONValue, at component: DocumentPath.Component, schemaSegment: String?) -> Bool {
        guard instancePath.count < Self.maximumDepth else {
            report(keyword: "depth", at: nodes[node].location, message: "the value nests more than \(Self.maximumDepth) levels deep, too deep to check")
            return false
        }
        instancePath.append(component)
        if let schemaSegment { schemaPath.append(schemaSegment) }
        var none: SchemaAnnotations?
        let valid = evaluate(node, instance, &none)
        if schemaSegment != nil { schemaPath.removeLast() }
        instancePath.removeLast()
        return valid
    }

    /// Evaluates a subschema against the same instance (allOf, $ref, then, ...).
    mutating func evaluateInPlace(_ node: Int, _ instance: JSONValue, _ annotations: inout SchemaAnnotations?, schemaSegment: String?) -> Bool {
        if let schemaSegment { schemaPath.append(schemaSegment) }
        let valid = evaluate(node, instance, &annotations)
        if schemaSegment != nil { schemaPath.removeLast() }
        return valid
    }

    /// Runs `body` deciding validity only, with no errors recorded.
    mutating func quietly<T>(_ body: (inout SchemaEvaluator) -> T) -> T {
        let saved = quiet
        quiet = true
        defer { quiet = saved }
        return body(&self)
    }

    /// Runs `body` with the last keyword location segment replaced (`if` becomes `then`).
    mutating func withLastSegment<T>(_ segment: String, _ body: (inout SchemaEvaluator) -> T) -> T {
        let saved = schemaPath.popLast()
        schemaPath.append(segment)
        defer {
            schemaPath.removeLast()
            if let saved { schemaPath.append(saved) }
        }
        return body(&self)
    }

    /// Follows `$ref` or `$dynamicRef` to `target`, refusing a loop that never moves into the instance.
    mutating func follow(_ target: Int, _ keyword: SchemaKeyword, _ instance: JSONValue, _ annotations: inout SchemaAnnotations?) -> Bool {
        let marker = ActiveReference(node: target, depth: instancePath.count)
        guard activeReferences.insert(marker).inserted else {
            fail(keyword, "the schema refers to itself in a loop at \(keyword.absoluteLocation) without moving into the value, so it can never be decided")
            return false
        }
        defer { activeReferences.remove(marker) }
        return evaluate(target, instance, &annotations)
    }

    /// The target of a `$dynamicRef`: the outermost resource in the dynamic scope that declares
    /// the anchor, or the static target.
    func dynamicTarget(_ target: Int, anchor: String?) -> Int {
        guard let anchor else { return target }
        for resource in dynamicScope {
            if let node = resources[resource].dynamicAnchors[anchor] { return node }
        }
        return target
    }

    // MARK: - Reporting

    /// Records an error of `keyword` at the current instance location (or one member below it).
    /// `name` replaces the keyword's name (`minContains` for a `contains` count);
    /// `schemaSegment` extends the keyword location (the property of a `false` subschema).
    mutating func fail(
        _ keyword: SchemaKeyword, _ message: @autoclosure () -> String, at component: DocumentPath.Component? = nil,
        aboutKey: Bool = false, name: String? = nil, schemaSegment: String? = nil
    ) {
        guard !quiet else { return }
        var path = instancePath
        if let component { path.append(component) }
        var location = schemaPath
        if let name, !location.isEmpty { location[location.count - 1] = name }
        if let schemaSegment { location.append(schemaSegment) }
        errors.append(SchemaError(
            instancePath: DocumentPath(path), keywordLocation: Self.pointer(location),
            absoluteKeywordLocation: name.map { Self.replacingLastSegment(of: keyword.absoluteLocation, with: $0) } ?? keyword.absoluteLocation,
            keyword: name ?? keyword.name, message: message(), isAboutKey: aboutKey
        ))
    }

    /// Records an error of a boolean `false` schema or another keyword-less failure.
    mutating func report(keyword: String, at location: String, message: @autoclosure () -> String) {
        guard !quiet else { return }
        errors.append(SchemaError(
            instancePath: DocumentPath(instancePath), keywordLocation: Self.pointer(schemaPath),
            absoluteKeywordLocation: location, keyword: keyword, message: message()
        ))
    }

    /// Whether node `index` is the schema `false`, which gets a message about its key or item.
    func isFalse(_ index: Int) -> Bool {
        if case .always(false) = nodes[index].body { return true }
        return false
    }

    private static func pointer(_ segments: [String]) -> String {
        segments.isEmpty ? "" : "/" + segments.joined(separator: "/")
    }

    private static func replacingLastSegment(of location: String, with name: String) -> String {
        guard let slash = location.lastIndex(of: "/") else { return location }
        return location[...slash] + name
    }
}
