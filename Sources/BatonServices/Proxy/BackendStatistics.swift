/// The connection counters of one backend of a ``ServiceProxy``.
public struct BackendStatistics: Sendable, Hashable {
    public var id: String
    public var port: Int
    /// The backend's weight; `0` also for a backend removed from the set that still has
    /// connections open.
    public var weight: Int
    /// Whether the backend is still in the proxy's set (a removed one is listed until its last
    /// connection ends).
    public var isInSet: Bool
    /// Proxied connections to this backend open now.
    public var activeConnections: Int
    /// Proxied connections to this backend since it joined the set.
    public var totalConnections: Int
    /// Attempts to connect to this backend that failed (each one was retried on another backend).
    public var connectFailures: Int

    public init(
        id: String, port: Int, weight: Int, isInSet: Bool = true, activeConnections: Int = 0, totalConnections: Int = 0,
        connectFailures: Int = 0
    ) {
        self.id = id
        self.port = port
        self.weight = weight
        self.isInSet = isInSet
        self.activeConnections = activeConnections
        self.totalConnections = totalConnections
        self.connectFailures = connectFailures
    }
}
