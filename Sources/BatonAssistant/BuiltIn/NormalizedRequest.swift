import Foundation

/// A request made uniform for reading: full-width forms and Chinese punctuation become ASCII,
/// a space separates Han characters from Latin letters and digits ("把checkout服务" → "把
/// checkout 服务"), numbers written as words become digits, whitespace is collapsed. `text` is
/// lower case; `cased` is the same text with its case kept (for commands, which run as written).
struct NormalizedRequest: Sendable {
    let original: String
    let cased: String
    let text: String

    init(_ original: String) {
        self.original = original
        var cased = Self.uniformCharacters(original.precomposedStringWithCanonicalMapping)
        cased = Self.separatingScripts(cased)
        cased = NumberWords.replacingChinese(in: cased)
        cased = Self.separatingScripts(cased)
        cased = Self.replacingEnglishNumbers(in: cased)
        cased = cased.split(whereSeparator: \.isWhitespace).map { Self.abbreviations[$0.lowercased()] ?? String($0) }.joined(separator: " ")
        self.cased = cased
        self.text = cased.lowercased()
    }

    /// Whether the request is written in Chinese (holds any Han character): there, a Latin word
    /// in the sentence is almost always a name or a value.
    var isChinese: Bool { text.unicodeScalars.contains(where: \.isHan) }

    /// A group of a match in `text`, with the case it was written in.
    func cased(_ match: Pattern.Match, group: Int) -> String? {
        guard group < match.ranges.count, match.ranges[group].location != NSNotFound else { return nil }
        let casedText = cased as NSString
        guard casedText.length == (text as NSString).length else { return match[group] }
        return casedText.substring(with: match.ranges[group])
    }

    /// Shorthand of chat, spelled out so that keywords and patterns see the words.
    private static let abbreviations: [String: String] = ["svc": "service", "svcs": "services", "cfg": "config", "config's": "config"]

    private static let punctuation: [Character: String] = [
        "，": ",", "。": ". ", "：": ":", "；": ";", "？": "?", "！": "!", "（": "(", "）": ")", "、": ",",
        "“": "\"", "”": "\"", "‘": "'", "’": "'", "「": "\"", "」": "\"", "『": "\"", "』": "\"", "《": "\"", "》": "\"",
        "【": "[", "】": "]", "～": "~", "—": "-", "–": "-", "％": "%", "　": " ", "…": "...",
    ]

    private static func uniformCharacters(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for character in text {
            if let replacement = punctuation[character] {
                output += replacement
            } else if let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1, (0xFF01...0xFF5E).contains(scalar.value),
                let ascii = Unicode.Scalar(scalar.value - 0xFEE0)
            {
                output.unicodeScalars.append(ascii)
            } else {
                output.append(character)
            }
        }
        return output
    }

    /// A space wherever a Han character meets a Latin letter or digit, so that word patterns
    /// see `checkout` in "把checkout服务".
    private static func separatingScripts(_ text: String) -> String {
        var output = ""
        var previous: Character?
        for character in text {
            if let previous, isHan(previous) != isHan(character), (isHan(previous) && isLatin(character)) || (isLatin(previous) && isHan(character)) {
                output.append(" ")
            }
            output.append(character)
            previous = character
        }
        return output
    }

    private static func isHan(_ character: Character) -> Bool { character.unicodeScalars.first?.isHan ?? false }
    private static func isLatin(_ character: Character) -> Bool { character.isASCII && (character.isLetter || character.isNumber || "\"'`$./~_-%".contains(character)) }

    private static func replacingEnglishNumbers(in text: String) -> String {
        // Words are compared in lower case but the text keeps its case: numbers words are
        // rare enough in commands that replacing them there too does no harm.
        let replaced = NumberWords.replacingEnglish(in: text.lowercased())
        guard replaced != text.lowercased() else { return text }
        // Rebuild with the original case where the words did not change.
        let originalWords = text.split(separator: " ", omittingEmptySubsequences: false)
        let lowerWords = text.lowercased().split(separator: " ", omittingEmptySubsequences: false)
        guard originalWords.count == lowerWords.count else { return replaced }
        let replacedWords = replaced.split(separator: " ", omittingEmptySubsequences: false)
        var output: [Substring] = []
        var lowerIndex = 0
        var replacedIndex = 0
        // Walk both: a replaced number covers one or more original words.
        while replacedIndex < replacedWords.count, lowerIndex < lowerWords.count {
            if replacedWords[replacedIndex] == lowerWords[lowerIndex] {
                output.append(originalWords[lowerIndex])
                lowerIndex += 1
                replacedIndex += 1
            } else {
                output.append(replacedWords[replacedIndex])
                replacedIndex += 1
                // Skip the original words this number replaced: up to the next word that agrees.
                lowerIndex += 1
                while lowerIndex < lowerWords.count, replacedIndex < replacedWords.count, lowerWords[lowerIndex] != replacedWords[replacedIndex] { lowerIndex += 1 }
            }
        }
        return output.joined(separator: " ")
    }
}

