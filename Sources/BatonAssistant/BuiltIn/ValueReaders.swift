import Foundation

/// A value found in the normalized request, and where (UTF-16 offsets), so that one span is
/// read as one value only.
struct FoundValue<Value: Sendable>: Sendable {
    var value: Value
    var location: Int
    var length: Int

    var end: Int { location + length }
}

/// Readers for the catalog's value conventions (templates.yaml): durations in seconds,
/// percents 0…100, rates 0…1, sizes in GiB. Each finds every occurrence in the normalized text.
enum ValueReaders {
    private static let englishDuration = Pattern(
        #"(?<![\w.])(\d+(?:\.\d+)?) ?(seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|hr|h|days?|d|weeks?|wks?|w|months?)(?![a-z])"#
    )
    private static let englishArticleDuration = Pattern(#"\b(?:an?|one|per|last|past|previous|the last|the past) (second|minute|hour|day|week|month)\b"#)
    private static let englishHalf = Pattern(#"\b(?:half an? (hour|day|minute)|(\d+) and a half (hours?|days?|minutes?))\b"#)
    private static let chineseDuration = Pattern(#"(\d+(?:\.\d+)?) ?(个)?(半)?(秒钟|秒|分钟|分|个小时|小时|钟头|天|日|个星期|星期|礼拜|周|个月|月)"#)
    private static let chineseHalf = Pattern(#"(?<![\d个])半(个)?(小时|钟头|天|分钟|个月)"#)

    private static func seconds(ofUnit unit: String) -> Int? {
        switch unit {
        case "s", "sec", "secs", "second", "seconds", "秒", "秒钟": 1
        case "m", "min", "mins", "minute", "minutes", "分钟", "分": 60
        case "h", "hr", "hrs", "hour", "hours", "小时", "个小时", "钟头": 3600
        case "d", "day", "days", "天", "日": 86400
        case "w", "wk", "wks", "week", "weeks", "周", "星期", "个星期", "礼拜": 604_800
        case "month", "months", "月", "个月": 2_592_000
        default: nil
        }
    }

    /// Every duration, in seconds: "10 minutes", "1h", "1.5 hours", "half an hour", "半小时",
    /// "一个半小时", "2周".
    static func durations(in text: String) -> [FoundValue<Int>] {
        var found: [FoundValue<Int>] = []
        for match in englishDuration.matches(in: text) {
            guard let number = match[1].flatMap(Double.init), let unit = match[2].flatMap(seconds(ofUnit:)) else { continue }
            found.append(FoundValue(value: Int((number * Double(unit)).rounded()), location: match.location, length: match.length))
        }
        for match in englishArticleDuration.matches(in: text) {
            guard let unit = match[1].flatMap(seconds(ofUnit:)) else { continue }
            found.append(FoundValue(value: unit, location: match.location, length: match.length))
        }
        for match in englishHalf.matches(in: text) {
            if let unit = match[1].flatMap(seconds(ofUnit:)) {
                found.append(FoundValue(value: unit / 2, location: match.location, length: match.length))
            } else if let whole = match[2].flatMap(Int.init), let unit = match[3].flatMap(seconds(ofUnit:)) {
                found.append(FoundValue(value: whole * unit + unit / 2, location: match.location, length: match.length))
            }
        }
        for match in chineseDuration.matches(in: text) {
            guard let number = match[1].flatMap(Double.init), var unitName = match[4] else { continue }
            if match[2] != nil, unitName == "小时" || unitName == "星期" || unitName == "月" { unitName = "个" + unitName }
            guard let unit = seconds(ofUnit: unitName) else { continue }
            let half = match[3] != nil ? Double(unit) / 2 : 0
            found.append(FoundValue(value: Int((number * Double(unit) + half).rounded()), location: match.location, length: match.length))
        }
        for match in chineseHalf.matches(in: text) {
            guard let unit = match[2].flatMap(seconds(ofUnit:)) else { continue }
            found.append(FoundValue(value: unit / 2, location: match.location, length: match.length))
        }
        return deduplicated(found)
    }

    private static let percentPattern = Pattern(#"(?<![\w.])(\d+(?:\.\d+)?) ?(?:%|percent\b|per cent\b|pct\b)|百分之 ?(\d+(?:\.\d+)?)"#)

    private static let fractionPattern = Pattern(#"\b(?:a|one) (tenth|fifth|quarter|third|half) of\b|\bhalf of\b|([二三四五十]|\d+) ?分之 ?([一二三]|\d+)|千分之 ?(\d+(?:\.\d+)?)|(一半)"#)

    /// Every percentage, as a number 0…100: "10%", "10 percent", "百分之十", "a fifth of"
    /// (20), "五分之一" (20), "千分之五" (0.5).
    static func percents(in text: String) -> [FoundValue<Double>] {
        var found = percentPattern.matches(in: text).compactMap { match -> FoundValue<Double>? in
            guard let number = (match[1] ?? match[2]).flatMap(Double.init) else { return nil }
            return FoundValue(value: number, location: match.location, length: match.length)
        }
        let words: [String: Double] = ["tenth": 10, "fifth": 20, "quarter": 25, "third": 33, "half": 50]
        let digits: [String: Double] = ["一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "十": 10]
        for match in fractionPattern.matches(in: text) {
            var value: Double?
            if let word = match[1] { value = words[word] }
            else if let whole = match[2], let part = match[3], let denominator = digits[whole] ?? Double(whole), let numerator = digits[part] ?? Double(part), denominator > 0 {
                value = (numerator / denominator * 1000).rounded() / 10
            } else if let permille = match[4].flatMap(Double.init) { value = permille / 10 }
            else if match[5] != nil || match[0]?.hasPrefix("half") == true { value = 50 }
            if let value { found.append(FoundValue(value: value, location: match.location, length: match.length)) }
        }
        return found.sorted { $0.location < $1.location }
    }

    private static let sizePattern = Pattern(#"(?<![\w.])(\d+(?:\.\d+)?) ?(tb|tib|t|terabytes?|gb|gib|g|gigabytes?|gigs?)(?![a-z])"#)

    /// Every size, in GiB: "20G", "20 GB", "1TB" (1024).
    static func sizes(in text: String) -> [FoundValue<Int>] {
        sizePattern.matches(in: text).compactMap { match in
            guard let number = match[1].flatMap(Double.init), let unit = match[2] else { return nil }
            let gib = unit.hasPrefix("t") ? number * 1024 : number
            return FoundValue(value: Int(gib.rounded()), location: match.location, length: match.length)
        }
    }

    /// Keeps the longest of overlapping finds, in order of place.
    static func deduplicated<Value>(_ found: [FoundValue<Value>]) -> [FoundValue<Value>] {
        var kept: [FoundValue<Value>] = []
        for candidate in found.sorted(by: { ($0.location, -$0.length) < ($1.location, -$1.length) }) {
            if let last = kept.last, candidate.location < last.end {
                if candidate.length > last.length { kept[kept.count - 1] = candidate }
                continue
            }
            kept.append(candidate)
        }
        return kept
    }
}
