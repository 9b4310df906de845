/// The line-by-line reader behind ``PrometheusText/init(parsing:)``. It works on UTF-8 bytes:
/// every token of the format is ASCII, and label values and help texts are copied through.
struct PrometheusTextParser {
    private(set) var samples: [PrometheusSample] = []
    private(set) var types: [String: PrometheusText.MetricType] = [:]
    private(set) var help: [String: String] = [:]

    /// The line being read, for errors.
    private var lineNumber = 0
    private var line: [UInt8] = []
    private var index = 0

    mutating func parse(_ text: String) throws(PrometheusTextError) {
        var lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)[...]
        // A final line end does not start another line.
        if lines.last?.isEmpty == true { lines = lines.dropLast() }
        for slice in lines {
            lineNumber += 1
            line = Array(slice)
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            index = 0
            skipBlanks()
            if index == line.count { continue }
            if line[index] == UInt8(ascii: "#") {
                try parseComment()
            } else {
                try parseSample()
            }
        }
    }

    // MARK: - Comments

    private mutating func parseComment() throws(PrometheusTextError) {
        index += 1
        skipBlanks()
        let keyword = readToken()
        guard keyword == "HELP" || keyword == "TYPE", atBlank() else { return }  // an ordinary comment
        skipBlanks()
        let nameColumn = index
        guard let name = readMetricName() else {
            throw failure(at: nameColumn, "`# \(keyword)` is followed by a metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)")
        }
        guard index == line.count || atBlank() else {
            throw failure(at: index, "a metric name holds only letters, digits, `_` and `:`")
        }
        skipBlanks()
        if keyword == "HELP" {
            let start = index
            help[name] = try unescape(from: start, to: line.count, allowingQuote: false)
            return
        }
        let typeColumn = index
        let typeName = readToken()
        skipBlanks()
        guard let type = PrometheusText.MetricType(rawValue: typeName), index == line.count else {
            let known = PrometheusText.MetricType.allCases.map(\.rawValue).joined(separator: ", ")
            throw failure(at: typeColumn, "the type of `\(name)` is one of \(known)")
        }
        guard types[name] == nil else {
            throw failure(at: nameColumn, "`\(name)` has a second `# TYPE` line; keep one")
        }
        types[name] = type
    }

    // MARK: - Samples

    private mutating func parseSample() throws(PrometheusTextError) {
        let nameColumn = index
        guard let name = readMetricName() else {
            throw failure(
                at: nameColumn,
                "a sample line starts with a metric name ([a-zA-Z_:][a-zA-Z0-9_:]*), not `\(character(at: nameColumn))`"
            )
        }
        let afterName = index
        skipBlanks()
        var labels: [String: String] = [:]
        if index < line.count, line[index] == UInt8(ascii: "{") {
            index += 1
            labels = try parseLabels(of: name)
            skipBlanks()
        } else if index == afterName, index < line.count {
            throw failure(at: index, "a metric name holds only letters, digits, `_` and `:`; the value follows after a space")
        }
        let valueColumn = index
        let valueText = readToken()
        guard !valueText.isEmpty else {
            throw failure(at: valueColumn, "the sample `\(name)` has no value; write one after the name and labels")
        }
        guard let value = Self.value(valueText) else {
            throw failure(at: valueColumn, "`\(valueText)` is not a sample value (a number, +Inf, -Inf or NaN)")
        }
        skipBlanks()
        var timestamp: Int64?
        if index < line.count {
            let timestampColumn = index
            let timestampText = readToken()
            guard let milliseconds = Int64(timestampText) else {
                throw failure(
                    at: timestampColumn,
                    "`\(timestampText)` is not a timestamp (whole milliseconds since the Unix epoch); the value is the last field otherwise"
                )
            }
            timestamp = milliseconds
            skipBlanks()
            guard index == line.count else {
                throw failure(at: index, "the line goes on after the timestamp; a sample is `name{labels} value [timestamp]`")
            }
        }
        samples.append(PrometheusSample(name: name, labels: labels, value: value, timestamp: timestamp))
    }

    /// Reads `name="value", ...}` — the opening brace is read already.
    private mutating func parseLabels(of metric: String) throws(PrometheusTextError) -> [String: String] {
        var labels: [String: String] = [:]
        while true {
            skipBlanks()
            guard index < line.count else { throw failure(at: index, "the labels of `\(metric)` end with `}`") }
            if line[index] == UInt8(ascii: "}") {
                index += 1
                return labels
            }
            let nameColumn = index
            guard let name = readLabelName() else {
                throw failure(
                    at: nameColumn,
                    "a label name ([a-zA-Z_][a-zA-Z0-9_]*) or `}` comes here, not `\(character(at: nameColumn))`"
                )
            }
            skipBlanks()
            guard index < line.count, line[index] == UInt8(ascii: "=") else {
                throw failure(at: index, "the label name `\(name)` is followed by `=` and a quoted value")
            }
            index += 1
            skipBlanks()
            guard index < line.count, line[index] == UInt8(ascii: "\"") else {
                throw failure(at: index, "the value of label `\(name)` is in double quotes (\(name)=\"…\")")
            }
            index += 1
            let start = index
            var escaped = false
            while index < line.count {
                let byte = line[index]
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    break
                }
                index += 1
            }
            guard index < line.count else {
                throw failure(at: start - 1, "the value of label `\(name)` has no closing double quote")
            }
            let value = try unescape(from: start, to: index, allowingQuote: true)
            index += 1
            guard labels.updateValue(value, forKey: name) == nil else {
                throw failure(at: nameColumn, "the label `\(name)` appears twice in one sample")
            }
            skipBlanks()
            guard index < line.count else { throw failure(at: index, "the labels of `\(metric)` end with `}`") }
            if line[index] == UInt8(ascii: ",") {
                index += 1
            } else if line[index] != UInt8(ascii: "}") {
                throw failure(at: index, "labels are separated by `,` and end with `}`, not `\(character(at: index))`")
            }
        }
    }

    // MARK: - Tokens

    /// Label values may escape `\\`, `\"` and `\n`; help texts `\\` and `\n`.
    private func unescape(from start: Int, to end: Int, allowingQuote: Bool) throws(PrometheusTextError) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(end - start)
        var position = start
        while position < end {
            let byte = line[position]
            guard byte == UInt8(ascii: "\\") else {
                bytes.append(byte)
                position += 1
                continue
            }
            guard position + 1 < end else {
                if allowingQuote { throw failure(at: position, "a backslash ends the text; write `\\\\` for a backslash") }
                bytes.append(byte)  // a help text may end in a lone backslash, as Prometheus reads it
                break
            }
            switch line[position + 1] {
            case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "n"): bytes.append(UInt8(ascii: "\n"))
            case UInt8(ascii: "\"") where allowingQuote: bytes.append(UInt8(ascii: "\""))
            default:
                if allowingQuote {
                    throw failure(
                        at: position,
                        "`\\\(character(at: position + 1))` is not an escape of a label value; only \\\\, \\\" and \\n are"
                    )
                }
                // Help texts keep unknown escapes as written, as Prometheus does.
                bytes.append(byte)
                bytes.append(line[position + 1])
            }
            position += 2
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private mutating func readMetricName() -> String? {
        readName { $0 == UInt8(ascii: ":") || Self.isLetter($0) || $0 == UInt8(ascii: "_") } rest: {
            $0 == UInt8(ascii: ":") || Self.isLetter($0) || $0 == UInt8(ascii: "_") || Self.isDigit($0)
        }
    }

    private mutating func readLabelName() -> String? {
        readName { Self.isLetter($0) || $0 == UInt8(ascii: "_") } rest: {
            Self.isLetter($0) || $0 == UInt8(ascii: "_") || Self.isDigit($0)
        }
    }

    private mutating func readName(first: (UInt8) -> Bool, rest: (UInt8) -> Bool) -> String? {
        guard index < line.count, first(line[index]) else { return nil }
        let start = index
        index += 1
        while index < line.count, rest(line[index]) { index += 1 }
        return String(decoding: line[start..<index], as: UTF8.self)
    }

    /// Reads up to the next blank or the end of the line.
    private mutating func readToken() -> String {
        let start = index
        while index < line.count, !Self.isBlank(line[index]) { index += 1 }
        return String(decoding: line[start..<index], as: UTF8.self)
    }

    private mutating func skipBlanks() {
        while index < line.count, Self.isBlank(line[index]) { index += 1 }
    }

    private func atBlank() -> Bool {
        index < line.count && Self.isBlank(line[index])
    }

    private func character(at position: Int) -> String {
        guard position < line.count else { return "end of line" }
        return String(decoding: line[position...].prefix(while: { !Self.isBlank($0) }).prefix(1), as: UTF8.self)
    }

    private func failure(at position: Int, _ problem: String) -> PrometheusTextError {
        let column = String(decoding: line[..<min(position, line.count)], as: UTF8.self).count + 1
        return PrometheusTextError(line: lineNumber, column: column, problem: problem, text: String(decoding: line, as: UTF8.self))
    }

    /// Go's `ParseFloat` spellings, which Prometheus writes: decimals, exponents, `+Inf`, `-Inf`, `NaN`.
    static func value(_ text: String) -> Double? {
        switch text {
        case "+Inf", "Inf", "+inf", "inf": return .infinity
        case "-Inf", "-inf": return -.infinity
        case "NaN", "nan": return .nan
        default:
            // Swift also reads `infinity` and `nan(…)`; those are not in the format.
            guard let first = text.utf8.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") || first == UInt8(ascii: ".") || isDigit(first)
            else { return nil }
            guard !text.lowercased().contains("inf"), !text.lowercased().contains("nan") else { return nil }
            return Double(text)
        }
    }

    private static func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }
}
