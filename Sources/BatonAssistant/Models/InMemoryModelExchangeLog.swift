import Synchronization

/// Keeps the exchanges in memory: for tests, and for showing the last exchanges of a session.
public final class InMemoryModelExchangeLog: ModelExchangeLog {
    private let stored = Mutex<[ModelExchange]>([])

    public init() {}

    public func record(_ exchange: ModelExchange) {
        stored.withLock { $0.append(exchange) }
    }

    /// Every exchange recorded, oldest first.
    public var exchanges: [ModelExchange] { stored.withLock { $0 } }
}
