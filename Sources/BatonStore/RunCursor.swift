import Foundation

/// The position after the last run of a page: its creation time (exactly, as the bits of the
/// Double) and id. Runs list newest first, so the next page holds the runs that sort before it.
package struct RunCursor: Sendable, Hashable {
    package var createdAt: Double
    package var id: RunID

    package init(createdAt: Double, id: RunID) {
        self.createdAt = createdAt
        self.id = id
    }

    package init(_ run: StoredRun) {
        self.init(createdAt: run.createdAt.timeIntervalSince1970, id: run.id)
    }

    /// Reads a cursor a page gave out.
    /// - Throws: `invalidInput` when the text is not such a cursor.
    package init(text: String) throws(RunStoreError) {
        let parts = text.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, let bits = UInt64(parts[0], radix: 16), !parts[1].isEmpty else {
            throw RunStoreError(.invalidInput, "`\(text)` is not a run list cursor; pass the `nextCursor` of the page before")
        }
        self.init(createdAt: Double(bitPattern: bits), id: RunID(String(parts[1])))
    }

    package var text: String { String(createdAt.bitPattern, radix: 16) + ":" + id.rawValue }

    /// Whether `run` comes after the cursor in the listing order (newest first).
    package func precedes(_ run: StoredRun) -> Bool {
        let created = run.createdAt.timeIntervalSince1970
        return created < createdAt || (created == createdAt && run.id < id)
    }
}
