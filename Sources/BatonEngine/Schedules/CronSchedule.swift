import Foundation

/// A cron expression of a workflow's `schedule.cron` (OWS dsl-reference.md §Schedule), read as
/// Vixie cron reads a crontab line's time fields (crontab(5)), and the times it fires.
///
/// The five fields are minute, hour, day-of-month, month and day-of-week, separated by spaces
/// or tabs. Each field is `*`, a number, a range `a-b`, or a list of these `a,b-c`; `*` and
/// ranges take a step `/n`, and `a/n` means from `a` to the field's end in steps of `n`.
/// Months may be named `JAN`–`DEC` and days `SUN`–`SAT`, in any case; day-of-week 7 is Sunday,
/// like 0. `@yearly` (`@annually`), `@monthly`, `@weekly`, `@daily` (`@midnight`) and `@hourly`
/// stand for the expression they abbreviate. There is no seconds field.
///
/// As in Vixie cron, a day fires when it matches day-of-month *or* day-of-week if both fields
/// are restricted — that is, neither starts with `*` — and when it matches both otherwise:
/// `0 0 1 * MON` fires on the 1st and on every Monday, `0 0 */2 * MON` on odd days that are
/// Mondays.
///
/// Times are wall-clock times in ``timeZone``. Where a daylight-saving change skips a time
/// (02:30 on a spring-forward night in New York) that time does not fire; where a change repeats
/// a time (01:30 on a fall-back night) it fires once, at its first occurrence, so a schedule
/// never fires twice for one wall-clock minute. Vixie cron differs in two ways we do not copy: it
/// runs jobs of a skipped time late, just after the jump, and it runs `*`-minute jobs again in a
/// repeated hour. Here a fire time is a pure function of the expression, the zone and the
/// instant, which the store can compute ahead and record.
public struct CronSchedule: Sendable, Hashable, CustomStringConvertible {
    /// The expression as written, e.g. `*/15 9-17 * * MON-FRI`.
    public let expression: String
    /// The time zone whose wall clock the fields describe.
    public let timeZone: TimeZone

    private let minutes: ValueSet
    private let hours: ValueSet
    private let daysOfMonth: ValueSet
    private let months: ValueSet
    /// Sunday is 0 here; a 7 in the expression is stored as 0.
    private let daysOfWeek: ValueSet
    /// Whether day-of-month and day-of-week are both restricted, so that a day fires when
    /// either matches (crontab(5)).
    private let daysMatchEither: Bool

    /// Parses a cron expression.
    /// - Parameters:
    ///   - text: Five fields (`0 9 * * MON-FRI`) or a macro (`@daily`).
    ///   - timeZone: The time zone whose wall clock the fields describe; UTC unless given.
    /// - Throws: `CronScheduleError` naming the field and the text that is wrong and what the
    ///   field allows, or saying how many fields were found when there are not five.
    public init(_ text: String, timeZone: TimeZone = TimeZone(identifier: "UTC")!) throws(CronScheduleError) {
        let words = text.split(whereSeparator: \.isWhitespace)
        var fieldTexts = words
        if let first = words.first, first.hasPrefix("@") {
            fieldTexts = try Self.expandMacro(first, followedBy: words.dropFirst(), in: text)
        }
        guard fieldTexts.count == Field.allCases.count else {
            throw CronScheduleError(expression: text, field: nil, reason: Self.fieldCountReason(fieldTexts.count))
        }
        var sets: [ValueSet] = []
        for (field, fieldText) in zip(Field.allCases, fieldTexts) {
            sets.append(try field.parse(fieldText, in: text))
        }
        expression = text
        self.timeZone = timeZone
        minutes = sets[0]
        hours = sets[1]
        daysOfMonth = sets[2]
        months = sets[3]
        daysOfWeek = sets[4].foldingSevenIntoZero()
        daysMatchEither = !fieldTexts[2].hasPrefix("*") && !fieldTexts[4].hasPrefix("*")
    }

    public var description: String { expression }

    /// The values a field admits, in ascending order: minutes 0–59, hours 0–23, days of the month
    /// 1–31, months 1–12, days of the week 0–6 with Sunday as 0.
    public func values(of field: Field) -> [Int] {
        switch field {
        case .minute: minutes.values
        case .hour: hours.values
        case .dayOfMonth: daysOfMonth.values
        case .month: months.values
        case .dayOfWeek: daysOfWeek.values
        }
    }

