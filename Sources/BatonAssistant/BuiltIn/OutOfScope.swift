import Foundation

/// Requests about things Baton does not run — a phone's photos, a LinkedIn profile, a recipe
/// for eight — even when they use the words of operations ("back up", "update", "scale").
enum OutOfScope {
    private static let quoted = Pattern(#"["`'][^"`']*["`']"#)

    /// The out-of-scope thing the request is about, when it names one and no word of services.
    static func topic(of request: NormalizedRequest) -> String? {
        // What is quoted is a command or a pattern, not what the request is about.
        let text = quoted.matches(in: request.text).reversed().reduce(request.text) { text, match in
            (text as NSString).replacingCharacters(in: NSRange(location: match.location, length: match.length), with: " ")
        }
        if let phrase = Lexicon.outOfScopeAlways.first(where: { text.contains($0) }) { return phrase }
        if Lexicon.serviceAnchors.contains(where: { text.contains($0) }) { return nil }
        for word in text.split(whereSeparator: { !($0.isLetter || $0 == "-" || $0 == "'") }) where word.allSatisfy(\.isASCII) {
            if Lexicon.outOfScopeEnglish.contains(String(word)) { return String(word) }
        }
        return Lexicon.outOfScopeChinese.first { text.contains($0) }
    }
}
