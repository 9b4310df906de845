import Foundation

/// Reads a recurring schedule from a phrase, in English or Chinese, as a five-field cron string:
/// "every night at 2am" and "每天凌晨2点" → `0 2 * * *`, "every 15 minutes" → `*/15 * * * *`,
/// "every Monday at 9:30" → `30 9 * * 1`, "每月1号凌晨3点" → `0 3 1 * *`. A cron string written
/// out is taken as it is. A time of day without a word of recurrence is not a schedule.
enum CronPhrases {
    private static let explicit = Pattern(#"(?:^|[\s"'`(:])((?:[\d*/,\-]+ ){4}[\d*/,\-]+)(?=$|[\s"'`),.;])"#)
    private static let everyMinutes = Pattern(#"\bevery (\d+) ?(?:minutes?|mins?|m)\b|每 ?隔? ?(\d+) ?分钟"#)
    private static let everyMinute = Pattern(#"\bevery minute\b|每分钟|每 ?1 ?分钟"#)
    private static let everyHours = Pattern(#"\bevery (\d+) ?(?:hours?|hrs?|h)\b|每 ?隔? ?(\d+) ?个?小时"#)
    private static let hourly = Pattern(#"\bevery hour\b|(?<![\w-])hourly(?![\w-])|\beach hour\b|每小时|每个小时|每 ?1 ?个?小时"#)
    private static let daily = Pattern(#"\bevery (?:day|night|evening|morning)\b|(?<![\w-])daily(?![\w-])|(?<![\w-])nightly(?![\w-])|\beach (?:day|night)\b|\bper day\b|\bonce a day\b|每天|每日|每晚|每个晚上|每天晚上|每夜"#)
    private static let weekly = Pattern(#"\bevery week\b|(?<![\w-])weekly(?![\w-])|\bonce a week\b|每周|每星期|每个星期|每礼拜"#)
    private static let monthly = Pattern(#"\bevery month\b|(?<![\w-])monthly(?![\w-])|\bonce a month\b|每月|每个月"#)
    private static let weekdays = Pattern(#"\b(?:every )?weekdays?\b|\bmonday (?:to|through|-) friday\b|工作日|周一到周五|周一至周五"#)
    private static let weekends = Pattern(#"\b(?:every )?weekends?\b|周末"#)
    private static let englishDay = Pattern(#"\b(?:every|on|each) (mon|tues|wednes|thurs|fri|satur|sun)(?:day)?s?\b|\b(mon|tues|wednes|thurs|fri|satur|sun)days\b"#)
    private static let chineseDay = Pattern(#"(?:每 ?个?)?(?:周|星期|礼拜)([一二三四五六日天1-7])"#)
    private static let dayOfMonth = Pattern(#"\bon the (\d{1,2}|first)(?:st|nd|rd|th)?\b|(\d{1,2}) ?(?:号|日)|\b(\d{1,2})(?:st|nd|rd|th) of (?:each|every) month\b"#)
    private static let englishTime = Pattern(#"\b(?:at|@) ?(\d{1,2})(?::(\d{2}))? ?(am|pm|a\.m\.|p\.m\.)?(?![\d:])|\b(\d{1,2})(?::(\d{2}))? ?(am|pm|a\.m\.|p\.m\.)(?![a-z])|\b(\d{1,2}):(\d{2})\b|\b(midnight|noon)\b"#)
    private static let chineseTime = Pattern(#"(凌晨|早上|早晨|上午|中午|下午|傍晚|晚上|夜里|夜间|半夜)? ?(\d{1,2}) ?(?:点|时|:)(?: ?(\d{1,2}) ?分?|(半))?|(午夜|零点|半夜十二点)"#)

    private static let everyEvening = Pattern(#"\bevery evening\b"#)
    private static let everyMorning = Pattern(#"\bevery morning\b"#)
    private static let evening = Pattern(#"\b(?:evening|tonight|night|pm)\b"#)

    static func read(_ text: String) -> FoundValue<String>? {
        if let match = explicit.firstMatch(in: text), let cron = match[1], cron.contains(where: { $0 == "*" || $0.isNumber }) {
            return FoundValue(value: cron, location: match.ranges[1].location, length: match.ranges[1].length)
        }
        if let match = everyMinute.firstMatch(in: text) { return FoundValue(value: "* * * * *", location: match.location, length: match.length) }
        if let match = everyMinutes.firstMatch(in: text), let minutes = (match[1] ?? match[2]).flatMap(Int.init) {
            return FoundValue(value: minutes == 1 ? "* * * * *" : "*/\(minutes) * * * *", location: match.location, length: match.length)
        }
        if let match = hourly.firstMatch(in: text) { return FoundValue(value: "0 * * * *", location: match.location, length: match.length) }
        if let match = everyHours.firstMatch(in: text), let hours = (match[1] ?? match[2]).flatMap(Int.init) {
            return FoundValue(value: hours == 1 ? "0 * * * *" : "0 */\(hours) * * *", location: match.location, length: match.length)
        }

        var spans: [(Int, Int)] = []
        var dayOfWeek = "*"
        var dom = "*"
        var recurring = false
        if let match = weekdays.firstMatch(in: text) {
            dayOfWeek = "1-5"; recurring = true; spans.append((match.location, match.length))
        } else if let match = weekends.firstMatch(in: text), text.contains("every") || text.contains("每") || text.contains("weekends") {
            dayOfWeek = "0,6"; recurring = true; spans.append((match.location, match.length))
        } else if let match = englishDay.firstMatch(in: text), let stem = match[1] ?? match[2] {
            let days = ["sun": 0, "mon": 1, "tues": 2, "wednes": 3, "thurs": 4, "fri": 5, "satur": 6]
            dayOfWeek = days[stem].map(String.init) ?? "*"; recurring = true; spans.append((match.location, match.length))
        } else if let match = chineseDay.firstMatch(in: text), let day = match[1] {
            let days: [String: Int] = ["一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "日": 0, "天": 0, "1": 1, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6, "7": 0]
            dayOfWeek = days[day].map(String.init) ?? "*"; recurring = true; spans.append((match.location, match.length))
        }
        if let match = monthly.firstMatch(in: text) {
            recurring = true; spans.append((match.location, match.length))
            dom = "1"
            if let day = dayOfMonth.firstMatch(in: text), let number = (day[1] ?? day[2] ?? day[3]).flatMap({ $0 == "first" ? 1 : Int($0) }), (1...31).contains(number) {
                dom = String(number); spans.append((day.location, day.length))
            }
        } else if let match = dayOfMonth.firstMatch(in: text), let number = match[3].flatMap(Int.init), (1...31).contains(number) {
            dom = String(number); recurring = true; spans.append((match.location, match.length))
        }
        if let match = weekly.firstMatch(in: text) {
            recurring = true; spans.append((match.location, match.length))
            if dayOfWeek == "*" { dayOfWeek = "0" }
        }
        if let match = daily.firstMatch(in: text) { recurring = true; spans.append((match.location, match.length)) }
        guard recurring else { return nil }

        var hour = 0
        var minute = 0
        if let time = timeOfDay(in: text) {
            (hour, minute) = (time.value.hour, time.value.minute)
            spans.append((time.location, time.length))
        } else if everyEvening.contains(in: text) {
            hour = 18
        } else if everyMorning.contains(in: text) {
            hour = 8
        }
        let start = spans.map(\.0).min() ?? 0
        let end = spans.map { $0.0 + $0.1 }.max() ?? start
        return FoundValue(value: "\(minute) \(hour) \(dom) * \(dayOfWeek)", location: start, length: end - start)
    }

    struct TimeOfDay: Sendable { var hour: Int; var minute: Int }

    static func timeOfDay(in text: String) -> FoundValue<TimeOfDay>? {
        if text.unicodeScalars.contains(where: \.isHan), let match = chineseTime.firstMatch(in: text) {
            if match[5] != nil { return FoundValue(value: TimeOfDay(hour: 0, minute: 0), location: match.location, length: match.length) }
            if var hour = match[2].flatMap(Int.init), hour <= 24 {
                let minute = match[4] != nil ? 30 : (match[3].flatMap(Int.init) ?? 0)
                switch match[1] {
                case "下午", "傍晚", "晚上", "夜里", "夜间": if hour < 12 { hour += 12 }
                case "中午": if hour < 11 { hour += 12 }
                case "凌晨", "半夜": if hour == 12 { hour = 0 }
                default: break
                }
                return FoundValue(value: TimeOfDay(hour: hour % 24, minute: min(minute, 59)), location: match.location, length: match.length)
            }
        }
        guard let match = englishTime.firstMatch(in: text) else { return nil }
        if let word = match[9] {
            return FoundValue(value: TimeOfDay(hour: word == "noon" ? 12 : 0, minute: 0), location: match.location, length: match.length)
        }
        let hourText = match[1] ?? match[4] ?? match[7]
        let minuteText = match[2] ?? match[5] ?? match[8]
        let meridiem = match[3] ?? match[6]
        guard var hour = hourText.flatMap(Int.init), hour <= 24 else { return nil }
        let minute = minuteText.flatMap(Int.init) ?? 0
        if let meridiem {
            if meridiem.hasPrefix("p"), hour < 12 { hour += 12 }
            if meridiem.hasPrefix("a"), hour == 12 { hour = 0 }
        } else if evening.contains(in: text), hour < 12, hour >= 6 {
            hour += 12
        }
        return FoundValue(value: TimeOfDay(hour: hour % 24, minute: min(minute, 59)), location: match.location, length: match.length)
    }
}
