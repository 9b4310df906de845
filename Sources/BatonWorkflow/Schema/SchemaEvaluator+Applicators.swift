/// The keywords that apply subschemas: to the same value, to items, and to properties.
extension SchemaEvaluator {
    mutating func applyInPlace(_ keyword: SchemaKeyword, _ instance: JSONValue, _ annotations: inout SchemaAnnotations?) -> Bool {
        switch keyword.kind {
        case .allOf(let branches):
            var valid = true
            for (index, branch) in branches.enumerated() where !evaluateInPlace(branch, instance, &annotations, schemaSegment: String(index)) {
                valid = false
                if quiet { break }
            }
            return valid
        case .anyOf(let branches):
            return anyOf(keyword, branches, instance, &annotations)
        case .oneOf(let branches):
            return oneOf(keyword, branches, instance, &annotations)
        case .not(let node):
            var discarded: SchemaAnnotations?
            guard quietly({ $0.evaluate(node, instance, &discarded) }) else { return true }
            let what = nodes[node].title.map { "`\($0)`" } ?? "the schema at \(nodes[node].location)"
            fail(keyword, "must not match \(what)")
            return false
        case .conditional(let condition, let then, let otherwise):
            var conditionAnnotations: SchemaAnnotations? = annotations == nil ? nil : SchemaAnnotations()
            let holds = quietly { $0.evaluate(condition, instance, &conditionAnnotations) }
            if holds, let conditionAnnotations { annotations?.merge(conditionAnnotations) }
            guard let branch = holds ? then : otherwise else { return true }
            return withLastSegment(holds ? "then" : "else") { $0.evaluate(branch, instance, &annotations) }
        case .dependentSchemas(let entries):
            guard case .object(let members) = instance else { return true }
            var valid = true
            for (trigger, node) in entries where members[trigger] != nil {
                if !evaluateInPlace(node, instance, &annotations, schemaSegment: SchemaCompiler.escape(trigger)) {
                    valid = false
                    if quiet { break }
                }
            }
            return valid
        default:
            return true
        }
    }

    private mutating func anyOf(_ keyword: SchemaKeyword, _ branches: [Int], _ instance: JSONValue, _ annotations: inout SchemaAnnotations?) -> Bool {
        var matched = false
        for (index, branch) in branches.enumerated() {
            var branchAnnotations: SchemaAnnotations? = annotations == nil ? nil : SchemaAnnotations()
            let valid = quietly { $0.evaluateInPlace(branch, instance, &branchAnnotations, schemaSegment: String(index)) }
            guard valid else { continue }
            matched = true
            // Every matching branch contributes annotations; without them the first match decides.
            guard let branchAnnotations else { break }
            annotations?.merge(branchAnnotations)
        }
        if !matched { reportAlternatives(keyword, branches, instance) }
        return matched
    }

    private mutating func oneOf(_ keyword: SchemaKeyword, _ branches: [Int], _ instance: JSONValue, _ annotations: inout SchemaAnnotations?) -> Bool {
        var matches: [Int] = []
        var chosen: SchemaAnnotations?
        for (index, branch) in branches.enumerated() {
            var branchAnnotations: SchemaAnnotations? = annotations == nil ? nil : SchemaAnnotations()
            let valid = quietly { $0.evaluateInPlace(branch, instance, &branchAnnotations, schemaSegment: String(index)) }
            guard valid else { continue }
            matches.append(index)
            chosen = branchAnnotations
            if matches.count > 1 && quiet { return false }
        }
        switch matches.count {
        case 1:
            if let chosen { annotations?.merge(chosen) }
            return true
        case 0:
            reportAlternatives(keyword, branches, instance)
        default:
            let names = matches.map { SchemaMessages.alternative($0, title: nodes[branches[$0]].title) }
            fail(keyword, "matches \(SchemaMessages.conjunction(names)), but must match exactly one of the \(branches.count) alternatives")
        }
        return false
    }

    /// When no alternative matched: evaluates each again with messages and reports the errors of
    /// the most relevant one (or of all, when every error is wanted).
    private mutating func reportAlternatives(_ keyword: SchemaKeyword, _ branches: [Int], _ instance: JSONValue) {
        guard !quiet else { return }
        var candidates: [SchemaErrorRanking.Candidate] = []
        let saved = discriminators
        for (index, branch) in branches.enumerated() {
            let mark = errors.count
            discriminators = DiscriminatorCount(depth: instancePath.count + 1)
            var none: SchemaAnnotations?
            _ = evaluateInPlace(branch, instance, &none, schemaSegment: String(index))
            candidates.append(.init(errors: Array(errors[mark...]), discriminatorMatches: discriminators.matches))
            errors.removeSubrange(mark...)
        }
        discriminators = saved
        let selected = reporting == .all
            ? candidates.flatMap(\.errors)
            : SchemaErrorRanking.best(of: candidates, baseDepth: instancePath.count)
        if selected.isEmpty {
            fail(keyword, "does not match any of the \(branches.count) alternatives")
        } else {
            errors.append(contentsOf: selected)
        }
    }

    // MARK: - Items

