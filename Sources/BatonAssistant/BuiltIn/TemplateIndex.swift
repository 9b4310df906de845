import Foundation

/// The retrieval index of the built-in planner: for each template, its keywords (weighted by
/// how few templates share them, and by how long they are) and a BM25 index over its summary,
/// description and example requests in both languages. A request scores against every
/// template; keywords decide, the text similarity breaks near-ties and supports a match.
struct TemplateIndex: Sendable {
    struct Keyword: Sendable {
        var phrase: String
        /// Stemmed English words, matched as a sequence; empty for a phrase with Chinese in it,
        /// which is matched as a substring of the normalized request.
        var words: [String]
        var weight: Double
    }

    struct Score: Sendable {
        var templateID: String
        var score: Double
        var keywordScore: Double
        var similarity: Double
        var matched: [String]
        /// Where the matched keywords are in the normalized request: words there say what to
        /// do, so they are not names.
        var matchedRanges: [Range<Int>] = []
    }

    private struct Document: Sendable {
        var templateID: String
        var termCounts: [String: Int]
        var length: Int
        var keywords: [Keyword]
    }

    private var documents: [Document]
    private var documentFrequency: [String: Int]
    private var averageLength: Double

    init(library: TemplateLibrary) {
        // How many templates list each keyword: a keyword of one template says more.
        var keywordTemplates: [String: Set<String>] = [:]
        var phrasesByTemplate: [String: [String]] = [:]
        for template in library.templates {
            var phrases = Set<String>()
            for list in template.keywords.values { for phrase in list { phrases.insert(NormalizedRequest(phrase).text) } }
            phrasesByTemplate[template.id] = phrases.sorted()
            for phrase in phrases { keywordTemplates[phrase, default: []].insert(template.id) }
        }
        let count = Double(library.templates.count)
        var documents: [Document] = []
        var documentFrequency: [String: Int] = [:]
        for template in library.templates {
            var text = [template.summary, template.description]
            for list in template.examples.values { text += list }
            var counts: [String: Int] = [:]
            for term in Terms.of(NormalizedRequest(text.joined(separator: " \n ")).text) { counts[term, default: 0] += 1 }
            for term in counts.keys { documentFrequency[term, default: 0] += 1 }
            let keywords = (phrasesByTemplate[template.id] ?? []).map { phrase -> Keyword in
                let shared = Double(keywordTemplates[phrase]?.count ?? 1)
                let hasHan = phrase.unicodeScalars.contains(where: \.isHan)
                let words = hasHan ? [] : Terms.keywordWords(phrase)
                let size = hasHan ? Double(phrase.filter { $0.unicodeScalars.first?.isHan == true }.count) / 2 : Double(max(words.count, 1))
                let weight = log(1 + count / shared) * (1 + 0.6 * (size - 1).clamped(to: 0...3))
                return Keyword(phrase: phrase, words: words, weight: weight)
            }
            documents.append(Document(templateID: template.id, termCounts: counts, length: counts.values.reduce(0, +), keywords: keywords))
        }
        self.documents = documents
        self.documentFrequency = documentFrequency
        self.averageLength = Double(documents.map(\.length).reduce(0, +)) / max(Double(documents.count), 1)
    }

