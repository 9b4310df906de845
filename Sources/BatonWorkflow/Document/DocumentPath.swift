import Foundation

/// Where a value sits inside a document: the keys and indexes from the root down to it.
///
/// It prints the way people read documents, `do[2].getPet.with.method`, and converts to and from
/// the JSON Pointer (RFC 6901) that JSON Schema and the RFC 7807 `instance` field use.
public struct DocumentPath: Sendable, Hashable {
    public enum Component: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    public var components: [Component]

    public init(_ components: [Component] = []) {
        self.components = components
    }

    public static let root = DocumentPath()

    public var isRoot: Bool { components.isEmpty }

    public func appending(_ key: String) -> DocumentPath {
        DocumentPath(components + [.key(key)])
    }

    public func appending(_ index: Int) -> DocumentPath {
        DocumentPath(components + [.index(index)])
    }

    public func appending(_ component: Component) -> DocumentPath {
        DocumentPath(components + [component])
    }

    public func appending(_ other: DocumentPath) -> DocumentPath {
        DocumentPath(components + other.components)
    }

    /// The path one step up, or nil at the root.
    public var parent: DocumentPath? {
        components.isEmpty ? nil : DocumentPath(Array(components.dropLast()))
    }

    public var last: Component? { components.last }

    /// The JSON Pointer of the path: `/do/2/getPet/with/method`.
    public var jsonPointer: String {
        var pointer = ""
        for component in components {
            pointer += "/"
            switch component {
            case .key(let key):
                // Most keys need no escaping; Foundation's replacing is slow enough to matter
                // here, as every task's position is made from its path.
                if key.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) {
                    pointer += key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
                } else {
                    pointer += key
                }
            case .index(let index):
                pointer += String(index)
            }
        }
        return pointer
    }

    /// Parses a JSON Pointer. Segments made only of digits become indexes, since a pointer does not
    /// say whether it steps into an array or an object; `JSONValue.subscript(path:)` and
    /// `SourceMap` treat such an index as a key where an object stands.
    public init?(jsonPointer: String) {
        if jsonPointer.isEmpty {
            self.init()
            return
        }
        guard jsonPointer.hasPrefix("/") else { return nil }
        let segments = jsonPointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        self.init(segments.map { segment in
            let key = segment.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            if let index = Int(key), index >= 0, String(index) == key { return .index(index) }
            return .key(key)
        })
    }
}

extension DocumentPath: CustomStringConvertible {
    /// The readable form: `do[2].getPet.with.method`, `document["odd key"]`, and `(root)` for the root.
    public var description: String {
        if components.isEmpty { return "(root)" }
        var text = ""
        for component in components {
            switch component {
            case .index(let index):
                text += "[\(index)]"
            case .key(let key):
                if Self.isPlainKey(key) {
                    text += text.isEmpty ? key : ".\(key)"
                } else {
                    text += "[\"\(key.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\""))\"]"
                }
            }
        }
        return text
    }

    private static func isPlainKey(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return key.unicodeScalars.allSatisfy { scalar in
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                || scalar == "_" || scalar == "-" || scalar == "$"
        }
    }
}

extension DocumentPath: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: Component...) {
        self.init(elements)
    }
}

extension DocumentPath.Component: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    public init(stringLiteral value: String) { self = .key(value) }
    public init(integerLiteral value: Int) { self = .index(value) }
}
