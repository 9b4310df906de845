import Foundation

extension WorkflowDefinitionKey {
    /// Checks that no part of the key is empty.
    /// - Throws: `invalidInput` naming the empty part.
    package func validate() throws(RunStoreError) {
        for (part, value) in [("namespace", namespace), ("name", name), ("version", version)] where value.isEmpty {
            throw RunStoreError(.invalidInput, "a workflow definition needs a non-empty \(part) (document.\(part))")
        }
    }
}

extension WorkflowDefinition {
    /// Sorts definitions by key and keeps, when `allVersions` is false, only the latest version of
    /// each namespace and name.
    package static func listing(_ definitions: [WorkflowDefinition], allVersions: Bool) -> [WorkflowDefinition] {
        let sorted = definitions.sorted { $0.key < $1.key }
        if allVersions { return sorted }
        var latest: [WorkflowDefinition] = []
        for definition in sorted {
            if let last = latest.last, last.key.namespace == definition.key.namespace, last.key.name == definition.key.name {
                latest[latest.count - 1] = definition
            } else {
                latest.append(definition)
            }
        }
        return latest
    }
}

extension RunFilter {
    /// Whether a run passes the filter (not counting the cursor and limit).
    package func matches(_ run: StoredRun) -> Bool {
        if let statuses, !statuses.contains(run.status) { return false }
        if let namespace, run.definition.namespace != namespace { return false }
        if let name, run.definition.name != name { return false }
        if let createdAfter, run.createdAt <= createdAfter { return false }
        if let createdBefore, run.createdAt >= createdBefore { return false }
        return true
    }

    /// Checks the limit and reads the cursor.
    /// - Throws: `invalidInput` for a limit below 1 or a cursor no page gave out.
    package func validatedCursor() throws(RunStoreError) -> RunCursor? {
        guard limit >= 1 else { throw RunStoreError(.invalidInput, "a run list limit must be at least 1, not \(limit)") }
        guard let cursor else { return nil }
        return try RunCursor(text: cursor)
    }
}
