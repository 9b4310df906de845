/// A value that can be read from a document with positions, strictly: wrong types and unknown keys
/// are errors that name the path, never silently ignored.
public protocol DocumentDecodable: Sendable {
    init(from reader: DocumentReader) throws(Diagnostic)
}

/// A value that can be written back to the JSON form it was read from.
public protocol DocumentEncodable: Sendable {
    var documentValue: JSONValue { get }
}

public typealias DocumentCodable = DocumentDecodable & DocumentEncodable

/// Reads one value of a loaded document, knowing its path and where it was written.
///
/// Model types read themselves through it; every error it throws carries the file, line, column
/// and path of the offending value, with a message that says what was expected.
public struct DocumentReader: Sendable {
    public let value: JSONValue
    public let path: DocumentPath
    public let sourceMap: SourceMap

    public init(value: JSONValue, path: DocumentPath = .root, sourceMap: SourceMap) {
        self.value = value
        self.path = path
        self.sourceMap = sourceMap
    }

    public init(_ document: LoadedDocument) {
        self.init(value: document.value, sourceMap: document.sourceMap)
    }

    /// Reads the whole value as `T`.
    public func decode<T: DocumentDecodable>(_ type: T.Type = T.self) throws(Diagnostic) -> T {
        try T(from: self)
    }

    /// An error about this value, positioned at the key that names it (where the line of a
    /// field starts, as in `deploy.yaml:14:9: do[2].getPet.with.method: expected a string`), or
    /// at the value itself for list items and the root, which have no key.
    public func error(_ message: String, code: String = "model.invalid") -> Diagnostic {
        Diagnostic(code: code, message: message, path: path, in: sourceMap, atKey: true)
    }

    /// An error that says what was expected and what was found instead.
    public func typeMismatch(expected: String) -> Diagnostic {
        error("expected \(expected), found \(value.typeNameWithArticle)", code: "model.type")
    }

    public func child(_ key: String, _ value: JSONValue) -> DocumentReader {
        DocumentReader(value: value, path: path.appending(key), sourceMap: sourceMap)
    }

    public func child(_ index: Int, _ value: JSONValue) -> DocumentReader {
        DocumentReader(value: value, path: path.appending(index), sourceMap: sourceMap)
    }

    // MARK: Scalars

    public func string() throws(Diagnostic) -> String {
        guard case .string(let text) = value else { throw typeMismatch(expected: "a string") }
        return text
    }

    public func bool() throws(Diagnostic) -> Bool {
        guard case .bool(let flag) = value else { throw typeMismatch(expected: "a boolean (true or false)") }
        return flag
    }

    public func integer() throws(Diagnostic) -> Int {
        guard let number = value.intValue, value.typeName == "integer" else { throw typeMismatch(expected: "an integer") }
        return number
    }

    public func number() throws(Diagnostic) -> Double {
        guard let number = value.doubleValue else { throw typeMismatch(expected: "a number") }
        return number
    }

    /// A string that must be one of `allowed`.
    public func oneOf(_ allowed: [String]) throws(Diagnostic) -> String {
        let text = try string()
        guard allowed.contains(text) else {
            var message = "`\(text)` is not one of \(allowed.map { "`\($0)`" }.joined(separator: ", "))"
            if let suggestion = ObjectReader.closest(to: text, in: allowed) {
                message += "; did you mean `\(suggestion)`?"
            }
            throw error(message, code: "model.enum")
        }
        return text
    }

    // MARK: Collections

    public func array() throws(Diagnostic) -> [DocumentReader] {
        guard case .array(let items) = value else { throw typeMismatch(expected: "a list") }
        return items.enumerated().map { child($0.offset, $0.element) }
    }

    public func array<T: DocumentDecodable>(of type: T.Type = T.self) throws(Diagnostic) -> [T] {
        var result: [T] = []
        for item in try array() {
            result.append(try T(from: item))
        }
        return result
    }

