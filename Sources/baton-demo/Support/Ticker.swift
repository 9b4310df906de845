/// Instants `interval` apart from `start`, each delivered once the clock reaches it, until `end`
/// (or for ever when `end` is nil). The schedule is fixed: when the consumer falls behind, the
/// missed ticks come at once rather than being skipped, so a rate holds on average.
///
/// The sequence ends when the task is cancelled; wrap it in `cancelOnGracefulShutdown()` to end
/// it on graceful shutdown too.
struct Ticker<C: Clock>: AsyncSequence, Sendable where C.Duration == Duration {
    typealias Element = C.Instant

    let clock: C
    let interval: Duration
    let start: C.Instant
    let end: C.Instant?

    /// - Parameters:
    ///   - interval: the time between two ticks; more than zero.
    ///   - start: the first tick; `clock.now` when nil.
    ///   - end: no tick at or after it; nil for no end.
    init(every interval: Duration, clock: C, start: C.Instant? = nil, end: C.Instant? = nil) {
        precondition(interval > .zero, "a ticker needs an interval above zero")
        self.clock = clock
        self.interval = interval
        self.start = start ?? clock.now
        self.end = end
    }

    struct AsyncIterator: AsyncIteratorProtocol {
        let ticker: Ticker
        var next: C.Instant

        mutating func next() async -> C.Instant? {
            if let end = ticker.end, next >= end { return nil }
            do {
                try await ticker.clock.sleep(until: next, tolerance: nil)
            } catch {
                return nil
            }
            let tick = next
            next = next.advanced(by: ticker.interval)
            return tick
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(ticker: self, next: start)
    }
}

extension Ticker where C == ContinuousClock {
    init(every interval: Duration, end: ContinuousClock.Instant? = nil) {
        self.init(every: interval, clock: ContinuousClock(), end: end)
    }
}
