@testable import BatonAssistant
import Testing

/// The value readers of the built-in planner, by the catalog's conventions (templates.yaml).
@Suite("Built-in planner: value readers")
struct BuiltInReadersTests {
    private static func normalized(_ text: String) -> String { NormalizedRequest(text).text }

    @Test("numbers written as words become digits, in English and Chinese, where they count something", arguments: [
        ("scale api to three replicas", "scale api to 3 replicas"),
        ("twenty-five instances", "25 instances"),
        ("two hundred and fifty requests", "250 requests"),
        ("把api扩容到五个实例", "把 api 扩容到 5 个实例"),
        ("保留三十天", "保留 30 天"),
        ("过去二十分钟", "过去 20 分钟"),
        ("统一一下配置", "统一一下配置"),
        ("Deploy ＳＨＯＰ，端口３０００", "deploy shop,端口 3000"),
    ])
    func numbers(text: String, expected: String) {
        #expect(Self.normalized(text) == expected)
    }

    @Test("durations in seconds", arguments: [
        ("for 10 minutes", 600), ("1h", 3600), ("the last 2 hours", 7200), ("half an hour", 1800), ("半小时", 1800),
        ("过去一个半小时", 5400), ("30s", 30), ("1.5 hours", 5400), ("两周", 1_209_600), ("an hour", 3600), ("90 secs", 90),
        ("最近3天", 259_200),
    ])
    func durations(text: String, seconds: Int) {
        #expect(ValueReaders.durations(in: Self.normalized(text)).map(\.value) == [seconds])
    }

    @Test("percents, sizes")
    func percentsAndSizes() {
        #expect(ValueReaders.percents(in: Self.normalized("send 10% of traffic")).map(\.value) == [10])
        #expect(ValueReaders.percents(in: Self.normalized("百分之二十的流量")).map(\.value) == [20])
        #expect(ValueReaders.percents(in: Self.normalized("2.5 percent")).map(\.value) == [2.5])
        #expect(ValueReaders.sizes(in: Self.normalized("20G of storage")).map(\.value) == [20])
        #expect(ValueReaders.sizes(in: Self.normalized("100 GB")).map(\.value) == [100])
        #expect(ValueReaders.sizes(in: Self.normalized("1TB disk")).map(\.value) == [1024])
        #expect(ValueReaders.sizes(in: Self.normalized("50G存储")).map(\.value) == [50])
    }

    @Test("cron from phrases in both languages", arguments: [
        ("every night at 2am", "0 2 * * *"),
        ("每天凌晨2点", "0 2 * * *"),
        ("every 15 minutes", "*/15 * * * *"),
        ("hourly", "0 * * * *"),
        ("每小时", "0 * * * *"),
        ("every Monday at 9:30", "30 9 * * 1"),
        ("每周一上午9点", "0 9 * * 1"),
        ("每月1号凌晨3点", "0 3 1 * *"),
        ("daily at 11pm", "0 23 * * *"),
        ("每天晚上11点半", "30 23 * * *"),
        ("every weekday at 8am", "0 8 * * 1-5"),
        ("with cron 0 3 * * 0", "0 3 * * 0"),
        ("every 6 hours", "0 */6 * * *"),
        ("每隔30分钟", "*/30 * * * *"),
        ("every day at noon", "0 12 * * *"),
        ("每天中午12点", "0 12 * * *"),
    ])
    func cron(text: String, expected: String) {
        #expect(CronPhrases.read(Self.normalized(text))?.value == expected)
    }

    @Test("a time of day without recurrence is not a schedule")
    func notCron() {
        #expect(CronPhrases.read(Self.normalized("back up orders at 2am")) == nil)
        #expect(CronPhrases.read(Self.normalized("deploy shop on port 3000")) == nil)
    }
}
