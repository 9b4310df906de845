import Foundation

/// The terms the retrieval index counts: English words, lightly stemmed ("restarting",
/// "restarts" → "restart"), and for Chinese — written without spaces — every character and
/// every pair of neighbouring characters.
enum Terms {
    static func of(_ text: String) -> [String] {
        var terms: [String] = []
        var word = ""
        var han: [Character] = []
        func flushWord() {
            if !word.isEmpty, !stopWords.contains(word) { terms.append(stem(word)) }
            word = ""
        }
        func flushHan() {
            for (index, character) in han.enumerated() {
                terms.append(String(character))
                if index + 1 < han.count { terms.append(String(han[index...index + 1])) }
            }
            han = []
        }
        for character in text {
            if character.unicodeScalars.first?.isHan == true {
                flushWord()
                han.append(character)
            } else if character.isLetter || (character.isNumber && !word.isEmpty) {
                flushHan()
                word.append(character)
            } else {
                flushWord()
                flushHan()
            }
        }
        flushWord()
        flushHan()
        return terms
    }

    /// A keyword's words as the index matches them: stemmed, stop words kept ("scale in" is
    /// not "scale"), a hyphenated word kept whole ("blue-green").
    static func keywordWords(_ phrase: String) -> [String] {
        phrase.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "'" || $0 == "_") })
            .map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "-")) }
            .filter { !$0.isEmpty }
            .map { stopWords.contains($0) ? $0 : stem($0) }
    }

    /// A light suffix-stripping stem: enough to make "scaling", "scales" and "scale" one term.
    static func stem(_ word: String) -> String {
        var stem = word
        for suffix in ["ing", "ies", "es", "ed", "s"] where stem.count > suffix.count + 2 && stem.hasSuffix(suffix) {
            stem.removeLast(suffix.count)
            if suffix == "ies" { stem += "y" }
            break
        }
        if stem.count > 3, stem.hasSuffix("e") { stem.removeLast() }
        return stem
    }

    static let stopWords: Set<String> = [
        "a", "an", "the", "to", "of", "for", "on", "in", "at", "by", "with", "and", "or", "is", "are", "be", "it", "its",
        "this", "that", "my", "our", "your", "me", "us", "we", "i", "you", "please", "can", "could", "would", "should",
        "want", "like", "need", "some", "from", "into", "as", "so", "do", "does", "let", "lets", "let's", "just", "now", "then",
        "itself", "themselves",
    ]
}
