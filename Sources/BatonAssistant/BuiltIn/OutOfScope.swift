/// Requests about things Baton does not run — a phone's photos, a LinkedIn profile, a recipe
/// for eight — even when they use the words of operations ("back up", "update", "scale").
enum OutOfScope {
    /// The out-of-scope thing the request is about, when it names one and no word of services.
    static func topic(of request: NormalizedRequest) -> String? {
        let text = request.text
        if Lexicon.serviceAnchors.contains(where: { text.contains($0) }) { return nil }
        for word in text.split(whereSeparator: { !($0.isLetter || $0 == "-" || $0 == "'") }) where word.allSatisfy(\.isASCII) {
            if Lexicon.outOfScopeEnglish.contains(String(word)) { return String(word) }
        }
        return Lexicon.outOfScopeChinese.first { text.contains($0) }
    }
}
