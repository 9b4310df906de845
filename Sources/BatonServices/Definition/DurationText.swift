import Foundation

/// Durations as docker-compose writes them: `1m30s`, `500ms`, `10s`, `2h`, `1.5s` — units `h`, `m`,
/// `s`, `ms`, `us`, `ns` — or a bare number of seconds.
public enum DurationText {
    /// Reads `text`; nil when it is not a duration.
    public static func parse(_ text: String) -> Duration? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(trimmed), seconds.isFinite, seconds >= 0 {
            guard seconds * 1e9 < largest else { return nil }
            return .milliseconds(Int64((seconds * 1000).rounded()))
        }
        var rest = Substring(trimmed)
        var total = Duration.zero
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard let value = Double(number), value.isFinite else { return nil }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { $0.isLetter }
            rest = rest.dropFirst(unit.count)
            let nanoseconds: Double
            switch unit {
            case "h": nanoseconds = 3_600e9
            case "m": nanoseconds = 60e9
            case "s": nanoseconds = 1e9
            case "ms": nanoseconds = 1e6
            case "us", "µs": nanoseconds = 1e3
            case "ns": nanoseconds = 1
            default: return nil
            }
            let amount = (value * nanoseconds).rounded()
            guard amount < largest else { return nil }
            total += .nanoseconds(Int64(amount))
            guard total < .nanoseconds(Int64(largest)) else { return nil }
        }
        return total
    }

    /// Durations above this many nanoseconds (about 292 years) are refused rather than overflow.
    private static let largest = Double(Int64.max / 2)

    /// The shortest exact form: `90s` → `1m30s`, `0.5s` → `500ms`, `1.0005s` → `1s500us`.
    public static func format(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let nanoseconds = attoseconds / 1_000_000_000
        if nanoseconds % 1_000_000 != 0 {
            // Finer than milliseconds: whole seconds, then the rest in the unit that holds it exactly.
            let rest = nanoseconds % 1000 == 0 ? "\(nanoseconds / 1000)us" : "\(nanoseconds)ns"
            return seconds == 0 ? rest : format(.seconds(seconds)) + rest
        }
        var milliseconds = Int64(duration.components.seconds) * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        if milliseconds == 0 { return "0s" }
        var text = ""
        if milliseconds % 1000 != 0 && milliseconds < 1000 { return "\(milliseconds)ms" }
        let hours = milliseconds / 3_600_000
        milliseconds %= 3_600_000
        let minutes = milliseconds / 60_000
        milliseconds %= 60_000
        if hours > 0 { text += "\(hours)h" }
        if minutes > 0 { text += "\(minutes)m" }
        if milliseconds > 0 {
            text += milliseconds % 1000 == 0 ? "\(milliseconds / 1000)s" : "\(Double(milliseconds) / 1000)s"
        }
        return text
    }
}

/// Sizes as docker-compose writes them: `256M`, `1g`, `512Mi`, `1GB`, or a number of bytes.
/// `k`, `m`, `g` (with or without `b`/`i`) are powers of 1024, as compose and Docker read them.
public enum ByteSizeText {
    public static func parse(_ text: String) -> Int64? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let digits = trimmed.prefix { $0.isNumber || $0 == "." }
        guard let value = Double(digits), value >= 0, value.isFinite else { return nil }
        var unit = trimmed.dropFirst(digits.count)
        if unit.hasSuffix("ib") { unit = unit.dropLast(2) } else if unit.hasSuffix("b") || unit.hasSuffix("i") { unit = unit.dropLast() }
        let factor: Double
        switch unit {
        case "": factor = 1
        case "k": factor = 1024
        case "m": factor = 1024 * 1024
        case "g": factor = 1024 * 1024 * 1024
        case "t": factor = 1024 * 1024 * 1024 * 1024
        default: return nil
        }
        // Past an exabyte is a mistake, and would overflow.
        guard value * factor < Double(Int64.max / 2) else { return nil }
        return Int64(value * factor)
    }

    /// `268435456` → `256M`.
    public static func format(_ bytes: Int64) -> String {
        for (suffix, factor) in [("G", Int64(1) << 30), ("M", Int64(1) << 20), ("K", Int64(1) << 10)] where bytes % factor == 0 && bytes >= factor {
            return "\(bytes / factor)\(suffix)"
        }
        return "\(bytes)"
    }
}
