import Foundation
import Yams

/// A document read from YAML or JSON text: its value and where each part of it was written.
public struct LoadedDocument: Sendable {
    public var value: JSONValue
    public var sourceMap: SourceMap

    public init(value: JSONValue, sourceMap: SourceMap) {
        self.value = value
        self.sourceMap = sourceMap
    }

    /// A diagnostic at `path`, positioned in this document.
    public func diagnostic(_ code: String, _ message: String, at path: DocumentPath, atKey: Bool = false) -> Diagnostic {
        Diagnostic(code: code, message: message, path: path, in: sourceMap, atKey: atKey)
    }
}

/// Reads YAML (1.2 core schema) and JSON documents into `JSONValue`s, recording the position of
/// every value so that later errors can point at the line and column the user wrote.
///
/// Bad input never crashes or hangs the loader: text that is not YAML, a document larger than
/// `Limits.maximumBytes`, nesting deeper than `Limits.maximumDepth` and aliases that expand past
/// `Limits.maximumAliasExpansion` values each end in a `DocumentErrors` that says where and why.
public struct DocumentLoader: Sendable {
    public struct Limits: Sendable, Hashable {
        /// The largest document accepted, in bytes of UTF-8. A workflow definition is a few
        /// kilobytes; four mebibytes leaves room for generated ones and refuses mistakes.
        public var maximumBytes: Int
        /// The deepest nesting of mappings and sequences accepted.
        public var maximumDepth: Int
        /// How many values aliases (`*name`) may add in all: anchors that refer to anchors can
        /// otherwise expand a small file into billions of values.
        public var maximumAliasExpansion: Int

        public init(maximumBytes: Int = 4 << 20, maximumDepth: Int = 200, maximumAliasExpansion: Int = 100_000) {
            self.maximumBytes = maximumBytes
            self.maximumDepth = maximumDepth
            self.maximumAliasExpansion = maximumAliasExpansion
        }
    }

