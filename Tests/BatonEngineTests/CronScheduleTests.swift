import BatonEngine
import Foundation
import Testing

/// An instant written as ISO 8601 in UTC, `2025-01-01T00:00:00Z`.
private func instant(_ text: String) throws -> Date {
    try Date(text, strategy: .iso8601)
}

/// The next `count` fire times after `start`, each found from the one before.
private func fires(_ schedule: CronSchedule, after start: Date, count: Int) -> [Date] {
    var times: [Date] = []
    var cursor = start
    while times.count < count, let next = schedule.nextFire(after: cursor) {
        times.append(next)
        cursor = next
    }
    return times
}

private let newYork = TimeZone(identifier: "America/New_York")!

@Suite struct CronScheduleParsingTests {
    struct FieldCase: Sendable, CustomTestStringConvertible {
        var expression: String
        var field: CronSchedule.Field
        var values: [Int]
        var testDescription: String { "\(expression) → \(field)" }
    }

    @Test(arguments: [
        FieldCase(expression: "* * * * *", field: .minute, values: Array(0...59)),
        FieldCase(expression: "* * * * *", field: .dayOfMonth, values: Array(1...31)),
        FieldCase(expression: "5 4 3 2 1", field: .minute, values: [5]),
        FieldCase(expression: "5 4 3 2 1", field: .hour, values: [4]),
        FieldCase(expression: "5 4 3 2 1", field: .dayOfMonth, values: [3]),
        FieldCase(expression: "5 4 3 2 1", field: .month, values: [2]),
        FieldCase(expression: "5 4 3 2 1", field: .dayOfWeek, values: [1]),
        FieldCase(expression: "05 * * * *", field: .minute, values: [5]),
        FieldCase(expression: "10-12 * * * *", field: .minute, values: [10, 11, 12]),
        FieldCase(expression: "1,5,9 * * * *", field: .minute, values: [1, 5, 9]),
        FieldCase(expression: "*/15 * * * *", field: .minute, values: [0, 15, 30, 45]),
        FieldCase(expression: "* */7 * * *", field: .hour, values: [0, 7, 14, 21]),
        FieldCase(expression: "10-30/10 * * * *", field: .minute, values: [10, 20, 30]),
        FieldCase(expression: "50/5 * * * *", field: .minute, values: [50, 55]),
        FieldCase(expression: "* * 1-31/10 * *", field: .dayOfMonth, values: [1, 11, 21, 31]),
        FieldCase(expression: "1-3,10,*/20 * * * *", field: .minute, values: [0, 1, 2, 3, 10, 20, 40]),
        FieldCase(expression: "* * * * 0-6/2", field: .dayOfWeek, values: [0, 2, 4, 6]),
        FieldCase(expression: "7 7 7 7 7", field: .dayOfWeek, values: [0]),
        FieldCase(expression: "* * * * 5-7", field: .dayOfWeek, values: [0, 5, 6]),
        FieldCase(expression: "* * * * *", field: .dayOfWeek, values: Array(0...6)),
        FieldCase(expression: "* * * jan,Mar-may *", field: .month, values: [1, 3, 4, 5]),
        FieldCase(expression: "* * * JAN-DEC/3 *", field: .month, values: [1, 4, 7, 10]),
        FieldCase(expression: "* * * * mon-FRI", field: .dayOfWeek, values: [1, 2, 3, 4, 5]),
        FieldCase(expression: "* * * * sun,Sat", field: .dayOfWeek, values: [0, 6]),
        FieldCase(expression: "* * * * 1,SUN", field: .dayOfWeek, values: [0, 1]),
        FieldCase(expression: "59 23 31 12 6", field: .minute, values: [59]),
        FieldCase(expression: "59 23 31 12 6", field: .hour, values: [23]),
        FieldCase(expression: "59 23 31 12 6", field: .dayOfMonth, values: [31]),
        FieldCase(expression: "59 23 31 12 6", field: .month, values: [12]),
    ])
    func fieldValues(_ testCase: FieldCase) throws {
        let schedule = try CronSchedule(testCase.expression)
        #expect(schedule.values(of: testCase.field) == testCase.values)
    }

    @Test func fieldsMaySitBetweenAnyWhitespace() throws {
        let schedule = try CronSchedule("  0\t9   *  * \tMON-FRI ")
        #expect(schedule.values(of: .minute) == [0])
        #expect(schedule.values(of: .hour) == [9])
        #expect(schedule.values(of: .dayOfWeek) == [1, 2, 3, 4, 5])
    }

