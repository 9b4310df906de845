/// Chooses which failed alternative of an `anyOf` or `oneOf` to report, so that a workflow author
/// sees the errors of the task kind they meant rather than of all twelve.
///
/// Like Python jsonschema's `best_match`, in this order:
/// 1. An alternative whose discriminating keywords held — no missing `required` key and no wrong
///    `type` on the value itself, no `const`, `enum` or `not` failing on the value or one of its
///    members — is the one the author meant (`call: http` picks the HTTP call).
/// 2. Then the one whose errors reach deepest into the instance: it matched more before failing.
/// 3. Then the one with the fewest errors. Remaining ties go to the first alternative.
enum SchemaErrorRanking {
    /// The errors of the most relevant candidate (each candidate is the errors of one alternative).
    static func best(of candidates: [[SchemaError]], baseDepth: Int) -> [SchemaError] {
        var best: [SchemaError] = []
        var bestScore: (Int, Int, Int)?
        for errors in candidates where !errors.isEmpty {
            let score = relevance(of: errors, baseDepth: baseDepth)
            if let current = bestScore, !(score > current) { continue }
            best = errors
            bestScore = score
        }
        return best
    }

    /// Larger is more relevant.
    static func relevance(of errors: [SchemaError], baseDepth: Int) -> (Int, Int, Int) {
        let discriminated = errors.contains { isDiscriminating($0, baseDepth: baseDepth) } ? 0 : 1
        let depth = errors.map(\.instancePath.components.count).max() ?? baseDepth
        return (discriminated, depth, -errors.count)
    }

    /// An error that says the alternative is for another kind of value altogether.
    static func isDiscriminating(_ error: SchemaError, baseDepth: Int) -> Bool {
        let depth = error.instancePath.components.count
        switch error.keyword {
        case "type", "required", "false":
            return depth == baseDepth
        case "const", "enum", "not":
            return depth <= baseDepth + 1 && !error.isAboutKey
        default:
            return false
        }
    }
}
