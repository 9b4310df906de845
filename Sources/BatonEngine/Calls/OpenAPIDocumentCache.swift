import Synchronization

/// The parsed OpenAPI documents of a `StandardCallHandler`, by location, so that a workflow
/// calling an API many times reads its document once. Holds at most `capacity` documents and
/// forgets the least recently used first.
final class OpenAPIDocumentCache: Sendable {
    private struct State {
        var entries: [String: (document: OpenAPIDocument, lastUse: UInt64)] = [:]
        var clock: UInt64 = 0
    }

    let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int) {
        self.capacity = max(0, capacity)
    }

    /// The document stored under `key`, if any.
    func document(for key: String) -> OpenAPIDocument? {
        state.withLock { state in
            guard let entry = state.entries[key] else { return nil }
            state.clock += 1
            state.entries[key] = (entry.document, state.clock)
            return entry.document
        }
    }

    /// Stores a document, forgetting the least recently used one when the cache is full.
    func store(_ document: OpenAPIDocument, for key: String) {
        guard capacity > 0 else { return }
        state.withLock { state in
            if state.entries[key] == nil, state.entries.count >= capacity,
               let oldest = state.entries.min(by: { $0.value.lastUse < $1.value.lastUse })?.key {
                state.entries[oldest] = nil
            }
            state.clock += 1
            state.entries[key] = (document, state.clock)
        }
    }

    /// How many documents are stored.
    var count: Int { state.withLock { $0.entries.count } }
}
