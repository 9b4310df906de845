import Foundation

/// Which lines of an instance's log to read: since a time, matching a pattern, the last few.
public struct LogQuery: Sendable {
    /// Only lines at or after this time.
    public var since: Date?
    /// Only lines whose text matches.
    public var grep: LogPattern?
    /// Only the last this many (of those that pass the other filters); for ``InstanceLog/follow(_:)``
    /// it limits the lines already written, not the ones that follow.
    public var tail: Int?

    public init(since: Date? = nil, grep: LogPattern? = nil, tail: Int? = nil) {
        self.since = since
        self.grep = grep
        self.tail = tail
    }
}

/// What a line's text must contain: a plain substring, or a regular expression (Swift `Regex`
/// syntax) found anywhere in it.
public struct LogPattern: Sendable, Hashable {
    private enum Kind: Hashable { case substring, regex }
    private let kind: Kind
    public let pattern: String

    public static func substring(_ text: String) -> LogPattern {
        LogPattern(kind: .substring, pattern: text)
    }

    /// - Throws: ``InstanceLogError/Code-swift.struct/invalidPattern`` when `pattern` does not compile.
    public static func regex(_ pattern: String) throws(InstanceLogError) -> LogPattern {
        do {
            _ = try Regex(pattern)
        } catch {
            throw .invalidPattern(pattern, "\(error)")
        }
        return LogPattern(kind: .regex, pattern: pattern)
    }

    /// A test for texts. (`Regex` is not `Sendable`, so each reader compiles its own.)
    func matcher() -> (String) -> Bool {
        switch kind {
        case .substring:
            let pattern = pattern
            return { $0.contains(pattern) }
        case .regex:
            // Checked in `regex(_:)`.
            guard let regex = try? Regex(pattern) else { return { _ in false } }
            return { $0.contains(regex) }
        }
    }
}

extension LogQuery {
    /// A test for lines: the time and pattern filters (not `tail`).
    func filter() -> (LogLine) -> Bool {
        // Stored times have milliseconds: a `since` taken from a line's time must include it.
        let since = since.map { Date(timeIntervalSince1970: ($0.timeIntervalSince1970 * 1000).rounded(.down) / 1000) }
        let matches = grep?.matcher()
        return { line in
            if let since, line.time < since { return false }
            if let matches, !matches(line.text) { return false }
            return true
        }
    }
}