    @Test(arguments: [
        ("@yearly", "0 0 1 1 *"),
        ("@annually", "0 0 1 1 *"),
        ("@monthly", "0 0 1 * *"),
        ("@weekly", "0 0 * * 0"),
        ("@daily", "0 0 * * *"),
        ("@midnight", "0 0 * * *"),
        ("@hourly", "0 * * * *"),
        ("@DAILY", "0 0 * * *"),
    ])
    func macrosStandForTheirExpression(macro: String, fields: String) throws {
        let expanded = try CronSchedule(macro)
        let written = try CronSchedule(fields)
        for field in CronSchedule.Field.allCases {
            #expect(expanded.values(of: field) == written.values(of: field), "\(field)")
        }
        let start = try instant("2025-05-17T13:21:00Z")
        #expect(fires(expanded, after: start, count: 3) == fires(written, after: start, count: 3))
        #expect(expanded.description == macro)
    }

    @Test func equalTextAndZoneMakeEqualSchedules() throws {
        #expect(try CronSchedule("*/5 * * * *") == CronSchedule("*/5 * * * *"))
        #expect(try CronSchedule("*/5 * * * *") != CronSchedule("*/5 * * * *", timeZone: newYork))
        #expect(try CronSchedule("0 9 * * MON").timeZone == TimeZone(identifier: "UTC")!)
    }
}

@Suite struct CronScheduleErrorTests {
    struct ErrorCase: Sendable, CustomTestStringConvertible {
        var expression: String
        var field: CronSchedule.Field?
        /// Fragments the message must contain: the field, the offending text, what is allowed.
        var mentions: [String]
        var testDescription: String { expression.isEmpty ? "(empty)" : expression }
    }

    @Test func outOfRangeSaysFieldValueAndRange() {
        let error = #expect(throws: CronScheduleError.self) { try CronSchedule("61 * * * *") }
        #expect(error?.description == "cron `61 * * * *`: minute `61` is out of range 0–59")
        #expect(error?.field == .minute)
        #expect(error?.expression == "61 * * * *")
    }

    @Test(arguments: [
        ErrorCase(expression: "* 24 * * *", field: .hour, mentions: ["hour `24`", "0–23"]),
        ErrorCase(expression: "* * 0 * *", field: .dayOfMonth, mentions: ["day-of-month `0`", "1–31"]),
        ErrorCase(expression: "* * 32 * *", field: .dayOfMonth, mentions: ["day-of-month `32`", "1–31"]),
        ErrorCase(expression: "* * * 13 *", field: .month, mentions: ["month `13`", "1–12 or JAN–DEC"]),
        ErrorCase(expression: "* * * * 8", field: .dayOfWeek, mentions: ["day-of-week `8`", "0–7", "SUN–SAT"]),
        ErrorCase(expression: "1-61 * * * *", field: .minute, mentions: ["minute `61`", "`1-61`", "0–59"]),
        ErrorCase(expression: "99999999999999999999999 * * * *", field: .minute, mentions: ["`99999999999999999999999`", "out of range 0–59"]),
        ErrorCase(expression: "x * * * *", field: .minute, mentions: ["minute `x`", "not a number", "0–59"]),
        ErrorCase(expression: "* MON * * *", field: .hour, mentions: ["hour `MON`", "not a number", "0–23"]),
        ErrorCase(expression: "* * * FOO *", field: .month, mentions: ["month `FOO`", "month name", "JAN–DEC"]),
        ErrorCase(expression: "* * * * JAN", field: .dayOfWeek, mentions: ["day-of-week `JAN`", "day name", "SUN–SAT"]),
        ErrorCase(expression: "* * * * Monday", field: .dayOfWeek, mentions: ["day-of-week `Monday`", "SUN–SAT"]),
        ErrorCase(expression: "* * ? * *", field: .dayOfMonth, mentions: ["day-of-month `?`", "Quartz", "`*`"]),
        ErrorCase(expression: "*/0 * * * *", field: .minute, mentions: ["minute step `0`", "`*/0`", "at least 1"]),
        ErrorCase(expression: "* * * * MON/", field: .dayOfWeek, mentions: ["day-of-week step", "`MON/`"]),
        ErrorCase(expression: "*/2/3 * * * *", field: .minute, mentions: ["minute `*/2/3`", "more than one step"]),
        ErrorCase(expression: "* 20-5 * * *", field: .hour, mentions: ["hour range `20-5`", "backwards", "`20-23,0-5`"]),
        ErrorCase(expression: "* * * * FRI-MON", field: .dayOfWeek, mentions: ["day-of-week range `FRI-MON`", "backwards", "`5-7,0-1`"]),
        ErrorCase(expression: "1-2-3 * * * *", field: .minute, mentions: ["minute `1-2-3`", "not a range"]),
        ErrorCase(expression: "1,,2 * * * *", field: .minute, mentions: ["minute `1,,2`", "empty item"]),
        ErrorCase(expression: "1, * * * *", field: .minute, mentions: ["minute `1,`", "empty item"]),
        ErrorCase(expression: "* * * *", field: nil, mentions: ["found 4 fields", "5 fields", "minute hour day-of-month month day-of-week"]),
        ErrorCase(expression: "0 0 * * * *", field: nil, mentions: ["found 6 fields", "5 fields", "minute hour day-of-month month day-of-week", "no seconds field"]),
        ErrorCase(expression: "0", field: nil, mentions: ["found 1 field,", "5 fields"]),
        ErrorCase(expression: "", field: nil, mentions: ["found no fields", "5 fields"]),
        ErrorCase(expression: "@reboot", field: nil, mentions: ["`@reboot`", "@daily"]),
        ErrorCase(expression: "@fortnightly", field: nil, mentions: ["`@fortnightly` is not a macro", "@weekly"]),
        ErrorCase(expression: "@daily 5", field: nil, mentions: ["`@daily` stands alone", "`5`"]),
    ])
    func messagesNameFieldTextAndWhatIsAllowed(_ testCase: ErrorCase) {
        let error = #expect(throws: CronScheduleError.self) { try CronSchedule(testCase.expression) }
        #expect(error?.field == testCase.field)
        let message = error?.description ?? ""
        #expect(message.hasPrefix("cron `\(testCase.expression)`: "))
        for fragment in testCase.mentions {
            #expect(message.contains(fragment), "\(message) should mention \(fragment)")
        }
    }
}

