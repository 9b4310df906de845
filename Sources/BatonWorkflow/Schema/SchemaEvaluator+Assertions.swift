/// The keywords that check a value itself: type, enum, const, numbers, strings, sizes.
extension SchemaEvaluator {
    /// Evaluates one keyword of a node against `instance`.
    mutating func evaluate(_ keyword: SchemaKeyword, _ instance: JSONValue, _ annotations: inout SchemaAnnotations?) -> Bool {
        switch keyword.kind {
        case .ref(let target):
            return follow(target, keyword, instance, &annotations)
        case .dynamicRef(let target, let anchor):
            return follow(dynamicTarget(target, anchor: anchor), keyword, instance, &annotations)
        case .type, .enumeration, .constant:
            return checkValue(keyword, instance)
        case .multipleOf, .bound:
            return checkNumber(keyword, instance)
        case .maxLength, .minLength, .pattern:
            return checkString(keyword, instance)
        case .maxItems, .minItems, .uniqueItems:
            return checkArray(keyword, instance)
        case .required, .dependentRequired, .maxProperties, .minProperties:
            return checkObject(keyword, instance)
        case .allOf, .anyOf, .oneOf, .not, .conditional, .dependentSchemas:
            return applyInPlace(keyword, instance, &annotations)
        case .prefixItems, .items, .contains, .unevaluatedItems:
            return applyToItems(keyword, instance, &annotations)
        case .properties, .patternProperties, .additionalProperties, .propertyNames, .unevaluatedProperties:
            return applyToProperties(keyword, instance, &annotations)
        }
    }

    private mutating func checkValue(_ keyword: SchemaKeyword, _ instance: JSONValue) -> Bool {
        switch keyword.kind {
        case .type(let types) where !types.admits(instance):
            fail(keyword, "expected \(SchemaMessages.describe(types)), found \(SchemaMessages.describeType(of: instance))")
        case .enumeration(let values) where !values.contains(where: { $0.isSchemaEqual(to: instance) }):
            fail(keyword, "\(SchemaMessages.quote(instance)) is not one of \(SchemaMessages.list(values))")
        case .constant(let value) where !value.isSchemaEqual(to: instance):
            fail(keyword, "expected \(SchemaMessages.quote(value)), found \(SchemaMessages.quote(instance))")
        case .constant, .enumeration:
            if instancePath.count == discriminators.depth { discriminators.matches += 1 }
            return true
        default:
            return true
        }
        return false
    }

    private mutating func checkNumber(_ keyword: SchemaKeyword, _ instance: JSONValue) -> Bool {
        guard let number = instance.doubleValue else { return true }
        switch keyword.kind {
        case .multipleOf(let divisor) where !Self.isMultiple(instance, of: divisor):
            fail(keyword, "must be a multiple of \(SchemaMessages.format(divisor))")
        case .bound(.maximum, let limit) where !(number <= limit):
            fail(keyword, "must be at most \(SchemaMessages.format(limit)), found \(SchemaMessages.quote(instance))")
        case .bound(.exclusiveMaximum, let limit) where !(number < limit):
            fail(keyword, "must be less than \(SchemaMessages.format(limit)), found \(SchemaMessages.quote(instance))")
        case .bound(.minimum, let limit) where !(number >= limit):
            fail(keyword, "must be at least \(SchemaMessages.format(limit)), found \(SchemaMessages.quote(instance))")
        case .bound(.exclusiveMinimum, let limit) where !(number > limit):
            fail(keyword, "must be greater than \(SchemaMessages.format(limit)), found \(SchemaMessages.quote(instance))")
        default:
            return true
        }
        return false
    }

    /// Exact for integers; for other numbers the quotient must be whole up to rounding error
    /// (0.0075 / 0.0001 is 74.99999999999999 in binary floating point). A quotient too large to
    /// be finite is never whole.
    static func isMultiple(_ value: JSONValue, of divisor: Double) -> Bool {
        if case .integer(let integer) = value, let whole = Int(exactly: divisor) {
            return integer % whole == 0
        }
        guard let number = value.doubleValue else { return true }
        let quotient = number / divisor
        guard quotient.isFinite else { return false }
        let nearest = quotient.rounded()
        return abs(quotient - nearest) <= 1e-9 * max(1, abs(quotient))
    }

    private mutating func checkString(_ keyword: SchemaKeyword, _ instance: JSONValue) -> Bool {
        guard case .string(let text) = instance else { return true }
        switch keyword.kind {
        case .maxLength(let limit):
            // Lengths count Unicode code points, as JSON Schema defines them.
            let length = text.unicodeScalars.count
            guard length <= limit else {
                fail(keyword, "must be at most \(SchemaMessages.count(limit, "character")) long, found \(length)")
                return false
            }
        case .minLength(let limit):
            let length = text.unicodeScalars.count
            guard length >= limit else {
                fail(keyword, "must be at least \(SchemaMessages.count(limit, "character")) long, found \(length)")
                return false
            }
        case .pattern(let regex):
            guard regex.matches(text) else {
                fail(keyword, "does not match the pattern \(regex.source)")
                return false
            }
        default:
            break
        }
        return true
    }

    private mutating func checkArray(_ keyword: SchemaKeyword, _ instance: JSONValue) -> Bool {
        guard case .array(let items) = instance else { return true }
        switch keyword.kind {
        case .maxItems(let limit) where items.count > limit:
            fail(keyword, "must have at most \(SchemaMessages.count(limit, "item")), found \(items.count)")
        case .minItems(let limit) where items.count < limit:
            fail(keyword, "must have at least \(SchemaMessages.count(limit, "item")), found \(items.count)")
        case .uniqueItems:
            guard let (first, second) = Self.firstDuplicate(in: items) else { return true }
            fail(keyword, "items \(first) and \(second) are equal; the items must be unique")
        default:
            return true
        }
        return false
    }

    /// The positions of the first two equal items. Items are bucketed by `JSONValue`'s hash,
    /// which agrees with schema equality (1 and 1.0 hash alike), then compared exactly.
    static func firstDuplicate(in items: [JSONValue]) -> (Int, Int)? {
        var seen: [JSONValue: [Int]] = [:]
        for (index, item) in items.enumerated() {
            if let earlier = seen[item]?.first(where: { items[$0].isSchemaEqual(to: item) }) { return (earlier, index) }
            seen[item, default: []].append(index)
        }
        return nil
    }

    private mutating func checkObject(_ keyword: SchemaKeyword, _ instance: JSONValue) -> Bool {
        guard case .object(let members) = instance else { return true }
        switch keyword.kind {
        case .required(let names):
            var valid = true
            for name in names where members[name] == nil {
                fail(keyword, "missing required key `\(name)`")
                valid = false
                if quiet { break }
            }
            return valid
        case .dependentRequired(let entries):
            var valid = true
            for (trigger, names) in entries where members[trigger] != nil {
                for name in names where members[name] == nil {
                    fail(keyword, "missing key `\(name)`, which is required when `\(trigger)` is present")
                    valid = false
                }
            }
            return valid
        case .maxProperties(let limit) where members.count > limit:
            fail(keyword, "must have at most \(SchemaMessages.count(limit, "key")), found \(members.count) (\(SchemaMessages.keys(members)))")
        case .minProperties(let limit) where members.count < limit:
            fail(keyword, "must have at least \(SchemaMessages.count(limit, "key")), found \(members.count)")
        default:
            return true
        }
        return false
    }
}