    /// The first time strictly after `date` that the schedule fires, at second 0 of its minute.
    ///
    /// The search jumps field by field — to the next matching month, then day, hour and minute —
    /// so a schedule that fires once a year costs a handful of steps, not half a million minutes.
    /// It looks at most 400 years ahead, one full cycle of the Gregorian calendar after which
    /// leap days and weekdays repeat, so it always ends.
    /// - Returns: nil when no time ever matches, such as `0 0 30 2 *` (February 30th).
    public func nextFire(after date: Date) -> Date? {
        guard canEverMatch else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        guard let now = WallClock(date, in: calendar) else { return nil }
        let lastYear = now.year + Self.searchYears
        var earliest = now.nextMinute
        while let candidate = firstMatch(atOrAfter: earliest, lastYear: lastYear) {
            // A candidate is passed over when the clock skips it (spring forward), or when it is
            // a repeated time whose first occurrence is not after `date` (during fall back).
            if let fire = candidate.firstInstant(in: calendar), fire > date {
                return fire
            }
            earliest = candidate.nextMinute
        }
        return nil
    }

    /// How far ahead `nextFire(after:)` looks: the Gregorian calendar repeats every 400 years, so
    /// a day that exists at all (February 29th on a Sunday, say) occurs within that span.
    private static let searchYears = 400

    /// Whether some day matches at all. With either-rule a matching weekday comes every week;
    /// otherwise some listed month must have some listed day — any date that exists falls on
    /// every weekday in the course of 400 years.
    private var canEverMatch: Bool {
        if daysMatchEither { return true }
        return months.values.contains { month in
            daysOfMonth.values.contains { $0 <= WallClock.longestMonthLength(month) }
        }
    }

    /// The first wall-clock minute at or after `start` that the fields match, by jumping to the
    /// next matching value of each field in turn; a field that runs out carries into the one
    /// above it. `start` may hold out-of-range values (minute 60, day 32, month 13): they run
    /// out at once and carry.
    private func firstMatch(atOrAfter start: WallClock, lastYear: Int) -> WallClock? {
        var time = start
        while time.year <= lastYear {
            guard let month = months.first(atOrAfter: time.month) else {
                time = WallClock(year: time.year + 1, month: 1, day: 1, hour: 0, minute: 0)
                continue
            }
            if month != time.month {
                time = WallClock(year: time.year, month: month, day: 1, hour: 0, minute: 0)
            }
            guard let day = firstMatchingDay(atOrAfter: time.day, year: time.year, month: time.month) else {
                time = WallClock(year: time.year, month: time.month + 1, day: 1, hour: 0, minute: 0)
                continue
            }
            if day != time.day {
                time = WallClock(year: time.year, month: time.month, day: day, hour: 0, minute: 0)
            }
            guard let hour = hours.first(atOrAfter: time.hour) else {
                time = WallClock(year: time.year, month: time.month, day: time.day + 1, hour: 0, minute: 0)
                continue
            }
            if hour != time.hour {
                time = WallClock(year: time.year, month: time.month, day: time.day, hour: hour, minute: 0)
            }
            guard let minute = minutes.first(atOrAfter: time.minute) else {
                time = WallClock(year: time.year, month: time.month, day: time.day, hour: time.hour + 1, minute: 0)
                continue
            }
            return WallClock(year: time.year, month: time.month, day: time.day, hour: time.hour, minute: minute)
        }
        return nil
    }

    /// The first day of the month from `day` on that matches day-of-month and day-of-week under
    /// the crontab(5) rule; nil when none is left in the month.
    private func firstMatchingDay(atOrAfter day: Int, year: Int, month: Int) -> Int? {
        let length = WallClock.monthLength(year: year, month: month)
        guard day <= length else { return nil }
        let weekdayOfFirst = WallClock.weekday(year: year, month: month, day: 1)
        for candidate in day...length {
            let matchesDayOfMonth = daysOfMonth.contains(candidate)
            let matchesDayOfWeek = daysOfWeek.contains((weekdayOfFirst + candidate - 1) % 7)
            let matches = daysMatchEither ? matchesDayOfMonth || matchesDayOfWeek : matchesDayOfMonth && matchesDayOfWeek
            if matches { return candidate }
        }
        return nil
    }
}