    mutating func applyToItems(_ keyword: SchemaKeyword, _ instance: JSONValue, _ annotations: inout SchemaAnnotations?) -> Bool {
        guard case .array(let items) = instance else { return true }
        switch keyword.kind {
        case .prefixItems(let nodes):
            let valid = applyToItems(keyword, items, nodes.indices.prefix(items.count)) { nodes[$0] }
            let covered = min(nodes.count, items.count)
            if let prefix = annotations?.itemPrefix { annotations?.itemPrefix = max(prefix, covered) }
            return valid
        case .items(let node, let start):
            guard start < items.count else { return true }
            annotations?.itemPrefix = Int.max
            return applyToItems(keyword, items, start..<items.count) { _ in node }
        case .unevaluatedItems(let node):
            let remaining = items.indices.filter { !(annotations?.isEvaluated(item: $0) ?? false) }
            annotations?.itemPrefix = Int.max
            return applyToItems(keyword, items, remaining) { _ in node }
        case .contains(let node, let minimum, let maximum):
            return contains(keyword, items, node, minimum: minimum, maximum: maximum, &annotations)
        default:
            return true
        }
    }

    private mutating func applyToItems(
        _ keyword: SchemaKeyword, _ items: [JSONValue], _ positions: some Sequence<Int>, schemaFor node: (Int) -> Int
    ) -> Bool {
        var valid = true
        for position in positions {
            let child = node(position)
            let passed: Bool
            if isFalse(child) {
                fail(keyword, "unexpected item at index \(position); the list allows no more items here", at: .index(position))
                passed = false
            } else {
                let segment: String? = if case .prefixItems = keyword.kind { String(position) } else { nil }
                passed = evaluateChild(child, items[position], at: .index(position), schemaSegment: segment)
            }
            if !passed {
                valid = false
                if quiet { break }
            }
        }
        return valid
    }

    private mutating func contains(
        _ keyword: SchemaKeyword, _ items: [JSONValue], _ node: Int, minimum: Int, maximum: Int?, _ annotations: inout SchemaAnnotations?
    ) -> Bool {
        var matches = 0
        for (position, item) in items.enumerated() where quietly({ $0.evaluateChild(node, item, at: .index(position), schemaSegment: nil) }) {
            matches += 1
            annotations?.items.insert(position)
        }
        if matches < minimum {
            fail(keyword, "must contain at least \(SchemaMessages.count(minimum, "item")) matching the `contains` schema, found \(matches)", name: minimum == 1 ? nil : "minContains")
            return false
        }
        if let maximum, matches > maximum {
            fail(keyword, "must contain at most \(SchemaMessages.count(maximum, "item")) matching the `contains` schema, found \(matches)", name: "maxContains")
            return false
        }
        return true
    }

    // MARK: - Properties

    mutating func applyToProperties(_ keyword: SchemaKeyword, _ instance: JSONValue, _ annotations: inout SchemaAnnotations?) -> Bool {
        guard case .object(let members) = instance else { return true }
        switch keyword.kind {
        case .properties(let entries):
            var valid = true
            for (key, node) in entries {
                guard let value = members[key] else { continue }
                annotations?.properties.insert(key)
                if !applyToProperty(keyword, key, value, node, segment: SchemaCompiler.escape(key), unknownMessage: "the key `\(key)` is not allowed here") {
                    valid = false
                    if quiet { break }
                }
            }
            return valid
        case .patternProperties(let patterns):
            var valid = true
            for key in keys(of: members) {
                for (regex, node) in patterns where regex.matches(key) {
                    annotations?.properties.insert(key)
                    if !applyToProperty(keyword, key, members[key] ?? .null, node, segment: SchemaCompiler.escape(regex.source), unknownMessage: "the key `\(key)` is not allowed here") {
                        valid = false
                        if quiet { return false }
                    }
                }
            }
            return valid
        case .additionalProperties(let node, let known, let patterns):
            let extra = keys(of: members).filter { key in !known.contains(key) && !patterns.contains { $0.matches(key) } }
            return applyToRemaining(keyword, extra, members, node, &annotations)
        case .unevaluatedProperties(let node):
            let extra = keys(of: members).filter { !(annotations?.properties.contains($0) ?? false) }
            return applyToRemaining(keyword, extra, members, node, &annotations)
        case .propertyNames(let node):
            return checkPropertyNames(keyword, members, node)
        default:
            return true
        }
    }

    /// The keys in a stable order when errors are wanted; any order will do when only validity is.
    private func keys(of members: [String: JSONValue]) -> [String] {
        quiet ? Array(members.keys) : members.keys.sorted()
    }

    private mutating func applyToProperty(_ keyword: SchemaKeyword, _ key: String, _ value: JSONValue, _ node: Int, segment: String?, unknownMessage: @autoclosure () -> String) -> Bool {
        if isFalse(node) {
            fail(keyword, unknownMessage(), at: .key(key), aboutKey: true, schemaSegment: segment)
            return false
        }
        return evaluateChild(node, value, at: .key(key), schemaSegment: segment)
    }

    private mutating func applyToRemaining(_ keyword: SchemaKeyword, _ keys: [String], _ members: [String: JSONValue], _ node: Int, _ annotations: inout SchemaAnnotations?) -> Bool {
        var valid = true
        for key in keys {
            annotations?.properties.insert(key)
            if !applyToProperty(keyword, key, members[key] ?? .null, node, segment: nil, unknownMessage: "unknown key `\(key)`") {
                valid = false
                if quiet { break }
            }
        }
        return valid
    }

    private mutating func checkPropertyNames(_ keyword: SchemaKeyword, _ members: [String: JSONValue], _ node: Int) -> Bool {
        var valid = true
        for key in keys(of: members) {
            let mark = errors.count
            guard !evaluateChild(node, .string(key), at: .key(key), schemaSegment: nil) else { continue }
            valid = false
            if quiet { break }
            // The errors are about the key's name, not its value: say so, and point at the key.
            for index in errors.indices.dropFirst(mark) {
                errors[index].message = "the key name `\(key)` is not allowed: \(errors[index].message)"
                errors[index].isAboutKey = true
            }
        }
        return valid
    }
}