    /// The members of a mapping whose keys are free (tags, metadata, named definitions), in key order.
    public func entries() throws(Diagnostic) -> [(key: String, reader: DocumentReader)] {
        guard case .object(let members) = value else { throw typeMismatch(expected: "a mapping") }
        return members.sorted { $0.key < $1.key }.map { ($0.key, child($0.key, $0.value)) }
    }

    public func map<T: DocumentDecodable>(of type: T.Type = T.self) throws(Diagnostic) -> [String: T] {
        var result: [String: T] = [:]
        for (key, reader) in try entries() {
            result[key] = try T(from: reader)
        }
        return result
    }

    /// Reads a mapping with known keys. Keys the body did not read are reported as unknown,
    /// unless the body called `allowOtherKeys()`.
    public func object<T>(_ body: (inout ObjectReader) throws(Diagnostic) -> T) throws(Diagnostic) -> T {
        guard case .object(let members) = value else { throw typeMismatch(expected: "a mapping") }
        var reader = ObjectReader(owner: self, members: members)
        let result = try body(&reader)
        try reader.finish()
        return result
    }

    public var isObject: Bool { value.objectValue != nil }
    public var isString: Bool { value.stringValue != nil }
    public var isArray: Bool { value.arrayValue != nil }
}

/// The members of one mapping being read; tracks which keys were used so that the rest can be
/// reported as unknown, with the closest known key as a hint.
public struct ObjectReader {
    public let owner: DocumentReader
    public let members: [String: JSONValue]
    private var used: Set<String> = []
    private var known: [String] = []
    private var othersAllowed = false

    init(owner: DocumentReader, members: [String: JSONValue]) {
        self.owner = owner
        self.members = members
    }

    public var path: DocumentPath { owner.path }

    public func has(_ key: String) -> Bool {
        members[key] != nil
    }

    /// The keys among `candidates` that are present, in the order of `candidates`.
    public func presentKeys(among candidates: [String]) -> [String] {
        candidates.filter { members[$0] != nil }
    }

    /// An error about the mapping being read.
    public func error(_ message: String, code: String = "model.invalid") -> Diagnostic {
        owner.error(message, code: code)
    }

    /// An error about one of its keys, positioned at the key.
    public func error(atKey key: String, _ message: String, code: String = "model.invalid") -> Diagnostic {
        Diagnostic(code: code, message: message, path: owner.path.appending(key), in: owner.sourceMap, atKey: true)
    }

    /// The reader of a member, marking it used; nil when it is absent.
    public mutating func reader(_ key: String) -> DocumentReader? {
        known.append(key)
        guard let member = members[key] else { return nil }
        used.insert(key)
        return owner.child(key, member)
    }

    public mutating func required<T: DocumentDecodable>(_ key: String, _ type: T.Type = T.self) throws(Diagnostic) -> T {
        guard let reader = reader(key) else { throw missing(key) }
        return try T(from: reader)
    }

    /// The error for a missing required key. When a key that is present is a near miss of it
    /// (`endpont` for `endpoint`), the misspelling is the real mistake, so that is reported.
    private func missing(_ key: String) -> Diagnostic {
        if let misspelt = unreadKeys.first(where: { Self.closest(to: $0, in: [key]) != nil }) {
            return Diagnostic(
                code: "model.unknown-key", message: "unknown key `\(misspelt)`; did you mean `\(key)`?",
                path: owner.path.appending(misspelt), in: owner.sourceMap, atKey: true
            )
        }
        return owner.error("missing required key `\(key)`", code: "model.required")
    }

    public mutating func optional<T: DocumentDecodable>(_ key: String, _ type: T.Type = T.self) throws(Diagnostic) -> T? {
        guard let reader = reader(key) else { return nil }
        return try T(from: reader)
    }

    /// Reads a member with a custom reading.
    public mutating func required<T>(_ key: String, _ read: (DocumentReader) throws(Diagnostic) -> T) throws(Diagnostic) -> T {
        guard let reader = reader(key) else { throw missing(key) }
        return try read(reader)
    }

    public mutating func optional<T>(_ key: String, _ read: (DocumentReader) throws(Diagnostic) -> T) throws(Diagnostic) -> T? {
        guard let reader = reader(key) else { return nil }
        return try read(reader)
    }

