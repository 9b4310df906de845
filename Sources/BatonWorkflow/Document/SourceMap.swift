/// The line and column where each value of a loaded document starts, by its path.
///
/// Every error about a document (schema, model, lint, expression) is found by path, and the map
/// turns that path into a position in the file the user wrote.
public struct SourceMap: Sendable, Hashable {
    public struct Position: Sendable, Hashable {
        public var line: Int
        public var column: Int

        public init(line: Int, column: Int) {
            self.line = line
            self.column = column
        }
    }

    /// The file the document came from, as the user named it.
    public var file: String
    private var positions: [DocumentPath: Position] = [:]
    /// Where each object key itself is written, for errors about the key (unknown, duplicate).
    private var keyPositions: [DocumentPath: Position] = [:]

    public init(file: String) {
        self.file = file
    }

    public mutating func record(_ position: Position, for path: DocumentPath) {
        positions[path] = position
    }

    public mutating func recordKey(_ position: Position, for path: DocumentPath) {
        keyPositions[path] = position
    }

    /// The position of the value at `path`, or of the nearest enclosing value that has one.
    /// A path from a JSON Pointer may hold an index where the document has a numeric key, so
    /// both spellings are tried.
    public func position(of path: DocumentPath) -> Position? {
        var current: DocumentPath? = path
        while let candidate = current {
            if let position = positions[candidate] ?? positions[Self.indexesAsKeys(candidate)] {
                return position
            }
            current = candidate.parent
        }
        return nil
    }

    /// The position of the key that names the value at `path`, falling back to the value's own.
    public func keyPosition(of path: DocumentPath) -> Position? {
        keyPositions[path] ?? keyPositions[Self.indexesAsKeys(path)] ?? position(of: path)
    }

    public func location(of path: DocumentPath) -> SourceLocation {
        let position = position(of: path) ?? Position(line: 1, column: 1)
        return SourceLocation(file: file, line: position.line, column: position.column)
    }

    public func keyLocation(of path: DocumentPath) -> SourceLocation {
        let position = keyPosition(of: path) ?? Position(line: 1, column: 1)
        return SourceLocation(file: file, line: position.line, column: position.column)
    }

    private static func indexesAsKeys(_ path: DocumentPath) -> DocumentPath {
        DocumentPath(path.components.map { component in
            if case .index(let index) = component { return .key(String(index)) }
            return component
        })
    }
}
