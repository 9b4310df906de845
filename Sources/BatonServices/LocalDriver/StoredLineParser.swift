/// Cuts stored bytes into lines, keeping an unfinished last line for the next feed.
struct StoredLineParser {
    private var remainder: [UInt8] = []

    mutating func feed(_ bytes: [UInt8]) -> [LogLine] {
        var lines: [LogLine] = []
        var start = 0
        if !remainder.isEmpty {
            guard let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) else {
                remainder.append(contentsOf: bytes)
                return []
            }
            remainder.append(contentsOf: bytes[..<newline])
            if let line = LogLine(stored: Substring(String(decoding: remainder, as: UTF8.self))) { lines.append(line) }
            remainder = []
            start = newline + 1
        }
        while start < bytes.count {
            guard let newline = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) else {
                remainder = Array(bytes[start...])
                break
            }
            if let line = LogLine(stored: Substring(String(decoding: bytes[start..<newline], as: UTF8.self))) { lines.append(line) }
            start = newline + 1
        }
        return lines
    }
}
