/// An instance behind a service's stable port: where the proxy sends new connections, and how
/// many of them.
public struct ProxyBackend: Sendable, Hashable {
    /// The instance's name (`web-2`); counters are kept by it.
    public var id: String
    /// The instance's port on the loopback address.
    public var port: Int
    /// The instance's share of new connections, relative to the others' (`9` and `1` send one in
    /// ten to the second). `0` drains it: no new connection, the open ones go on.
    public var weight: Int

    public init(id: String, port: Int, weight: Int = 1) {
        self.id = id
        self.port = port
        self.weight = weight
    }
}
