import Foundation

/// One line a process wrote, as captured and as stored in its log file:
/// `2025-01-02T03:04:05.678Z out listening on :8080`.
public struct LogLine: Sendable, Hashable, CustomStringConvertible {
    /// When Baton read it from the pipe (millisecond precision once stored).
    public var time: Date
    public var stream: Stream
    /// The text without its newline; a line cut at the length limit ends with
    /// ``LogLine/truncationMark``.
    public var text: String

    public init(time: Date, stream: Stream, text: String) {
        self.time = time
        self.stream = stream
        self.text = text
    }

    /// Standard output or standard error, stored as `out` and `err`.
    public enum Stream: String, Sendable, Hashable, Codable {
        case out, err
    }

    /// What ends a line that was longer than the limit; the rest of it, up to the next newline,
    /// is dropped.
    public static let truncationMark = " [truncated]"

    /// The line as stored: timestamp, stream, text.
    public var description: String { "\(LogTimestamp.format(time)) \(stream.rawValue) \(text)" }

    /// Parses a stored line.
    /// - Returns: `nil` when it is not in the stored form.
    public init?(stored: Substring) {
        let prefixLength = LogTimestamp.length + 5  // "<timestamp> out "
        guard stored.utf8.count >= prefixLength else { return nil }
        let timestampEnd = stored.utf8.index(stored.startIndex, offsetBy: LogTimestamp.length)
        guard let time = LogTimestamp.parse(stored[..<timestampEnd]) else { return nil }
        let streamStart = stored.utf8.index(after: timestampEnd)
        let streamEnd = stored.utf8.index(streamStart, offsetBy: 3)
        let textStart = stored.utf8.index(after: streamEnd)
        guard stored.utf8[timestampEnd] == UInt8(ascii: " "), stored.utf8[streamEnd] == UInt8(ascii: " "),
            let stream = Stream(rawValue: String(stored[streamStart..<streamEnd]))
        else { return nil }
        self.init(time: time, stream: stream, text: String(stored[textStart...]))
    }
}