// MARK: - Fields

extension CronSchedule {
    /// The five fields of a cron expression, in the order they are written.
    public enum Field: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
        case minute
        case hour
        case dayOfMonth = "day-of-month"
        case month
        case dayOfWeek = "day-of-week"

        /// The name crontab(5) uses, as messages show it: `day-of-month`.
        public var description: String { rawValue }

        /// The numbers the field accepts. Day-of-week runs to 7, another name for Sunday.
        var bounds: ClosedRange<Int> {
            switch self {
            case .minute: 0...59
            case .hour: 0...23
            case .dayOfMonth: 1...31
            case .month: 1...12
            case .dayOfWeek: 0...7
            }
        }

        /// The three-letter names the field accepts, in order from its lowest value.
        var names: [String] {
            switch self {
            case .month: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
            case .dayOfWeek: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]
            default: []
            }
        }

        /// What the field accepts, as messages say it: `0–59`, `1–12 or JAN–DEC`.
        var allowed: String {
            let numbers = "\(bounds.lowerBound)–\(bounds.upperBound)"
            switch self {
            case .month: return "\(numbers) or JAN–DEC"
            case .dayOfWeek: return "\(numbers) or SUN–SAT (0 and 7 are Sunday)"
            default: return numbers
            }
        }

        /// Reads one field: a comma-separated list of `*`, `n`, `a-b`, each with an optional
        /// step `/n` (`a/n` runs from `a` to the field's end).
        func parse(_ text: Substring, in expression: String) throws(CronScheduleError) -> ValueSet {
            var set = ValueSet()
            for item in text.split(separator: ",", omittingEmptySubsequences: false) {
                guard !item.isEmpty else {
                    throw error("\(self) `\(text)` has an empty item in its list; separate values with single commas, like `1,15`", in: expression)
                }
                set.formUnion(try parseItem(item, in: expression))
            }
            return set
        }

        private func parseItem(_ item: Substring, in expression: String) throws(CronScheduleError) -> ValueSet {
            let parts = item.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count <= 2 else {
                throw error("\(self) `\(item)` has more than one step `/`; write one, like `*/15`", in: expression)
            }
            let base = parts[0]
            var range: ClosedRange<Int>
            if base == "*" {
                range = bounds
            } else {
                let ends = base.split(separator: "-", omittingEmptySubsequences: false)
                guard ends.count <= 2 else {
                    throw error("\(self) `\(item)` is not a range; write a range as `a-b`, like `\(bounds.lowerBound)-\(bounds.lowerBound + 4)`", in: expression)
                }
                let low = try value(ends[0], item: item, in: expression)
                let high = ends.count == 2 ? try value(ends[1], item: item, in: expression) : low
                guard low <= high else {
                    let wrapped = high == bounds.lowerBound ? "\(low)-\(bounds.upperBound),\(high)" : "\(low)-\(bounds.upperBound),\(bounds.lowerBound)-\(high)"
                    throw error("\(self) range `\(base)` runs backwards; write the lower value first, or a list to wrap around, like `\(wrapped)`", in: expression)
                }
                range = low...high
                // `a/n` runs from `a` to the end of the field, as in cronie.
                if parts.count == 2, ends.count == 1 {
                    range = low...bounds.upperBound
                }
            }
            var step = 1
            if parts.count == 2 {
                let stepText = parts[1]
                guard stepText.allSatisfy(\.isASCIIDigit), let number = Int(stepText), number >= 1 else {
                    throw error("\(self) step `\(stepText)` (in `\(item)`) must be a whole number of at least 1, like `*/15`", in: expression)
                }
                step = number
            }
            var set = ValueSet()
            for value in stride(from: range.lowerBound, through: range.upperBound, by: step) {
                set.insert(value)
            }
            return set
        }

        /// A number or, in month and day-of-week, a three-letter name.
        private func value(_ text: Substring, item: Substring, in expression: String) throws(CronScheduleError) -> Int {
            let context = text == item ? "" : " (in `\(item)`)"
            if !text.isEmpty, text.allSatisfy(\.isASCIIDigit) {
                // Too many digits for an Int is out of range as surely as 99 is.
                guard let number = Int(text), bounds.contains(number) else {
                    throw error("\(self) `\(text)`\(context) is out of range \(allowed)", in: expression)
                }
                return number
            }
            if let index = names.firstIndex(of: text.uppercased()) {
                return bounds.lowerBound + index
            }
            if text == "?" {
                throw error("\(self) `?`\(context) is Quartz syntax; cron here writes `*` for any value", in: expression)
            }
            let kind = switch self {
            case .month: "neither a number nor a month name"
            case .dayOfWeek: "neither a number nor a day name"
            default: "not a number"
            }
            throw error("\(self) `\(text)`\(context) is \(kind); \(self) allows \(allowed), `*`, ranges `a-b`, lists `a,b` and steps `/n`", in: expression)
        }

        private func error(_ reason: String, in expression: String) -> CronScheduleError {
            CronScheduleError(expression: expression, field: self, reason: reason)
        }
    }

    /// The macros of Vixie cron and the five fields each stands for. `@reboot` is missing: it
    /// means "when the daemon starts", which is not a time.
    private static let macros: [String: String] = [
        "@yearly": "0 0 1 1 *",
        "@annually": "0 0 1 1 *",
        "@monthly": "0 0 1 * *",
        "@weekly": "0 0 * * 0",
        "@daily": "0 0 * * *",
        "@midnight": "0 0 * * *",
        "@hourly": "0 * * * *",
    ]

    private static func expandMacro(_ macro: Substring, followedBy rest: ArraySlice<Substring>, in expression: String) throws(CronScheduleError) -> [Substring] {
        let known = "@yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly"
        guard let fields = macros[macro.lowercased()] else {
            let reason = macro.lowercased() == "@reboot"
                ? "`@reboot` runs when a cron daemon starts, which is no schedule; the macros here are \(known)"
                : "`\(macro)` is not a macro; the macros are \(known)"
            throw CronScheduleError(expression: expression, field: nil, reason: reason)
        }
        guard rest.isEmpty else {
            throw CronScheduleError(expression: expression, field: nil, reason: "`\(macro)` stands alone, but `\(rest.joined(separator: " "))` follows it")
        }
        return fields.split(separator: " ")
    }

    private static func fieldCountReason(_ count: Int) -> String {
        let fields = "minute hour day-of-month month day-of-week"
        switch count {
        case 0:
            return "found no fields; cron here has 5 fields: \(fields), or a macro such as @daily"
        case 6:
            return "found 6 fields, but cron here has 5 fields: \(fields), with no seconds field"
        default:
            return "found \(count) field\(count == 1 ? "" : "s"), but cron here has 5 fields: \(fields)"
        }
    }
}

