import BatonWorkflow

extension ServiceDefinition {
    /// Reads a definition back from its canonical form (``documentValue`` as JSON text), as a
    /// store keeps it.
    /// - Throws: ``ServiceStoreError`` when the text no longer reads.
    public init(name: ServiceName, storedJSON: String) throws(ServiceStoreError) {
        do throws(DocumentErrors) {
            self = try ServiceDefinition(name: name, jsonText: storedJSON, file: "stored definition of \(name)", directory: "/")
        } catch {
            throw ServiceStoreError("the stored definition of \(name) does not read: \(error)")
        }
    }

    /// What changed from `old` to this definition, one line per changed key of the canonical
    /// form (`environment.WORK_MS: "5" → "9"`, `healthcheck.interval: 1s → 2s`).
    public func changes(from old: ServiceDefinition) -> [String] {
        var lines: [String] = []
        Self.diff(old.template.documentValue, template.documentValue, path: "", into: &lines)
        return lines
    }

    private static func diff(_ old: JSONValue?, _ new: JSONValue?, path: String, into lines: inout [String]) {
        if old == new { return }
        if case .object(let before)? = old, case .object(let after)? = new {
            for key in Set(before.keys).union(after.keys).sorted() {
                diff(before[key], after[key], path: path.isEmpty ? key : "\(path).\(key)", into: &lines)
            }
            return
        }
        switch (old, new) {
        case (nil, let value?): lines.append("\(path): added \(value.jsonText())")
        case (let value?, nil): lines.append("\(path): removed (was \(value.jsonText()))")
        case (let before?, let after?): lines.append("\(path): \(before.jsonText()) → \(after.jsonText())")
        default: break
        }
    }
}
