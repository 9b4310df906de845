import Foundation

/// Times in the API: ISO 8601 in UTC with milliseconds, `2026-11-29T15:35:31.231Z`, always with
/// the fraction so clients can parse every time with one format.
enum APITime {
    private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)

    static func text(_ date: Date) -> String {
        style.format(date)
    }
}