@Suite struct CronScheduleNextFireTests {
    @Test func everyMinuteFiresAtTheNextWholeMinuteStrictlyAfter() throws {
        let schedule = try CronSchedule("* * * * *")
        #expect(schedule.nextFire(after: try instant("2025-01-01T10:00:30Z")) == (try instant("2025-01-01T10:01:00Z")))
        #expect(schedule.nextFire(after: try instant("2025-01-01T10:01:00Z")) == (try instant("2025-01-01T10:02:00Z")))
        #expect(schedule.nextFire(after: try instant("2025-12-31T23:59:30Z")) == (try instant("2026-01-01T00:00:00Z")))
    }

    @Test func everyQuarterHourCrossesTheHour() throws {
        let schedule = try CronSchedule("*/15 * * * *")
        let times = fires(schedule, after: try instant("2025-01-01T10:40:00Z"), count: 4)
        #expect(times == [
            try instant("2025-01-01T10:45:00Z"),
            try instant("2025-01-01T11:00:00Z"),
            try instant("2025-01-01T11:15:00Z"),
            try instant("2025-01-01T11:30:00Z"),
        ])
    }

    @Test func hourAndDayBoundaries() throws {
        let daily = try CronSchedule("0 9 * * *")
        #expect(daily.nextFire(after: try instant("2025-01-01T08:59:59Z")) == (try instant("2025-01-01T09:00:00Z")))
        #expect(daily.nextFire(after: try instant("2025-01-01T09:00:00Z")) == (try instant("2025-01-02T09:00:00Z")))
        let lateEvening = try CronSchedule("30 23 * * *")
        #expect(lateEvening.nextFire(after: try instant("2025-01-31T23:30:00Z")) == (try instant("2025-02-01T23:30:00Z")))
    }

    @Test func monthsWithoutTheDayAreSkipped() throws {
        let schedule = try CronSchedule("0 0 31 * *")
        let times = fires(schedule, after: try instant("2025-01-31T00:00:00Z"), count: 3)
        #expect(times == [
            try instant("2025-03-31T00:00:00Z"),
            try instant("2025-05-31T00:00:00Z"),
            try instant("2025-07-31T00:00:00Z"),
        ])
    }

    @Test func yearBoundary() throws {
        let newYear = try CronSchedule("0 0 1 1 *")
        #expect(newYear.nextFire(after: try instant("2025-06-01T00:00:00Z")) == (try instant("2026-01-01T00:00:00Z")))
        let lastMinute = try CronSchedule("59 23 31 12 *")
        #expect(lastMinute.nextFire(after: try instant("2025-12-31T23:59:00Z")) == (try instant("2026-12-31T23:59:00Z")))
    }

    @Test func leapDayFiresOnlyInLeapYears() throws {
        let schedule = try CronSchedule("0 0 29 2 *")
        #expect(schedule.nextFire(after: try instant("2025-01-01T00:00:00Z")) == (try instant("2028-02-29T00:00:00Z")))
        #expect(schedule.nextFire(after: try instant("2028-02-29T00:00:00Z")) == (try instant("2032-02-29T00:00:00Z")))
        // 2100 is not a leap year: eight years pass between leap days.
        #expect(schedule.nextFire(after: try instant("2096-03-01T00:00:00Z")) == (try instant("2104-02-29T00:00:00Z")))
    }

    @Test func rareDaysAreFoundDecadesAhead() throws {
        // `*/7` (0 and 7, Sunday) starts with `*`, so both day fields must match: a leap day on
        // a Sunday, 40 years after the one in 2088.
        let schedule = try CronSchedule("0 0 29 2 */7")
        #expect(schedule.nextFire(after: try instant("2088-03-01T00:00:00Z")) == (try instant("2128-02-29T00:00:00Z")))
    }

    @Test func bothDayFieldsRestrictedMatchEither() throws {
        // The 13th, and every Friday (crontab(5)); January 2025 starts on a Wednesday.
        let schedule = try CronSchedule("0 0 13 * FRI")
        let times = fires(schedule, after: try instant("2025-01-01T00:00:00Z"), count: 4)
        #expect(times == [
            try instant("2025-01-03T00:00:00Z"),
            try instant("2025-01-10T00:00:00Z"),
            try instant("2025-01-13T00:00:00Z"),
            try instant("2025-01-17T00:00:00Z"),
        ])
    }

    @Test func oneDayFieldUnrestrictedMeansBothMustMatch() throws {
        let fridays = try CronSchedule("0 0 * * FRI")
        #expect(fires(fridays, after: try instant("2025-01-01T00:00:00Z"), count: 2) == [
            try instant("2025-01-03T00:00:00Z"), try instant("2025-01-10T00:00:00Z"),
        ])
        let thirteenths = try CronSchedule("0 0 13 * *")
        #expect(fires(thirteenths, after: try instant("2025-01-01T00:00:00Z"), count: 2) == [
            try instant("2025-01-13T00:00:00Z"), try instant("2025-02-13T00:00:00Z"),
        ])
        // A field starting with `*` counts as unrestricted even with a step: odd days that are
        // Fridays (the 3rd, 17th, 31st), not odd days or Fridays.
        let oddFridays = try CronSchedule("0 0 */2 * FRI")
        #expect(fires(oddFridays, after: try instant("2025-01-01T00:00:00Z"), count: 3) == [
            try instant("2025-01-03T00:00:00Z"), try instant("2025-01-17T00:00:00Z"), try instant("2025-01-31T00:00:00Z"),
        ])
    }

    @Test func sevenAndZeroAreBothSunday() throws {
        let start = try instant("2025-01-01T00:00:00Z")
        let seven = try CronSchedule("0 12 * * 7")
        let zero = try CronSchedule("0 12 * * 0")
        let named = try CronSchedule("0 12 * * sun")
        #expect(seven.nextFire(after: start) == (try instant("2025-01-05T12:00:00Z")))
        #expect(fires(seven, after: start, count: 5) == fires(zero, after: start, count: 5))
        #expect(fires(named, after: start, count: 5) == fires(zero, after: start, count: 5))
    }

    @Test func namesSelectMonthsAndWeekdays() throws {
        let schedule = try CronSchedule("30 9 * Feb,aug MON-wed")
        let times = fires(schedule, after: try instant("2025-01-01T00:00:00Z"), count: 4)
        // February 2025 starts on a Saturday.
        #expect(times == [
            try instant("2025-02-03T09:30:00Z"),
            try instant("2025-02-04T09:30:00Z"),
            try instant("2025-02-05T09:30:00Z"),
            try instant("2025-02-10T09:30:00Z"),
        ])
        #expect(schedule.nextFire(after: try instant("2025-02-26T10:00:00Z")) == (try instant("2025-08-04T09:30:00Z")))
    }

    @Test func workingHoursSchedule() throws {
        let schedule = try CronSchedule("*/20 9-17 * * MON-FRI")
        // Friday 2025-01-03 17:40 is the week's last; the next is Monday 09:00.
        #expect(fires(schedule, after: try instant("2025-01-03T17:30:00Z"), count: 2) == [
            try instant("2025-01-03T17:40:00Z"), try instant("2025-01-06T09:00:00Z"),
        ])
    }

    @Test(arguments: ["0 0 30 2 *", "0 0 31 4,6,9,11 *", "0 0 31 2 */3", "* * 30,31 FEB *"])
    func dayThatNeverExistsNeverFires(_ expression: String) throws {
        let schedule = try CronSchedule(expression)
        #expect(schedule.nextFire(after: try instant("2025-01-01T00:00:00Z")) == nil)
    }

    @Test func impossibleDayOfMonthStillFiresOnTheWeekdayWhenEitherMatches() throws {
        // February 31st never comes, but with both fields restricted the Mondays of February do.
        let schedule = try CronSchedule("0 0 31 2 MON")
        #expect(schedule.nextFire(after: try instant("2025-01-01T00:00:00Z")) == (try instant("2025-02-03T00:00:00Z")))
    }
}

