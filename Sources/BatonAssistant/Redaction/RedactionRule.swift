import Foundation

/// One kind of sensitive text the redactor finds: a pattern, which of its groups is the value to
/// hide (the whole match when none), and what kind of placeholder stands for it.
struct RedactionRule: @unchecked Sendable {
    // NSRegularExpression is immutable once made and safe to share (its matching is reentrant).
    let expression: NSRegularExpression
    let valueGroups: [Int]
    let kind: Redactor.Kind
    /// Whether a found value may be kept (a word that only looks like a value: `required`, `${…}`).
    let keeps: @Sendable (String) -> Bool
    /// The value ends a sentence in prose (`the password is hunter2.`): a final stop is not part of it.
    let inProse: Bool

    init(
        _ pattern: String, groups: [Int] = [], kind: Redactor.Kind = .secret, keeps: @escaping @Sendable (String) -> Bool = { _ in false },
        inProse: Bool = false
    ) {
        self.inProse = inProse
        // The patterns are literals of this module: one that does not compile is a programming error.
        self.expression = try! NSRegularExpression(pattern: pattern, options: [])
        self.valueGroups = groups
        self.kind = kind
        self.keeps = keeps
    }

    /// The ranges of the values to hide in `text`.
    func values(in text: String) -> [Range<String.Index>] {
        let whole = NSRange(text.startIndex..., in: text)
        var ranges: [Range<String.Index>] = []
        for match in expression.matches(in: text, range: whole) {
            let groups = valueGroups.isEmpty ? [0] : valueGroups
            for group in groups {
                let found = match.range(at: group)
                guard found.location != NSNotFound, var range = Range(found, in: text), !range.isEmpty else { continue }
                // A value at the end of a sentence keeps its full stop.
                while inProse, range.lowerBound < range.upperBound, let last = text[range].last, ".)!?。".contains(last), text[range].count > 1 {
                    range = range.lowerBound..<text.index(before: range.upperBound)
                }
                let value = String(text[range])
                if value.contains("⟦") || keeps(value) { continue }
                ranges.append(range)
            }
        }
        return ranges
    }
}
