import ArgumentParser

/// What a demo service plays in a topology; it sets the default simulated work time of `/`.
enum Role: String, Sendable, CaseIterable, ExpressibleByArgument {
    case web, api, orders, db, cache

    /// Milliseconds of simulated work per `/` request when `WORK_MS` does not say: a cache
    /// answers fastest, a database slowest.
    var defaultWorkMs: Double {
        switch self {
        case .web: 2
        case .api: 3
        case .orders: 5
        case .db: 8
        case .cache: 1
        }
    }
}
