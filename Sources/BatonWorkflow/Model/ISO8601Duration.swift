/// A duration written in ISO 8601 form, `PT1H30M` or `P1D` (OWS schema `$defs/duration`,
/// `DurationLiteral`). The text is kept as written so the document round-trips exactly.
///
/// Every component may carry a decimal fraction, as the schema's pattern allows (`PT0.5S`).
public struct ISO8601Duration: Sendable, Hashable, CustomStringConvertible {
    /// The text as written, e.g. `PT1H30M`.
    public let text: String
    public let years: Double
    public let months: Double
    public let weeks: Double
    public let days: Double
    public let hours: Double
    public let minutes: Double
    public let seconds: Double

    /// Parses the text; throws the reason it is not an ISO 8601 duration.
    public init(parsing text: String) throws(ISO8601DurationError) {
        var parser = Parser(text: text)
        let values = try parser.parse()
        self.text = text
        years = values["Y"] ?? 0
        months = values["M"] ?? 0
        weeks = values["W"] ?? 0
        days = values["D"] ?? 0
        hours = values["TH"] ?? 0
        minutes = values["TM"] ?? 0
        seconds = values["TS"] ?? 0
    }

    /// The length in seconds, counting a week as 7 days and a day as 24 hours; nil when the
    /// duration has years or months, which have no fixed length.
    public var totalSeconds: Double? {
        guard years == 0, months == 0 else { return nil }
        return ((weeks * 7 + days) * 24 + hours) * 3600 + minutes * 60 + seconds
    }

    public var description: String { text }

    /// A hand-written reader of the schema's pattern
    /// `^P(?!$)(nY)?(nM)?(nW)?(nD)?(T(?=\d)(nH)?(nM)?(nS)?)?$`, so that each way of getting it
    /// wrong gets its own message.
    private struct Parser {
        let text: String
        var rest: Substring

        init(text: String) {
            self.text = text
            rest = Substring(text)
        }

        mutating func parse() throws(ISO8601DurationError) -> [String: Double] {
            guard rest.first == "P" else {
                if rest.first == "p" { throw .init("the designators of an ISO 8601 duration are upper case: write `\(text.uppercased())`") }
                throw .init("an ISO 8601 duration starts with `P`, like `PT1H30M` or `P1D`")
            }
            rest = rest.dropFirst()
            guard !rest.isEmpty else { throw .init("`P` alone has no length; add a component, like `P1D` or `PT5M`") }
            var values: [String: Double] = [:]
            try components(units: ["Y", "M", "W", "D"], prefix: "", into: &values)
            if rest.first == "T" {
                rest = rest.dropFirst()
                guard let next = rest.first, next.isASCII, next.isNumber else {
                    throw .init("`T` must be followed by hours, minutes or seconds, like `PT30S`")
                }
                try components(units: ["H", "M", "S"], prefix: "T", into: &values)
            }
            if let extra = rest.first {
                if extra == "T" { throw .init("`T` appears twice") }
                throw .init("unexpected `\(rest)`; the components go in the order Y, M, W, D, then `T` and H, M, S")
            }
            return values
        }

        /// Reads `number designator` pairs whose designators come from `units`, in that order.
        private mutating func components(units: [Character], prefix: String, into values: inout [String: Double]) throws(ISO8601DurationError) {
            var allowed = units[...]
            while let first = rest.first, first.isASCII, first.isNumber {
                let number = try readNumber()
                guard let unit = rest.first else {
                    throw .init("the number `\(number)` needs a unit after it (\(units.map(String.init).joined(separator: ", ")))")
                }
                guard let position = allowed.firstIndex(of: unit) else {
                    if units.contains(unit) {
                        throw .init("`\(unit)` comes out of order; the components go in the order Y, M, W, D, then `T` and H, M, S")
                    }
                    if prefix.isEmpty, ["H", "S"].contains(unit) {
                        throw .init("hours, minutes and seconds follow a `T`: write `PT\(number)\(unit)`")
                    }
                    throw .init("`\(unit)` is not a unit of an ISO 8601 duration here (expected one of \(units.map(String.init).joined(separator: ", ")))")
                }
                guard let value = Double(number) else { throw .init("`\(number)` is not a number") }
                values[prefix + String(unit)] = value
                rest = rest.dropFirst()
                allowed = allowed[allowed.index(after: position)...]
            }
        }

        /// Digits, optionally with a fraction: `\d+(?:\.\d+)?`.
        private mutating func readNumber() throws(ISO8601DurationError) -> String {
            var number = ""
            while let character = rest.first, character.isASCII, character.isNumber {
                number.append(character)
                rest = rest.dropFirst()
            }
            if rest.first == "." || rest.first == "," {
                guard let digit = rest.dropFirst().first, digit.isASCII, digit.isNumber, rest.first == "." else {
                    throw .init("write a fraction with a point and digits after it, like `PT1.5S`")
                }
                number.append(".")
                rest = rest.dropFirst()
                while let character = rest.first, character.isASCII, character.isNumber {
                    number.append(character)
                    rest = rest.dropFirst()
                }
            }
            return number
        }
    }
}

/// Why a text is not an ISO 8601 duration.
public struct ISO8601DurationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var reason: String

    init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}
