import Foundation

/// A compiled regular expression with the few questions the planner asks of it. Patterns are
/// written against the normalized request (lower case, ASCII punctuation), so they match
/// case-insensitively only through that normalization.
struct Pattern: @unchecked Sendable {
    // NSRegularExpression is immutable after creation and documented as thread-safe.
    private let expression: NSRegularExpression

    init(_ pattern: String) {
        do {
            expression = try NSRegularExpression(pattern: pattern, options: [])
        } catch {
            preconditionFailure("invalid built-in pattern \(pattern): \(error)")
        }
    }

    struct Match {
        /// The whole match and each group (nil when a group did not take part).
        var groups: [String?]
        /// Each group's range in UTF-16 offsets (location NSNotFound when it did not take part).
        var ranges: [NSRange]
        /// Where the match starts, in UTF-16 offsets of the searched text.
        var location: Int
        var length: Int

        subscript(group: Int) -> String? { group < groups.count ? groups[group] : nil }
    }

    func matches(in text: String) -> [Match] {
        let nsText = text as NSString
        return expression.matches(in: text, range: NSRange(location: 0, length: nsText.length)).map { result in
            Match(
                groups: (0..<result.numberOfRanges).map { index in
                    let range = result.range(at: index)
                    return range.location == NSNotFound ? nil : nsText.substring(with: range)
                },
                ranges: (0..<result.numberOfRanges).map { result.range(at: $0) },
                location: result.range.location, length: result.range.length
            )
        }
    }

    func firstMatch(in text: String) -> Match? {
        let nsText = text as NSString
        guard let result = expression.firstMatch(in: text, range: NSRange(location: 0, length: nsText.length)) else { return nil }
        return Match(
            groups: (0..<result.numberOfRanges).map { index in
                let range = result.range(at: index)
                return range.location == NSNotFound ? nil : nsText.substring(with: range)
            },
            ranges: (0..<result.numberOfRanges).map { result.range(at: $0) },
            location: result.range.location, length: result.range.length
        )
    }

    func contains(in text: String) -> Bool { firstMatch(in: text) != nil }
}
