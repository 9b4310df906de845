/// The name of a service: what `baton ps` shows, what `depends_on` and the service functions
/// refer to, and part of every instance's name (`web-2`) and log file.
///
/// Names follow docker-compose's rule — letters, digits, `.`, `_` and `-`, starting with a letter
/// or a digit — lower-cased, so that `Web` and `web` are one service; at most 63 characters, so a
/// name is also a valid DNS label for the Docker and Kubernetes drivers.
public struct ServiceName: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let rawValue: String

    /// Checks and normalizes `text`.
    /// - Throws: ``ServiceNameError`` saying what is wrong with it.
    public init(_ text: String) throws(ServiceNameError) {
        let name = text.lowercased()
        guard !name.isEmpty else { throw ServiceNameError(name: text, problem: "a service name cannot be empty") }
        guard name.count <= 63 else {
            throw ServiceNameError(name: text, problem: "a service name has at most 63 characters (this one has \(name.count))")
        }
        guard let first = name.unicodeScalars.first, Self.isAlphanumeric(first) else {
            throw ServiceNameError(name: text, problem: "a service name starts with a letter or a digit")
        }
        if let bad = name.unicodeScalars.first(where: { !Self.isAlphanumeric($0) && !".-_".unicodeScalars.contains($0) }) {
            throw ServiceNameError(name: text, problem: "a service name holds only letters, digits, `.`, `_` and `-`, not `\(bad)`")
        }
        rawValue = name
    }

    public var description: String { rawValue }

    public static func < (lhs: ServiceName, rhs: ServiceName) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            try self.init(text)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    private static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}

/// A service name that breaks the naming rule.
public struct ServiceNameError: Error, Sendable, Hashable, CustomStringConvertible {
    public let name: String
    public let problem: String

    public var description: String { "“\(name)”: \(problem)" }
}