    /// Accepts keys that the body does not read (open mappings such as `metadata`).
    public mutating func allowOtherKeys() {
        othersAllowed = true
    }

    /// The keys present that were not read.
    public var unreadKeys: [String] {
        members.keys.filter { !used.contains($0) }.sorted()
    }

    /// Reports the first key that was not read as unknown, now rather than when the body
    /// returns, for callers that fail for another reason and want the unknown key named first.
    public func checkUnknownKeys() throws(Diagnostic) {
        try finish()
    }

    func finish() throws(Diagnostic) {
        guard !othersAllowed, let unknown = unreadKeys.first else { return }
        let path = owner.path.appending(unknown)
        var message = "unknown key `\(unknown)`"
        if let suggestion = Self.closest(to: unknown, in: known) {
            message += "; did you mean `\(suggestion)`?"
        } else if !known.isEmpty {
            let allowed = Array(Set(known)).sorted()
            message += allowed.count <= 12 ? "; allowed here: \(allowed.joined(separator: ", "))" : ""
        }
        throw Diagnostic(code: "model.unknown-key", message: message, path: path, in: owner.sourceMap, atKey: true)
    }

    /// The known key within two edits of `key`, if there is one.
    static func closest(to key: String, in candidates: [String]) -> String? {
        let best = Set(candidates).map { ($0, editDistance(key.lowercased(), $0.lowercased())) }.min { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }
        guard let best, best.1 <= max(1, min(2, key.count / 3)) else { return nil }
        return best.0
    }

    /// The optimal-string-alignment distance: insertions, deletions, substitutions and swaps of
    /// two neighbouring characters each count one, so `tow` is one edit from `two`.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}

// MARK: - Basic values

extension String: DocumentDecodable, DocumentEncodable {
    public init(from reader: DocumentReader) throws(Diagnostic) { self = try reader.string() }
    public var documentValue: JSONValue { .string(self) }
}

extension Bool: DocumentDecodable, DocumentEncodable {
    public init(from reader: DocumentReader) throws(Diagnostic) { self = try reader.bool() }
    public var documentValue: JSONValue { .bool(self) }
}

extension Int: DocumentDecodable, DocumentEncodable {
    public init(from reader: DocumentReader) throws(Diagnostic) { self = try reader.integer() }
    public var documentValue: JSONValue { .integer(self) }
}

extension Double: DocumentDecodable, DocumentEncodable {
    public init(from reader: DocumentReader) throws(Diagnostic) { self = try reader.number() }
    public var documentValue: JSONValue { Int(exactly: self).map(JSONValue.integer) ?? .number(self) }
}

extension JSONValue: DocumentDecodable, DocumentEncodable {
    public init(from reader: DocumentReader) throws(Diagnostic) { self = reader.value }
    public var documentValue: JSONValue { self }
}

extension Array: DocumentEncodable where Element: DocumentEncodable {
    public var documentValue: JSONValue { .array(map(\.documentValue)) }
}

extension Array: DocumentDecodable where Element: DocumentDecodable {
    public init(from reader: DocumentReader) throws(Diagnostic) { self = try reader.array(of: Element.self) }
}

extension Dictionary: DocumentEncodable where Key == String, Value: DocumentEncodable {
    public var documentValue: JSONValue { .object(mapValues(\.documentValue)) }
}

extension Dictionary: DocumentDecodable where Key == String, Value: DocumentDecodable {
    public init(from reader: DocumentReader) throws(Diagnostic) { self = try reader.map(of: Value.self) }
}

/// Builds the JSON object of a model value, leaving out members that are nil.
public struct ObjectWriter {
    public private(set) var members: [String: JSONValue] = [:]

    public init() {}

    public mutating func set(_ key: String, _ value: (any DocumentEncodable)?) {
        if let value { members[key] = value.documentValue }
    }

    public mutating func set(_ key: String, json value: JSONValue?) {
        if let value { members[key] = value }
    }

    public var value: JSONValue { .object(members) }
}
