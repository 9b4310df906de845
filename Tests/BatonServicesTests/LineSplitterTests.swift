import Foundation
import Testing
@testable import BatonServices

/// Cutting a stream into lines: newlines, long lines, the unfinished last line.
@Suite struct LineSplitterTests {
    private let time = Date(timeIntervalSince1970: 1_700_000_000)

    private func feed(_ splitter: inout LineSplitter, _ text: String) -> [String] {
        Array(text.utf8).withUnsafeBytes { splitter.feed($0, at: time) }.map(\.text)
    }

    @Test func linesEndAtNewlinesAcrossReads() {
        var splitter = LineSplitter(stream: .out, maximumLineBytes: 100)
        #expect(feed(&splitter, "one\ntw") == ["one"])
        #expect(feed(&splitter, "o\n\nthree") == ["two", ""])
        #expect(splitter.finish(at: time)?.text == "three")
        #expect(splitter.finish(at: time) == nil)
    }

    @Test func aLongLineIsCutAndMarkedAndItsRestDropped() {
        var splitter = LineSplitter(stream: .err, maximumLineBytes: 5)
        #expect(feed(&splitter, "12345\n") == ["12345"])
        #expect(feed(&splitter, "123456") == ["12345" + LogLine.truncationMark])
        #expect(feed(&splitter, "789\nnext\n") == ["next"])
        #expect(feed(&splitter, "abcdefgh\n") == ["abcde" + LogLine.truncationMark])
        #expect(splitter.finish(at: time) == nil)
    }

    @Test func aCutDoesNotSplitACharacter() {
        var splitter = LineSplitter(stream: .out, maximumLineBytes: 4)
        // "aé" is 3 bytes, "€" 3 more: the cut at 4 falls inside the euro sign.
        #expect(feed(&splitter, "aé€\n") == ["aé" + LogLine.truncationMark])
    }

    @Test func theStreamIsKept() {
        var splitter = LineSplitter(stream: .err, maximumLineBytes: 10)
        let lines = Array("x\n".utf8).withUnsafeBytes { splitter.feed($0, at: time) }
        #expect(lines == [LogLine(time: time, stream: .err, text: "x")])
    }
}
