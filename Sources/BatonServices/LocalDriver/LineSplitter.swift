import Foundation

/// Cuts the bytes of one output stream into lines: on `\n`, at most `maximumLineBytes` of text
/// each (the rest of a longer line is dropped and the line marked as truncated), and the
/// unfinished last line when the stream ends.
struct LineSplitter {
    let stream: LogLine.Stream
    let maximumLineBytes: Int
    private var pending: [UInt8] = []
    /// After a truncated line: the bytes up to the next newline are dropped.
    private var dropping = false

    init(stream: LogLine.Stream, maximumLineBytes: Int) {
        self.stream = stream
        self.maximumLineBytes = max(1, maximumLineBytes)
    }

    /// The lines that `bytes` completes.
    mutating func feed(_ bytes: UnsafeRawBufferPointer, at time: Date) -> [LogLine] {
        var lines: [LogLine] = []
        var start = 0
        while start < bytes.count {
            if let newline = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) {
                consume(UnsafeRawBufferPointer(rebasing: bytes[start..<newline]), endsLine: true, at: time, into: &lines)
                start = newline + 1
            } else {
                consume(UnsafeRawBufferPointer(rebasing: bytes[start...]), endsLine: false, at: time, into: &lines)
                break
            }
        }
        return lines
    }

    /// The unfinished last line, when the stream has ended.
    mutating func finish(at time: Date) -> LogLine? {
        defer {
            pending = []
            dropping = false
        }
        guard !pending.isEmpty, !dropping else { return nil }
        return LogLine(time: time, stream: stream, text: String(decoding: pending, as: UTF8.self))
    }

    private mutating func consume(_ segment: UnsafeRawBufferPointer, endsLine: Bool, at time: Date, into lines: inout [LogLine]) {
        if dropping {
            if endsLine { dropping = false }
            return
        }
        let room = maximumLineBytes - pending.count
        if segment.count > room {
            pending.append(contentsOf: segment.prefix(room))
            lines.append(LogLine(time: time, stream: stream, text: Self.cut(pending) + LogLine.truncationMark))
            pending = []
            dropping = !endsLine
        } else {
            pending.append(contentsOf: segment)
            if endsLine {
                lines.append(LogLine(time: time, stream: stream, text: String(decoding: pending, as: UTF8.self)))
                pending = []
            }
        }
    }

    /// The text of `bytes` without a UTF-8 sequence that the cut split.
    private static func cut(_ bytes: [UInt8]) -> String {
        var end = bytes.count
        // Step back over continuation bytes (10xxxxxx) to the start of the last character...
        var start = end
        while start > 0, bytes[start - 1] & 0xC0 == 0x80, end - start < 3 { start -= 1 }
        if start > 0 {
            let lead = bytes[start - 1]
            let expected = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
            // ...and drop it when it is incomplete.
            if end - (start - 1) < expected { end = start - 1 }
        }
        return String(decoding: bytes[..<end], as: UTF8.self)
    }
}