@Suite struct CronScheduleTimeZoneTests {
    @Test func fieldsAreWallClockTimesInTheZone() throws {
        let paris = try CronSchedule("0 9 * * *", timeZone: TimeZone(identifier: "Europe/Paris")!)
        // 09:00 in Paris is 08:00 UTC in winter, 07:00 UTC in summer.
        #expect(paris.nextFire(after: try instant("2025-01-15T00:00:00Z")) == (try instant("2025-01-15T08:00:00Z")))
        #expect(paris.nextFire(after: try instant("2025-07-15T00:00:00Z")) == (try instant("2025-07-15T07:00:00Z")))
        let kolkata = try CronSchedule("0 0 * * *", timeZone: TimeZone(identifier: "Asia/Kolkata")!)
        #expect(kolkata.nextFire(after: try instant("2025-01-01T00:00:00Z")) == (try instant("2025-01-01T18:30:00Z")))
    }

    @Test func dayAndWeekdayAreTheZonesNotUTCs() throws {
        // Friday 22:00 in New York is Saturday 03:00 UTC.
        let schedule = try CronSchedule("0 22 * * FRI", timeZone: newYork)
        #expect(schedule.nextFire(after: try instant("2025-01-01T00:00:00Z")) == (try instant("2025-01-04T03:00:00Z")))
    }