// MARK: - Value sets and wall-clock times

extension CronSchedule {
    /// The values a field admits, one bit each: every field's values fit in 0...63.
    struct ValueSet: Sendable, Hashable {
        private var bits: UInt64 = 0

        mutating func insert(_ value: Int) { bits |= 1 << UInt64(value) }

        mutating func formUnion(_ other: ValueSet) { bits |= other.bits }

        func contains(_ value: Int) -> Bool {
            (0..<64).contains(value) && bits & (1 << UInt64(value)) != 0
        }

        /// The smallest value at or above `value`; nil when there is none.
        func first(atOrAfter value: Int) -> Int? {
            guard value < 64 else { return nil }
            let remaining = bits & (UInt64.max << UInt64(max(value, 0)))
            return remaining == 0 ? nil : remaining.trailingZeroBitCount
        }

        var values: [Int] { (0..<64).filter(contains) }

        /// Day-of-week 7 is Sunday, day 0.
        func foldingSevenIntoZero() -> ValueSet {
            var folded = self
            if contains(7) {
                folded.bits &= ~(1 << 7)
                folded.insert(0)
            }
            return folded
        }
    }

    /// A reading of a wall clock to the minute, which the search steps through field by field
    /// so that a daylight-saving change never moves a field under it. The calendar arithmetic is
    /// the proleptic Gregorian calendar's; `Calendar` only converts between readings and instants.
    struct WallClock: Sendable, Hashable {
        var year: Int
        var month: Int
        var day: Int
        var hour: Int
        var minute: Int

