import BatonServices
import Testing

@Suite struct DurationTextTests {
    static let readable: [(String, Duration)] = [
        ("10s", .seconds(10)), ("500ms", .milliseconds(500)), ("1m30s", .seconds(90)), ("2h", .seconds(7200)),
        ("1.5s", .milliseconds(1500)), ("1h2m3s4ms", .milliseconds(3_723_004)), ("250us", .microseconds(250)), ("250µs", .microseconds(250)),
        ("40ns", .nanoseconds(40)), ("0s", .zero), ("0", .zero), ("15", .seconds(15)), ("2.5", .milliseconds(2500)), (" 3s ", .seconds(3)),
    ]

    @Test(arguments: readable)
    func readsComposeDurations(text: String, expected: Duration) {
        #expect(DurationText.parse(text) == expected)
    }

    @Test(arguments: ["", "s", "10 s", "5x", "1h30", "-1s", "1..5s", "inf", "nan", "9999999999999999h", "1e300", "10sec", "1s 2s"])
    func refusesWhatIsNotADuration(text: String) {
        #expect(DurationText.parse(text) == nil)
    }

    static let written: [(Duration, String)] = [
        (.seconds(10), "10s"), (.milliseconds(500), "500ms"), (.seconds(90), "1m30s"), (.seconds(7200), "2h"), (.milliseconds(1500), "1.5s"),
        (.seconds(3661), "1h1m1s"), (.zero, "0s"), (.milliseconds(60_250), "1m0.25s"), (.microseconds(500), "500us"), (.nanoseconds(40), "40ns"),
        (.nanoseconds(1_000_500_000), "1s500us"), (.nanoseconds(90_000_000_040), "1m30s40ns"),
    ]

    @Test(arguments: written)
    func writesTheShortestExactForm(duration: Duration, expected: String) {
        #expect(DurationText.format(duration) == expected)
        #expect(DurationText.parse(expected) == duration)
    }
}

@Suite struct ByteSizeTextTests {
    static let readable: [(String, Int64)] = [
        ("256M", 256 << 20), ("1g", 1 << 30), ("512Mi", 512 << 20), ("1GB", 1 << 30), ("2kb", 2048), ("1048576", 1 << 20),
        ("100b", 100), ("1.5G", 3 << 29), ("2T", 2 << 40), (" 64m ", 64 << 20),
    ]

    @Test(arguments: readable)
    func readsComposeSizes(text: String, expected: Int64) {
        #expect(ByteSizeText.parse(text) == expected)
    }

    @Test(arguments: ["", "M", "lots", "12X", "-1M", "1..2M", "99999999999999999999G", "1bb"])
    func refusesWhatIsNotASize(text: String) {
        #expect(ByteSizeText.parse(text) == nil)
    }

    static let written: [(Int64, String)] = [
        (256 << 20, "256M"), (1 << 30, "1G"), (3 << 29, "1536M"), (2048, "2K"), (1000, "1000"), (1, "1"), (4 << 40, "4096G"),
    ]

    @Test(arguments: written)
    func writesTheLargestExactUnit(bytes: Int64, expected: String) {
        #expect(ByteSizeText.format(bytes) == expected)
        #expect(ByteSizeText.parse(expected) == bytes)
    }
}