    public var limits: Limits

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Loads a file; `displayName` is how errors name it (the path as the user typed it by default).
    public func load(contentsOf url: URL, displayName: String? = nil) throws(DocumentErrors) -> LoadedDocument {
        let name = displayName ?? url.relativePath
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw DocumentErrors([Diagnostic(
                code: "file.unreadable",
                message: "cannot read the file: \(Self.describe(error))",
                path: .root, location: SourceLocation(file: name, line: 1, column: 1)
            )])
        }
        return try load(data: data, file: name)
    }

    public func load(data: Data, file: String) throws(DocumentErrors) -> LoadedDocument {
        guard let text = String(data: data, encoding: .utf8) else {
            throw DocumentErrors([Diagnostic(
                code: "file.encoding",
                message: "the file is not UTF-8 text; save it as UTF-8 and try again",
                path: .root, location: SourceLocation(file: file, line: 1, column: 1)
            )])
        }
        return try load(text: text, file: file)
    }

    /// Loads YAML or JSON text (JSON is read as the YAML it also is, so positions work alike).
    public func load(text: String, file: String) throws(DocumentErrors) -> LoadedDocument {
        let start = SourceLocation(file: file, line: 1, column: 1)
        let size = text.utf8.count
        guard size <= limits.maximumBytes else {
            throw DocumentErrors([Diagnostic(
                code: "document.too-large",
                message: "the document is \(Self.formatBytes(size)), more than the limit of \(Self.formatBytes(limits.maximumBytes)); split it into smaller documents or raise the limit",
                path: .root, location: start
            )])
        }
        let root: Node?
        do {
            root = try Parser(yaml: text, resolver: .basic).singleRoot() // no implicit typing: scalars are resolved below
        } catch {
            throw DocumentErrors([Self.diagnostic(for: error, file: file)])
        }
        guard let root else {
            throw DocumentErrors([Diagnostic(
                code: "document.empty", message: "the document is empty; a workflow needs at least `document` and `do`",
                path: .root, location: start
            )])
        }
        var converter = Converter(sourceMap: SourceMap(file: file), limits: limits)
        do {
            let value = try converter.convert(root, at: .root, depth: 0)
            return LoadedDocument(value: value, sourceMap: converter.sourceMap)
        } catch let error as Diagnostic {
            throw DocumentErrors([error])
        } catch {
            throw DocumentErrors([Diagnostic(code: "yaml.invalid", message: "\(error)", path: .root, location: start)])
        }
    }

    // MARK: - Converting YAML nodes

    private struct Converter {
        var sourceMap: SourceMap
        let limits: Limits
        var aliasBudget: Int
        /// The furthest position met so far, in document order.
        var furthest: (line: Int, column: Int) = (0, 0)

        init(sourceMap: SourceMap, limits: Limits) {
            self.sourceMap = sourceMap
            self.limits = limits
            self.aliasBudget = limits.maximumAliasExpansion
        }

        mutating func convert(_ node: Node, at path: DocumentPath, depth: Int, viaAlias: Bool = false) throws -> JSONValue {
            guard depth <= limits.maximumDepth else {
                throw error("document.too-deep", "the document nests more than \(limits.maximumDepth) levels deep; flatten it", node, path)
            }
            // An alias keeps the anchor's node; it and everything below it count against the budget.
            let isAlias = viaAlias || isAliasUse(node)
            if isAlias {
                aliasBudget -= 1
                guard aliasBudget >= 0 else {
                    throw error(
                        "yaml.alias-expansion",
                        "YAML aliases expand this document to more than \(limits.maximumAliasExpansion) values; anchors that refer to anchors multiply, so write the repeated parts out or reduce the nesting",
                        node, path
                    )
                }
            }
            if let mark = node.mark, !isAlias {
                sourceMap.record(.init(line: mark.line, column: mark.column), for: path)
            }
            switch node {
            case .scalar(let scalar):
                return try resolve(scalar, at: path)
            case .sequence(let sequence):
                try checkTag(sequence.tag, expected: "tag:yaml.org,2002:seq", kind: "sequence", node: node, path: path)
                var items: [JSONValue] = []
                items.reserveCapacity(sequence.count)
                for (index, item) in sequence.enumerated() {
                    items.append(try convert(item, at: path.appending(index), depth: depth + 1, viaAlias: isAlias))
                }
                return .array(items)
            case .mapping(let mapping):
                try checkTag(mapping.tag, expected: "tag:yaml.org,2002:map", kind: "mapping", node: node, path: path)
                var members: [String: JSONValue] = [:]
                members.reserveCapacity(mapping.count)
                var merged: [String: JSONValue] = [:]
                for (keyNode, valueNode) in mapping {
                    guard case .scalar(let keyScalar) = keyNode else {
                        throw error("yaml.complex-key", "a mapping key must be a plain value, not a \(keyNode.isMapping ? "mapping" : "sequence"); JSON and workflows allow only string keys", keyNode, path)
                    }
                    let key = keyScalar.string
                    if key == "<<" && keyScalar.style == .plain {
                        try merge(valueNode, into: &merged, at: path, depth: depth, viaAlias: isAlias)
                        continue
                    }
                    let childPath = path.appending(key)
                    if let mark = keyNode.mark, !isAlias {
                        sourceMap.recordKey(.init(line: mark.line, column: mark.column), for: childPath)
                    }
                    members[key] = try convert(valueNode, at: childPath, depth: depth + 1, viaAlias: isAlias)
                }
                // Merge keys (`<<: *defaults`) give values that the mapping itself does not set.
                for (key, value) in merged where members[key] == nil {
                    members[key] = value
                }
                return .object(members)
            case .alias:
                throw error("yaml.alias", "unresolved YAML alias", node, path)
            }
        }

        /// Yams hands an alias back as the anchored node itself. Nodes met for the first time come
        /// in document order, so a node that starts before the last one seen is an alias's reuse.
        private mutating func isAliasUse(_ node: Node) -> Bool {
            guard let mark = node.mark else { return false }
            if (mark.line, mark.column) < furthest { return true }
            furthest = (mark.line, mark.column)
            return false
        }

        private mutating func merge(_ node: Node, into merged: inout [String: JSONValue], at path: DocumentPath, depth: Int, viaAlias: Bool) throws {
            let sources: [Node]
            switch node {
            case .mapping: sources = [node]
            case .sequence(let sequence): sources = Array(sequence)
            default:
                throw error("yaml.merge", "a merge key `<<` needs a mapping or a list of mappings", node, path)
            }
            for source in sources {
                guard case .object(let members) = try convert(source, at: path, depth: depth, viaAlias: true) else {
                    throw error("yaml.merge", "a merge key `<<` needs a mapping or a list of mappings", source, path)
                }
                for (key, value) in members where merged[key] == nil {
                    merged[key] = value
                }
            }
        }

        private func checkTag(_ tag: Tag, expected: String, kind: String, node: Node, path: DocumentPath) throws {
            let name = tag.description
            guard name.isEmpty || name == "!" || name == expected else {
                throw error("yaml.tag", "the tag \(name) cannot apply to a \(kind); remove it", node, path)
            }
        }

        /// Resolves a scalar by the YAML 1.2 core schema, so `yes`, `no`, `on` and `off` stay
        /// strings (the YAML 1.1 reading turns a country code `NO` into false).
        private func resolve(_ scalar: Node.Scalar, at path: DocumentPath) throws -> JSONValue {
            let text = scalar.string
            let tag = scalar.tag.description
            let node = Node.scalar(scalar)
            switch tag {
            case "", "?":
                guard scalar.style == .plain else { return .string(text) }
                return DocumentLoader.resolvePlain(text)
            case "!", "tag:yaml.org,2002:str":
                return .string(text)
            case "tag:yaml.org,2002:null":
                return .null
            case "tag:yaml.org,2002:bool":
                switch text.lowercased() {
                case "true": return .bool(true)
                case "false": return .bool(false)
                default: throw error("yaml.tag", "`\(text)` is not a boolean; write true or false", node, path)
                }
            case "tag:yaml.org,2002:int":
                if case .integer(let value) = DocumentLoader.resolvePlain(text) { return .integer(value) }
                throw error("yaml.tag", "`\(text)` is not an integer", node, path)
            case "tag:yaml.org,2002:float":
                if let value = DocumentLoader.resolvePlain(text).doubleValue { return .number(value) }
                throw error("yaml.tag", "`\(text)` is not a number", node, path)
            default:
                throw error("yaml.tag", "unsupported YAML tag \(tag); workflows use plain JSON values, so remove the tag", node, path)
            }
        }

        private func error(_ code: String, _ message: String, _ node: Node, _ path: DocumentPath) -> Diagnostic {
            let location = node.mark.map { SourceLocation(file: sourceMap.file, line: $0.line, column: $0.column) }
                ?? sourceMap.location(of: path)
            return Diagnostic(code: code, message: message, path: path, location: location)
        }
    }

    // MARK: - Errors and limits

    private static func diagnostic(for error: any Error, file: String) -> Diagnostic {
        func at(_ mark: Mark, _ message: String, code: String = "yaml.syntax") -> Diagnostic {
            Diagnostic(code: code, message: message, path: .root, location: SourceLocation(file: file, line: mark.line, column: mark.column))
        }
        guard let yamlError = error as? YamlError else {
            return Diagnostic(code: "yaml.syntax", message: "\(error)", path: .root, location: SourceLocation(file: file, line: 1, column: 1))
        }
        switch yamlError {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            let contextText = context.map { " \($0.text)" } ?? ""
            if problem.contains("Maximum nesting level") {
                return at(mark, "the document nests too deeply; flatten it", code: "document.too-deep")
            }
            return at(mark, "invalid YAML: \(problem)\(contextText)")
        case let .duplicatedKeysInMapping(duplicates, context):
            let keys = duplicates.map { "`\($0)`" }.joined(separator: ", ")
            return at(context.mark, "duplicate key \(keys) in one mapping; keep one of them", code: "yaml.duplicate-key")
        case let .reader(problem, offset, _, _):
            return Diagnostic(
                code: "yaml.encoding", message: "unreadable text\(offset.map { " at byte \($0)" } ?? ""): \(problem)",
                path: .root, location: SourceLocation(file: file, line: 1, column: 1)
            )
        default:
            return Diagnostic(code: "yaml.syntax", message: "invalid YAML: \(yamlError)", path: .root, location: SourceLocation(file: file, line: 1, column: 1))
        }
    }

    static func formatBytes(_ count: Int) -> String {
        if count >= 1 << 20 { return String(format: "%.1f MiB", Double(count) / Double(1 << 20)) }
        if count >= 1 << 10 { return String(format: "%.1f KiB", Double(count) / Double(1 << 10)) }
        return "\(count) bytes"
    }

    private static func describe(_ error: any Error) -> String {
        let nsError = error as NSError
        if nsError.domain == NSCocoaErrorDomain, nsError.code == NSFileReadNoSuchFileError { return "no such file" }
        return nsError.localizedDescription
    }
}