    @Test func timeSkippedBySpringForwardDoesNotFire() throws {
        // 2025-03-09 in New York: 02:00 EST jumps to 03:00 EDT, so 02:30 does not exist that day.
        let schedule = try CronSchedule("30 2 * * *", timeZone: newYork)
        #expect(fires(schedule, after: try instant("2025-03-08T08:00:00Z"), count: 2) == [
            try instant("2025-03-10T06:30:00Z"), // 02:30 EDT on the 10th
            try instant("2025-03-11T06:30:00Z"),
        ])
        let halfHourly = try CronSchedule("*/30 * * * *", timeZone: newYork)
        // After 01:45 EST comes 03:00 EDT: 02:00 and 02:30 are skipped.
        #expect(halfHourly.nextFire(after: try instant("2025-03-09T06:45:00Z")) == (try instant("2025-03-09T07:00:00Z")))
    }

    @Test func timeRepeatedByFallBackFiresOnceAtItsFirstOccurrence() throws {
        // 2025-11-02 in New York: 02:00 EDT falls back to 01:00 EST, so 01:30 happens twice.
        let schedule = try CronSchedule("30 1 * * *", timeZone: newYork)
        #expect(fires(schedule, after: try instant("2025-11-02T04:00:00Z"), count: 2) == [
            try instant("2025-11-02T05:30:00Z"), // 01:30 EDT
            try instant("2025-11-03T06:30:00Z"), // 01:30 EST the next day, not 06:30 UTC on the 2nd
        ])
        let quarterly = try CronSchedule("*/15 * * * *", timeZone: newYork)
        // After 01:45 EDT the repeated hour's quarters do not fire again; next is 02:00 EST.
        #expect(quarterly.nextFire(after: try instant("2025-11-02T05:45:00Z")) == (try instant("2025-11-02T07:00:00Z")))
        // From inside the repeated hour (01:10 EST) as well.
        #expect(quarterly.nextFire(after: try instant("2025-11-02T06:10:00Z")) == (try instant("2025-11-02T07:00:00Z")))
    }
}