        init(year: Int, month: Int, day: Int, hour: Int, minute: Int) {
            self.year = year
            self.month = month
            self.day = day
            self.hour = hour
            self.minute = minute
        }

        /// What a clock in the calendar's time zone shows at `date`, seconds dropped.
        init?(_ date: Date, in calendar: Calendar) {
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
            guard let year = parts.year, let month = parts.month, let day = parts.day, let hour = parts.hour, let minute = parts.minute else {
                return nil
            }
            self.init(year: year, month: month, day: day, hour: hour, minute: minute)
        }

        /// The following minute, possibly as minute 60: the search carries it into the hour.
        var nextMinute: WallClock {
            WallClock(year: year, month: month, day: day, hour: hour, minute: minute + 1)
        }

        /// The first instant at which a clock in the calendar's time zone shows this reading at
        /// second 0; nil when the time zone skips it.
        ///
        /// Reading a clock in a zone is `instant + offset`, so each UTC offset the zone uses
        /// around this time gives one candidate instant, kept if the zone indeed uses that offset
        /// then. A skipped time keeps none; a repeated time keeps two, and the earlier wins.
        func firstInstant(in calendar: Calendar) -> Date? {
            let timeZone = calendar.timeZone
            let asIfUTC = TimeInterval(Self.daysSinceEpoch(year: year, month: month, day: day) * 86_400 + hour * 3_600 + minute * 60)
            // No zone is more than a day from UTC, so the offsets in force within 30 hours
            // either side are all the offsets that can produce this reading.
            let window = 30.0 * 3_600
            var cursor = Date(timeIntervalSince1970: asIfUTC - window)
            let end = Date(timeIntervalSince1970: asIfUTC + window)
            var offsets = Set([cursor, Date(timeIntervalSince1970: asIfUTC), end].map { timeZone.secondsFromGMT(for: $0) })
            while let transition = timeZone.nextDaylightSavingTimeTransition(after: cursor), transition < end, transition > cursor {
                offsets.insert(timeZone.secondsFromGMT(for: transition.addingTimeInterval(1)))
                cursor = transition
            }
            let instants = offsets.map { Date(timeIntervalSince1970: asIfUTC - TimeInterval($0)) }.filter { instant in
                let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: instant)
                return parts.year == year && parts.month == month && parts.day == day && parts.hour == hour && parts.minute == minute && parts.second == 0
            }
            return instants.min()
        }

        static func isLeapYear(_ year: Int) -> Bool {
            (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        }

        static func monthLength(year: Int, month: Int) -> Int {
            month == 2 && isLeapYear(year) ? 29 : longestMonthLength(month)
        }

        /// The most days the month ever has: 29 for February.
        static func longestMonthLength(_ month: Int) -> Int {
            switch month {
            case 2: 29
            case 4, 6, 9, 11: 30
            default: 31
            }
        }

        /// The day of the week, Sunday as 0.
        static func weekday(year: Int, month: Int, day: Int) -> Int {
            // 1970-01-01 was a Thursday, day 4.
            let days = daysSinceEpoch(year: year, month: month, day: day)
            return ((days + 4) % 7 + 7) % 7
        }

        /// Days from 1970-01-01 to the date in the proleptic Gregorian calendar (Howard
        /// Hinnant's `days_from_civil`: years counted from March, so the leap day comes last).
        static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
            let marchYear = month <= 2 ? year - 1 : year
            let era = (marchYear >= 0 ? marchYear : marchYear - 399) / 400
            let yearOfEra = marchYear - era * 400
            let dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
            let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
            return era * 146_097 + dayOfEra - 719_468
        }
    }
}

/// A cron expression that cannot be read: which field, which text, and what the field allows.
public struct CronScheduleError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The whole expression as given.
    public let expression: String
    /// The field that is wrong; nil when the expression as a whole is (the number of fields, a
    /// macro).
    public let field: CronSchedule.Field?
    /// What is wrong, naming the field and the offending text.
    public let reason: String

    init(expression: String, field: CronSchedule.Field?, reason: String) {
        self.expression = expression
        self.field = field
        self.reason = reason
    }

    /// `cron `61 * * * *`: minute `61` is out of range 0–59`.
    public var description: String { "cron `\(expression)`: \(reason)" }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
