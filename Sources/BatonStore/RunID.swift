import Foundation

/// The identifier of a run: any non-empty text, a lower-case UUID when the store makes one.
public struct RunID: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    public init(_ rawValue: String) { self.rawValue = rawValue }

    public init(stringLiteral value: String) { self.rawValue = value }

    /// A new random identifier: a lower-case UUID.
    public static func random() -> RunID {
        RunID(UUID().uuidString.lowercased())
    }

    public var description: String { rawValue }

    public static func < (lhs: RunID, rhs: RunID) -> Bool { lhs.rawValue < rhs.rawValue }
}