extension Node {
    fileprivate var isMapping: Bool {
        if case .mapping = self { return true }
        return false
    }
}

extension DocumentLoader {
    /// The value of a plain (unquoted, untagged) scalar by the YAML 1.2 core schema.
    static func resolvePlain(_ text: String) -> JSONValue {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .number(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .number(-.infinity)
        case ".nan", ".NaN", ".NAN": return .number(.nan)
        default: break
        }
        guard let first = text.utf8.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+")
            || first == UInt8(ascii: ".") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first)
        else { return .string(text) }
        if text.hasPrefix("0x"), let value = Int(text.dropFirst(2), radix: 16) { return .integer(value) }
        if text.hasPrefix("0o"), let value = Int(text.dropFirst(2), radix: 8) { return .integer(value) }
        if isDecimalInteger(text) {
            if let value = Int(text) { return .integer(value) }
            if let value = Double(text) { return .number(value) }
        }
        if isDecimalFloat(text), let value = Double(text) { return .number(value) }
        return .string(text)
    }

    private static func isDecimalInteger(_ text: String) -> Bool {
        var digits = Substring(text)
        if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
        return !digits.isEmpty && digits.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, the core schema's float.
    private static func isDecimalFloat(_ text: String) -> Bool {
        var bytes = Array(text.utf8)[...]
        func digits() -> Int {
            var count = 0
            while let byte = bytes.first, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                bytes = bytes.dropFirst()
                count += 1
            }
            return count
        }
        if bytes.first == UInt8(ascii: "-") || bytes.first == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        let whole = digits()
        var fraction = 0
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            fraction = digits()
        }
        guard whole + fraction > 0 else { return false }
        if bytes.first == UInt8(ascii: "e") || bytes.first == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if bytes.first == UInt8(ascii: "-") || bytes.first == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return bytes.isEmpty
    }
}
