/// Chooses which failed alternative of an `anyOf` or `oneOf` to report, so that a workflow author
/// sees the errors of the task kind they meant rather than of all twelve.
///
/// In the manner of Python jsonschema's `best_match`, an alternative is more relevant when, in
/// this order:
/// 1. it is not for another kind of value: no wrong `type` of the value itself, and no `const`,
///    `enum` or `not` failing on the value or one of its members;
/// 2. more of its `const`/`enum` keywords matched members of the value (`call: http` is what
///    picks the HTTP call among the call kinds);
/// 3. no `required` key of it is missing;
/// 4. its errors reach deeper into the value: it matched more before failing;
/// 5. it has fewer errors.
/// Remaining ties go to the first alternative.
enum SchemaErrorRanking {
    /// One failed alternative: its errors, and how many `const`/`enum` keywords matched members of
    /// the value while it was evaluated.
    struct Candidate {
        var errors: [SchemaError]
        var discriminatorMatches: Int
    }

    /// The errors of the most relevant candidate.
    static func best(of candidates: [Candidate], baseDepth: Int) -> [SchemaError] {
        var best: [SchemaError] = []
        var bestScore: Score?
        for candidate in candidates where !candidate.errors.isEmpty {
            let score = relevance(of: candidate, baseDepth: baseDepth)
            if let current = bestScore, !(score > current) { continue }
            best = candidate.errors
            bestScore = score
        }
        return best
    }

    /// Compared lexicographically; larger is more relevant.
    struct Score: Comparable {
        var values: [Int]

        static func < (lhs: Score, rhs: Score) -> Bool {
            lhs.values.lexicographicallyPrecedes(rhs.values)
        }
    }

    static func relevance(of candidate: Candidate, baseDepth: Int) -> Score {
        let errors = candidate.errors
        let mismatched = errors.contains { isKindMismatch($0, baseDepth: baseDepth) }
        let missingRequired = errors.contains { $0.keyword == "required" && $0.instancePath.components.count == baseDepth }
        let depth = errors.map(\.instancePath.components.count).max() ?? baseDepth
        return Score(values: [mismatched ? 0 : 1, candidate.discriminatorMatches, missingRequired ? 0 : 1, depth, -errors.count])
    }

    /// An error that says the alternative is for another kind of value altogether.
    static func isKindMismatch(_ error: SchemaError, baseDepth: Int) -> Bool {
        let depth = error.instancePath.components.count
        switch error.keyword {
        case "type", "false":
            return depth == baseDepth
        case "const", "enum", "not":
            return depth <= baseDepth + 1 && !error.isAboutKey
        default:
            return false
        }
    }
}