    /// Every template's score for the request, best first.
    func scores(for request: NormalizedRequest) -> [Score] {
        let text = request.text
        let length = Double(max((text as NSString).length, 1))
        let words = englishWords(of: text)
        let queryTerms = Terms.of(text)
        let chinese = request.isChinese
        let afterBa: Int? = chinese ? [(text as NSString).range(of: "把"), (text as NSString).range(of: "将")].filter { $0.location != NSNotFound }.map(\.location).min() : nil
        let documentCount = Double(documents.count)
        return documents.map { document in
            var keywordScore = 0.0
            var matched: [String] = []
            var covered: [Range<Int>] = []
            // Longer keywords first: a shorter one inside a longer match adds nothing.
            for keyword in document.keywords.sorted(by: { $0.phrase.count > $1.phrase.count }) {
                var misspelt = false
                var found = find(keyword, in: text, words: words)
                if found == nil, let slip = findMisspelt(keyword, words: words) {
                    found = slip
                    misspelt = true
                }
                guard let range = found, !isNegated(range, in: text) else { continue }
                if covered.contains(where: { $0.lowerBound <= range.lowerBound && range.upperBound <= $0.upperBound }) { continue }
                covered.append(range)
                let position = Double(range.lowerBound) / length
                // In English, earlier counts a little more: the operation comes first more often
                // than what it is done with ("deploy a web app with a postgres database"). In
                // Chinese the verb often comes last ("把 X 回滚"): after 把/将 it counts more.
                let place = chinese ? (afterBa.map { range.lowerBound > $0 } == true ? 1.3 : 1.0) : 1.15 - 0.3 * position
                keywordScore += keyword.weight * place * (misspelt ? 0.85 : 1)
                matched.append(misspelt ? "\(keyword.phrase)?" : keyword.phrase)
            }
            var similarity = 0.0
            for term in Set(queryTerms) {
                guard let frequency = document.termCounts[term], let df = documentFrequency[term] else { continue }
                let idf = log(1 + (documentCount - Double(df) + 0.5) / (Double(df) + 0.5))
                let tf = Double(frequency)
                similarity += idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * Double(document.length) / averageLength))
            }
            return Score(
                templateID: document.templateID, score: keywordScore + 0.15 * similarity, keywordScore: keywordScore,
                similarity: similarity, matched: matched, matchedRanges: covered
            )
        }.sorted { $0.score > $1.score }
    }

    /// The English words of the text with their UTF-16 offsets, stemmed.
    private func englishWords(of text: String) -> [(stem: String, start: Int, end: Int)] {
        var words: [(String, Int, Int)] = []
        func add(_ word: String, _ start: Int, _ end: Int) {
            // Stop words are kept as themselves, so that `find` can tell them apart.
            words.append((Terms.stopWords.contains(word) ? word : Terms.stem(word), start, end))
        }
        var current = ""
        var start = 0
        var offset = 0
        let scalars = Array(text.unicodeScalars)
        for (index, unit) in scalars.enumerated() {
            // A hyphen between letters or digits joins a name ("nightly-report", "blue-green"):
            // a keyword inside it is not the keyword.
            let joins = unit == "-" && !current.isEmpty && index + 1 < scalars.count && scalars[index + 1].isASCII
                && CharacterSet.alphanumerics.contains(scalars[index + 1])
            let isWordCharacter = unit.isASCII && (CharacterSet.alphanumerics.contains(unit) || unit == "'" || unit == "_" || joins)
            if isWordCharacter {
                if current.isEmpty { start = offset }
                current.unicodeScalars.append(unit)
            } else if !current.isEmpty {
                add(current, start, offset)
                current = ""
            }
            offset += unit.utf16.count
        }
        if !current.isEmpty { add(current, start, offset) }
        return words
    }

    private func find(_ keyword: Keyword, in text: String, words: [(stem: String, start: Int, end: Int)]) -> Range<Int>? {
        if keyword.words.isEmpty {
            let range = (text as NSString).range(of: keyword.phrase)
            return range.location == NSNotFound ? nil : range.location..<(range.location + range.length)
        }
        // Keyword words are stems without stop words; the request's words keep theirs, so a
        // phrase matches with at most one stop word between its words ("roll it back").
        let stems = words.filter { (!Terms.stopWords.contains($0.stem) || keyword.words.contains($0.stem)) && !($0.stem.allSatisfy(\.isNumber) && keyword.words.count > 1) }
        guard stems.count >= keyword.words.count else { return nil }
        for start in 0...(stems.count - keyword.words.count) {
            var matches = true
            for (index, word) in keyword.words.enumerated() where stems[start + index].stem != word {
                matches = false
                break
            }
            if matches { return stems[start].start..<stems[start + keyword.words.count - 1].end }
        }
        // A verb and its particle with the object between: "roll tiles back", "shut cart down".
        // Only the verb is the keyword's place: the object between is a name.
        if keyword.words.count == 2, Self.particles.contains(keyword.words[1]), stems.count >= 3 {
            for start in 0...(stems.count - 3) where stems[start].stem == keyword.words[0] && stems[start + 2].stem == keyword.words[1] {
                let object = (text as NSString).substring(with: NSRange(location: stems[start + 1].start, length: stems[start + 1].end - stems[start + 1].start))
                guard !Lexicon.english.contains(object), !object.hasSuffix("ly") else { continue }
                return stems[start].start..<stems[start].end
            }
        }
        return nil
    }

    static let particles: Set<String> = ["back", "down", "up", "out", "off", "over"]

    /// Whether a keyword at `range` is denied: "don't delete it", "不要删除".
    private func isNegated(_ range: Range<Int>, in text: String) -> Bool {
        let nsText = text as NSString
        let start = max(0, range.lowerBound - 12)
        let before = nsText.substring(with: NSRange(location: start, length: range.lowerBound - start))
        return before.hasSuffix("don't ") || before.hasSuffix("do not ") || before.hasSuffix("not ") || before.hasSuffix("never ")
            || before.hasSuffix("不要") || before.hasSuffix("别") || before.hasSuffix("不用") || before.hasSuffix("不需要")
    }

    /// A one-word keyword written with one slip ("rolback", "retsart", "logz"): a letter more,
    /// fewer, changed or two swapped, for keywords of five letters or more; for shorter ones only
    /// a letter added at the end.
    private func findMisspelt(_ keyword: Keyword, words: [(stem: String, start: Int, end: Int)]) -> Range<Int>? {
        guard keyword.words.count == 1, let target = keyword.words.first, target.count >= 3 else { return nil }
        for word in words where word.stem.count >= 4 && !Terms.stopWords.contains(word.stem) && word.stem != target {
            if target.count >= 5 {
                if Self.isOneEditApart(word.stem, target) { return word.start..<word.end }
            } else if word.stem.count == target.count + 1, word.stem.hasPrefix(target) {
                return word.start..<word.end
            }
        }
        return nil
    }

    /// Whether one insertion, deletion, substitution or swap of neighbours turns `a` into `b`.
    static func isOneEditApart(_ a: String, _ b: String) -> Bool {
        let a = Array(a), b = Array(b)
        if abs(a.count - b.count) > 1 { return false }
        if a.count == b.count {
            let different = (0..<a.count).filter { a[$0] != b[$0] }
            if different.count == 1 { return true }
            if different.count == 2, different[1] == different[0] + 1, a[different[0]] == b[different[1]], a[different[1]] == b[different[0]] { return true }
            return false
        }
        let (long, short) = a.count > b.count ? (a, b) : (b, a)
        var i = 0, j = 0, skipped = false
        while i < long.count, j < short.count {
            if long[i] == short[j] { i += 1; j += 1 } else if skipped { return false } else { skipped = true; i += 1 }
        }
        return true
    }
}

extension Comparable {
    func clamped(to range: ClosedRange<Self>) -> Self { min(max(self, range.lowerBound), range.upperBound) }
}
