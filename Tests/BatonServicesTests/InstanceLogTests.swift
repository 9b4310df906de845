import BatonTesting
import Foundation
import Testing
@testable import BatonServices

#if canImport(Glibc)
import Glibc
#endif

/// Log capture: the stored form, rotation, the reader's filters, following.
@Suite(.timeLimit(.minutes(1))) struct InstanceLogTests {
    private let janitor = ProcessJanitor()
    private let start = Date(timeIntervalSince1970: 1_750_000_000.25)

    private func line(_ second: Int, _ text: String, _ stream: LogLine.Stream = .out) -> LogLine {
        LogLine(time: start.addingTimeInterval(Double(second)), stream: stream, text: text)
    }

    @Test func aProcessOutputIsStoredWithTimeAndStream() async throws {
        try await LocalDriverTesting.withTemporaryDirectory { directory in
            let writer = try InstanceLogWriter(directory: directory, instance: "web-1")
            let before = Date()
            let process = janitor.keep(try LocalDriverTesting.launcher.start(
                LocalDriverTesting.shell("echo hello; echo oops >&2; printf 'no newline at the end'"), output: writer
            ))
            #expect(try await process.waitForExit() == .exited(0))
            try await process.waitForOutputToEnd()
            let after = Date()

            let stored = try String(contentsOfFile: directory + "/web-1.log", encoding: .utf8)
            let pattern = #/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (out|err) .*/#
            let storedLines = stored.split(separator: "\n")
            #expect(storedLines.count == 3 && storedLines.allSatisfy { $0.wholeMatch(of: pattern) != nil }, "\(stored)")

            let lines = try InstanceLog(directory: directory, instance: "web-1").lines()
            #expect(lines.filter { $0.stream == .out }.map(\.text) == ["hello", "no newline at the end"])
            #expect(lines.filter { $0.stream == .err }.map(\.text) == ["oops"])
            let earliest = before.addingTimeInterval(-0.001)
            #expect(lines.allSatisfy { $0.time >= earliest && $0.time <= after })
        }
    }

    @Test func aLineIsInTheFileWhileTheProcessStillRuns() async throws {
        try await LocalDriverTesting.withTemporaryDirectory { directory in
            let writer = try InstanceLogWriter(directory: directory, instance: "api")
            let process = janitor.keep(try LocalDriverTesting.launcher.start(LocalDriverTesting.shell("echo started; exec sleep 300"), output: writer))
            let log = try InstanceLog(directory: directory, instance: "api")
            try await eventually("the line is readable") { try log.lines().map(\.text) == ["started"] }
            #expect(process.exitStatus == nil)
        }
    }

    @Test func theFileIsRotatedAtItsSizeAndKeepsTheGivenNumberOfFiles() async throws {
        try await LocalDriverTesting.withTemporaryDirectory { directory in
            // Each stored line is 24 + 5 + 10 + 1 = 40 bytes: five fit in 200.
            let writer = try InstanceLogWriter(directory: directory, instance: "db", rotation: LogRotation(maximumBytes: 200, keptFiles: 2))
            for index in 0..<23 { writer.write([line(index, String(format: "line %05d", index))]) }
            let log = try InstanceLog(directory: directory, instance: "db")
            #expect(log.files() == ["\(directory)/db.log.2", "\(directory)/db.log.1", "\(directory)/db.log"])
            #expect(!FileManager.default.fileExists(atPath: "\(directory)/db.log.3"))
            for file in log.files() {
                let size = try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int
                #expect(size.map { $0 <= 200 } == true)
            }
            // 23 lines: the live file has the last 3, the two rotated ones 5 each.
            #expect(try log.lines().map(\.text) == (10..<23).map { String(format: "line %05d", $0) })
            #expect(writer.lastFailure == nil)
        }
    }

    @Test func aWriterAppendsToWhatAnEarlierOneWrote() async throws {
        try await LocalDriverTesting.withTemporaryDirectory { directory in
            try InstanceLogWriter(directory: directory, instance: "web").write([line(0, "first run")])
            try InstanceLogWriter(directory: directory, instance: "web").write([line(1, "second run")])
            #expect(try InstanceLog(directory: directory, instance: "web").lines().map(\.text) == ["first run", "second run"])
        }
    }

    @Test func theReaderFiltersBySinceGrepAndTail() async throws {
        try await LocalDriverTesting.withTemporaryDirectory { directory in
            let writer = try InstanceLogWriter(directory: directory, instance: "web", rotation: LogRotation(maximumBytes: 150, keptFiles: 5))
            writer.write([
                line(0, "GET /health 200"), line(1, "GET /orders 500", .err), line(2, "POST /orders 201"),
                line(3, "GET /health 200"), line(4, "GET /orders 200"),
            ])
            let log = try InstanceLog(directory: directory, instance: "web")
            #expect(log.files().count > 1, "the lines span rotated files")
            #expect(try log.lines().count == 5)
            #expect(try log.lines(LogQuery(since: start.addingTimeInterval(3))).map(\.text) == ["GET /health 200", "GET /orders 200"])
            #expect(try log.lines(LogQuery(grep: .substring("/orders"))).count == 3)
            #expect(try log.lines(LogQuery(grep: .regex(#"^(GET|POST) /orders 2\d\d$"#))).map(\.text) == ["POST /orders 201", "GET /orders 200"])
            #expect(try log.lines(LogQuery(tail: 2)).map(\.text) == ["GET /health 200", "GET /orders 200"])
            #expect(try log.lines(LogQuery(since: start.addingTimeInterval(1), grep: .substring("orders"), tail: 1)).map(\.text) == ["GET /orders 200"])
            #expect(try log.lines(LogQuery(grep: .substring("500"))).map(\.stream) == [.err])
            // A since taken from a stored line's time includes that line.
            let stored = try log.lines()[2]
            #expect(try log.lines(LogQuery(since: stored.time)).first == stored)
        }
    }

    @Test func anInvalidRegularExpressionIsAClearError() {
        let error = try? #require(throws: InstanceLogError.self) { try LogPattern.regex("(unclosed") }
        #expect(error?.code == .invalidPattern)
        #expect(error?.description.hasPrefix("grep pattern “(unclosed” is not a valid regular expression") == true)
    }

    @Test func anInstanceNameMustBeAFileName() {
        #expect(throws: InstanceLogError.self) { try InstanceLog(directory: "/tmp", instance: "../web") }
        #expect(throws: InstanceLogError.self) { try InstanceLog(directory: "/tmp", instance: "") }
    }

    @Test func followYieldsTheTailThenNewLinesAcrossRotations() async throws {
        try await LocalDriverTesting.withTemporaryDirectory { directory in
            // 100 bytes hold two stored lines: a rotation every other line.
            let writer = try InstanceLogWriter(directory: directory, instance: "web", rotation: LogRotation(maximumBytes: 100, keptFiles: 1))
            writer.write([line(0, "old 1"), line(1, "old 2")])
            let log = try InstanceLog(directory: directory, instance: "web")
            var iterator = log.follow(LogQuery(grep: .substring("2"), tail: 1)).makeAsyncIterator()
            #expect(try await iterator.next()?.text == "old 2")
            for index in 0..<6 {
                writer.write([line(10 + index, "filtered out")])
                writer.write([line(10 + index, "new \(index) 2")])
                #expect(try await iterator.next()?.text == "new \(index) 2")
            }
            #expect(log.files().count == 2)
        }
    }

    @Test func followReadsEveryFileOfABurstOfRotations() async throws {
        try await LocalDriverTesting.withTemporaryDirectory { directory in
            let writer = try InstanceLogWriter(directory: directory, instance: "web", rotation: LogRotation(maximumBytes: 100, keptFiles: 10))
            writer.write([line(0, "old")])
            let log = try InstanceLog(directory: directory, instance: "web")
            var iterator = log.follow().makeAsyncIterator()
            #expect(try await iterator.next()?.text == "old")
            // Written as a process's output would be, a line at a time, faster than the follower
            // wakes up: several rotations between two wake-ups.
            for index in 0..<12 { writer.write([line(10 + index, "new \(index)")]) }
            var followed: [String] = []
            while followed.count < 12, let next = try await iterator.next() { followed.append(next.text) }
            #expect(followed == (0..<12).map { "new \($0)" })
        }
    }

    @Test func followWaitsForAFileThatDoesNotExistYet() async throws {
        try await LocalDriverTesting.withTemporaryDirectory { directory in
            let log = try InstanceLog(directory: directory, instance: "late")
            var iterator = log.follow().makeAsyncIterator()
            let writer = try InstanceLogWriter(directory: directory, instance: "late")
            writer.write([line(0, "finally")])
            #expect(try await iterator.next()?.text == "finally")
        }
    }

    @Test func followingAMissingDirectoryFails() async throws {
        let log = try InstanceLog(directory: "/no/such/logs", instance: "web")
        var iterator = log.follow().makeAsyncIterator()
        await #expect(throws: InstanceLogError.self) { _ = try await iterator.next() }
    }

    @Test func followSeesAProcessOutputAsItIsWritten() async throws {
        try await LocalDriverTesting.withTemporaryDirectory { directory in
            let writer = try InstanceLogWriter(directory: directory, instance: "worker")
            let log = try InstanceLog(directory: directory, instance: "worker")
            var iterator = log.follow().makeAsyncIterator()
            let process = janitor.keep(try LocalDriverTesting.launcher.start(
                LocalDriverTesting.shell("echo one; echo two >&2; exec sleep 300"), output: writer
            ))
            var followed: Set<String> = []
            while followed.count < 2, let next = try await iterator.next() { followed.insert("\(next.stream.rawValue) \(next.text)") }
            #expect(followed == ["out one", "err two"])
            #expect(process.exitStatus == nil)
        }
    }

    @Test func timestampsRoundTrip() {
        let date = Date(timeIntervalSince1970: 1_234_567_890.123)
        #expect(LogTimestamp.format(date) == "2009-02-13T23:31:30.123Z")
        #expect(LogTimestamp.parse("2009-02-13T23:31:30.123Z") == date.flooredToMilliseconds)
        #expect(LogTimestamp.parse("2009-02-13 23:31:30.123Z") == nil)
        #expect(LogLine(stored: "2009-02-13T23:31:30.123Z err ") == LogLine(time: date.flooredToMilliseconds, stream: .err, text: ""))
    }
}

extension Date {
    var flooredToMilliseconds: Date {
        Date(timeIntervalSince1970: (timeIntervalSince1970 * 1000).rounded(.down) / 1000)
    }
}
