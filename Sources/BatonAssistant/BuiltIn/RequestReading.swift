import Foundation

/// One pass of reading values out of a request: what has been taken already, so that one span
/// of text gives one value (the `3000` of "port 3000" is not also a replica count).
struct RequestReading {
    let request: NormalizedRequest
    private(set) var taken: [Range<Int>] = []
    /// Spans that hold no name (the words of the template's keywords): a name pattern whose
    /// name falls there does not match.
    var notNames: [Range<Int>] = []

    init(_ request: NormalizedRequest, notNames: [Range<Int>] = []) {
        self.request = request
        self.notNames = notNames
    }

    /// The first free match of the patterns whose group (the name) lies outside `notNames`.
    mutating func firstName(_ patterns: [Pattern], where accept: (String) -> Bool) -> String? {
        first(patterns, outsideNotNames: true, where: accept)
    }

    var text: String { request.text }

    func isFree(_ location: Int, _ length: Int) -> Bool {
        let range = location..<(location + max(length, 1))
        return !taken.contains { $0.overlaps(range) }
    }

    mutating func take(_ location: Int, _ length: Int) {
        taken.append(location..<(location + max(length, 1)))
    }

    /// The first free match of any of the patterns: the chosen group's text (lower case, or as
    /// written with `cased`), taking the whole match.
    mutating func first(
        _ patterns: [Pattern], cased: Bool = false, outsideNotNames: Bool = false, where accept: (String) -> Bool = { _ in true }
    ) -> String? {
        var best: (Pattern.Match, String)?
        for pattern in patterns {
            for match in pattern.matches(in: text) where isFree(match.location, match.length) {
                guard let group = (1..<max(match.groups.count, 1)).first(where: { match[$0] != nil }) ?? (match.groups.count == 1 ? 0 : nil),
                    let value = cased ? request.cased(match, group: group) : match[group]
                else { continue }
                if outsideNotNames {
                    let range = match.ranges[group].location..<(match.ranges[group].location + match.ranges[group].length)
                    if notNames.contains(where: { $0.overlaps(range) }) { continue }
                }
                let trimmed = value.trimmingCharacters(in: .whitespaces)
                guard !trimmed.isEmpty, accept(trimmed) else { continue }
                // The earliest match of all the patterns wins.
                if best == nil || match.location < best!.0.location { best = (match, trimmed) }
                break
            }
        }
        guard let (match, value) = best else { return nil }
        take(match.location, match.length)
        return value
    }

    /// The first free value a reader found.
    mutating func first<Value>(_ found: [FoundValue<Value>], where accept: (FoundValue<Value>) -> Bool = { _ in true }) -> Value? {
        guard let value = found.first(where: { isFree($0.location, $0.length) && accept($0) }) else { return nil }
        take(value.location, value.length)
        return value.value
    }

    /// Whether the text around `location` (within `distance` UTF-16 units before it) holds any
    /// of the cue words.
    func cueBefore(_ location: Int, within distance: Int, _ cues: [String]) -> Bool {
        let start = max(0, location - distance)
        let window = (text as NSString).substring(with: NSRange(location: start, length: location - start))
        return cues.contains { window.contains($0) }
    }

    /// Whether the words right after `location` begin with one of the cues ("2% errors").
    func nextWords(after location: Int, startWith cues: [String]) -> Bool {
        let nsText = text as NSString
        guard location < nsText.length else { return false }
        let rest = nsText.substring(from: location).drop { $0 == " " || $0 == "的" }
        return cues.contains { rest.hasPrefix($0.trimmingCharacters(in: .whitespaces)) }
    }

    /// An HTTP status in the 400s and 500s written as a plural ("returning 500s"), which looks
    /// like a duration in seconds.
    func isStatusCode(_ found: FoundValue<Int>) -> Bool {
        let written = (text as NSString).substring(with: NSRange(location: found.location, length: found.length))
        return (400...599).contains(found.value) && written.hasSuffix("s") && !written.contains(" ") && !cueBefore(found.location, within: 12, ["last", "past", "for", "within", "after", "timeout", "since"])
    }

    func cueAround(_ location: Int, length: Int, within distance: Int, _ cues: [String]) -> Bool {
        let nsText = text as NSString
        let start = max(0, location - distance)
        let end = min(nsText.length, location + length + distance)
        let window = nsText.substring(with: NSRange(location: start, length: end - start))
        return cues.contains { window.contains($0) }
    }
}
