import Foundation

/// Numbers written as words, in English ("twenty five", "a dozen") and Chinese ("二十五",
/// "两", "三百"), turned into digits so that every value reader sees `25`.
enum NumberWords {
    private static let englishUnits: [String: Int] = [
        "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
        "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
        "seventeen": 17, "eighteen": 18, "nineteen": 19, "a dozen": 12, "dozen": 12,
    ]
    private static let englishTens: [String: Int] = [
        "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    ]

    /// Replaces English number words by digits: "three replicas" → "3 replicas",
    /// "twenty-five" → "25", "two hundred and fifty" → "250".
    static func replacingEnglish(in text: String) -> String {
        let words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        var output: [String] = []
        var index = 0
        while index < words.count {
            if let (value, count, trailing) = englishNumber(in: words, from: index) {
                output.append(String(value) + trailing)
                index += count
            } else {
                output.append(words[index])
                index += 1
            }
        }
        return output.joined(separator: " ")
    }

    private static func wordValue(_ word: String) -> Int? {
        let parts = word.split(separator: "-").map(String.init)
        guard !parts.isEmpty else { return nil }
        var value = 0
        for part in parts {
            guard let partValue = englishUnits[part] ?? englishTens[part] else { return nil }
            value += partValue
        }
        return value
    }

    /// The number that starts at `start`: its value, how many words it took, and the
    /// punctuation that followed its last word.
    private static func englishNumber(in words: [String], from start: Int) -> (Int, Int, String)? {
        var total = 0
        var current = 0
        var position = start
        var trailing = ""
        while position < words.count {
            let raw = words[position]
            let core = String(raw.prefix { !",.;:!?)".contains($0) })
            let rest = String(raw.dropFirst(core.count))
            let taken = position > start
            if let value = wordValue(core) {
                current += value
            } else if core == "hundred", taken {
                current = max(current, 1) * 100
            } else if core == "thousand", taken {
                total += max(current, 1) * 1000
                current = 0
            } else if core == "and", taken, rest.isEmpty, position + 1 < words.count, wordValue(words[position + 1]) != nil {
                // "two hundred and fifty": the number goes on.
            } else {
                break
            }
            position += 1
            if !rest.isEmpty {
                trailing = rest
                break
            }
        }
        return position > start ? (total + current, position - start, trailing) : nil
    }

    private static let chineseDigits: [Character: Int] = [
        "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
    ]
    private static let chineseMultipliers: [Character: Int] = ["十": 10, "百": 100, "千": 1000, "万": 10000]

    /// The value of a run of Chinese numerals ("二十五" → 25, "十" → 10, "三百" → 300).
    static func chineseValue(_ run: Substring) -> Int? {
        var total = 0
        var section = 0
        var digit: Int?
        for character in run {
            if let value = chineseDigits[character] {
                digit = value
            } else if let multiplier = chineseMultipliers[character] {
                if multiplier == 10000 {
                    total += (section + (digit ?? 0)) * multiplier
                    section = 0
                } else {
                    section += (digit ?? 1) * multiplier
                }
                digit = nil
            } else {
                return nil
            }
        }
        return total + section + (digit ?? 0)
    }

    /// Characters after which a run of Chinese numerals is a number: measure words and units.
    private static let chineseUnitsAfter: Set<Character> = [
        "个", "台", "份", "次", "分", "小", "天", "周", "星", "秒", "点", "号", "倍", "副", "实", "节", "容", "G", "g", "月", "年", "日", "例", "条", "行", "位", "％", "%", "毫", "钟", "遍", "块", "核", "名", "组",
    ]
    /// Characters before which a run of Chinese numerals is a number ("扩到五", "改成三").
    private static let chineseUnitsBefore: Set<Character> = ["到", "为", "成", "至", "是", "前", "近", "去", "留", "第", "之", "每", "和", "或", "共"]

    /// Replaces runs of Chinese numerals by digits where they count something: "五个副本" →
    /// "5个副本", "百分之十" → "百分之10", "扩容到三" → "扩容到3"; "统一" and "一下" stay.
    static func replacingChinese(in text: String) -> String {
        let characters = Array(text)
        var output = ""
        var index = 0
        while index < characters.count {
            guard chineseDigits[characters[index]] != nil || chineseMultipliers[characters[index]] != nil else {
                output.append(characters[index])
                index += 1
                continue
            }
            var end = index
            while end < characters.count, chineseDigits[characters[end]] != nil || chineseMultipliers[characters[end]] != nil { end += 1 }
            var run = characters[index..<end]
            // "百分之" (per cent) and "千万" (by all means) are words, not numbers.
            if run.last == "百", end + 1 < characters.count, characters[end] == "分", characters[end + 1] == "之" {
                run = run.dropLast()
                if run.isEmpty { output += "百"; index = end; continue }
                output += chineseValue(Substring(String(run))).map(String.init) ?? String(run)
                output += "百"
                index = end
                continue
            }
            // "千分之五", "五分之一": fractions, read as percents.
            if end < characters.count, characters[end] == "分", end + 1 < characters.count, characters[end + 1] == "之" {
                output += String(run)
                index = end
                continue
            }
            if run == ["千", "万"] || run == ["万", "一"] || (run.count == 1 && run.first == "万") {
                output += String(run)
                index = end
                continue
            }
            let before = index > 0 ? characters[index - 1] : nil
            let after = end < characters.count ? characters[end] : nil
            let counts = (after.map(chineseUnitsAfter.contains) ?? false) || (before.map(chineseUnitsBefore.contains) ?? false)
                || run.contains { chineseMultipliers[$0] != nil && $0 != "万" }
            // "万" alone is rarely a number in requests (万一); "一" alone before a non-unit is a word.
            if counts, let value = chineseValue(Substring(String(run))) {
                output += String(value)
            } else {
                output += String(run)
            }
            index = end
        }
        return output
    }
}

