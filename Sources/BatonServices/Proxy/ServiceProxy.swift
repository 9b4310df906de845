import Logging
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A service's stable port: a TCP proxy that listens on it (`127.0.0.1:8080`) and passes each
/// new connection to one of the service's instances, so that instances can be replaced, added
/// and drained while clients keep one address.
///
/// - Each new connection goes to a backend chosen by smooth weighted round robin (see
///   ``ProxyBackend/weight``); when connecting to it fails, the next backends are tried before
///   the client's connection is given up. With no backend, the client's connection is closed.
/// - Bytes flow both ways with backpressure; half-closes pass through; when either side closes,
///   the other is closed too.
/// - ``setBackends(_:)`` replaces the set at once; connections already open stay where they are.
///
/// The proxy lives for the length of ``withProxy(_:backends:eventLoopGroup:logger:isolation:_:)``'s
/// body, like a service's supervising task: a supervisor runs a task per service, and a proxy
/// that cannot outlive it never leaks a listening port. The listening socket is bound before the
/// body runs, so a port in use is an error of the call, and the bound port is known in the body.
/// (A ServiceLifecycle `Service` would hide both behind `run()`; the supervisor that owns the
/// proxies is the `Service`.)
public struct ServiceProxy: Sendable {
    /// Where the proxy listens and how it connects.
    public struct Configuration: Sendable, Hashable {
        /// The address to listen on; the loopback address by default, `0.0.0.0` to expose the
        /// service beyond the machine.
        public var host: String
        /// The service's stable port; `0` lets the system choose (tests).
        public var port: Int
        /// How long connecting to one backend may take before the next is tried.
        public var connectTimeout: Duration

        public init(host: String = "127.0.0.1", port: Int, connectTimeout: Duration = .seconds(2)) {
            self.host = host
            self.port = port
            self.connectTimeout = connectTimeout
        }
    }

    /// The address the proxy listens on.
    public let host: String
    /// The port the proxy listens on: the configured one, or the one the system chose for `0`.
    public let port: Int
    private let core: ProxyCore

    /// Listens on `configuration.host:port`, runs `body` with the running proxy, then stops it:
    /// the listening socket and every proxied connection are closed before this returns.
    /// - Parameters:
    ///   - configuration: where to listen.
    ///   - backends: the first backend set (empty: connections are closed until there is one).
    ///   - eventLoopGroup: NIO's process-wide group by default.
    ///   - logger: connection failures are logged at `info`, the rest at `debug`.
    /// - Throws: ``ServiceProxyError`` when the port is in use or cannot be listened on, or the
    ///   backends are invalid; what `body` throws.
    public static func withProxy<Value>(
        _ configuration: Configuration,
        backends: [ProxyBackend] = [],
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "baton.proxy"),
        isolation: isolated (any Actor)? = #isolation,
        _ body: (ServiceProxy) async throws -> Value
    ) async throws -> Value {
        let core = ProxyCore(connectTimeout: TimeAmount(configuration.connectTimeout), logger: logger)
        try core.setBackends(backends)
        let serverChannel = try await bind(configuration, core: core, eventLoopGroup: eventLoopGroup)
        let proxy = ServiceProxy(host: configuration.host, port: serverChannel.localAddress?.port ?? configuration.port, core: core)
        logger.debug("proxy listening", metadata: ["proxy.address": "\(configuration.host):\(proxy.port)"])
        let result: Value
        do {
            result = try await body(proxy)
        } catch {
            await stop(serverChannel, core: core)
            throw error
        }
        await stop(serverChannel, core: core)
        return result
    }

    private init(host: String, port: Int, core: ProxyCore) {
        self.host = host
        self.port = port
        self.core = core
    }

    // MARK: - Backends

    /// Replaces the backend set. New connections follow the new set at once; open connections
    /// stay where they are, and a removed backend's counters stay listed until its last one ends.
    /// - Throws: ``ServiceProxyError`` with code `invalidBackends` for a duplicate id, a port
    ///   outside 1–65535 or a negative weight; the set in place is then kept.
    public func setBackends(_ backends: [ProxyBackend]) throws(ServiceProxyError) {
        try core.setBackends(backends)
    }

    /// The backend set in place.
    public var backends: [ProxyBackend] {
        core.backends
    }

    /// The counters of the backends in the set, in its order, then of removed backends that
    /// still have connections open.
    public func statistics() -> [BackendStatistics] {
        core.statistics()
    }

    /// The counters of one backend, if it is in the set or still has connections.
    public func statistics(of id: String) -> BackendStatistics? {
        core.statistics().first { $0.id == id }
    }

    /// Waits until backend `id` has no proxied connection open — after giving it weight 0 or
    /// removing it, before stopping its instance.
    /// - Parameters:
    ///   - timeout: how long to wait at most.
    ///   - clock: the clock `timeout` is measured on.
    /// - Returns: `true` when the backend has no connection left; `false` when the timeout
    ///   passed (or the task was cancelled) with connections still open.
    public func waitUntilDrained<C: Clock<Duration>>(
        _ id: String, timeout: Duration, clock: C = ContinuousClock()
    ) async -> Bool {
        let core = self.core
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await core.waitUntilIdle(id) }
            group.addTask { try? await clock.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
        return core.activeConnections(to: id) == 0
    }

    // MARK: - Lifecycle

    private static func bind(
        _ configuration: Configuration, core: ProxyCore, eventLoopGroup: any EventLoopGroup
    ) async throws(ServiceProxyError) -> any Channel {
        let endpoint = "port \(configuration.port) on \(configuration.host)"
        guard (0...65535).contains(configuration.port) else {
            throw ServiceProxyError(.cannotListen, "\(endpoint): a TCP port is from 1 to 65535 (0 lets the system choose)")
        }
        do {
            return try await ServerBootstrap(group: eventLoopGroup)
                .serverChannelOption(.backlog, value: 256)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.autoRead, value: false)
                .childChannelOption(.allowRemoteHalfClosure, value: true)
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        guard core.track(channel) else { throw ChannelError.ioOnClosedChannel }
                        try channel.pipeline.syncOperations.addHandler(ProxyFrontendHandler(core: core))
                    }
                }
                .bind(host: configuration.host, port: configuration.port)
                .get()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw ServiceProxyError(
                .portInUse, "\(endpoint) is already in use (by another program or another service): choose another port"
            )
        } catch let error as IOError where error.errnoCode == EACCES {
            throw ServiceProxyError(
                .cannotListen, "\(endpoint) needs privileges to listen on (ports below 1024 do): choose a port from 1024 up"
            )
        } catch let error as IOError where error.errnoCode == EADDRNOTAVAIL {
            throw ServiceProxyError(
                .cannotListen, "cannot listen on \(endpoint): \(configuration.host) is not an address of this machine; use 127.0.0.1 or 0.0.0.0"
            )
        } catch {
            throw ServiceProxyError(.cannotListen, "cannot listen on \(endpoint): \(error); check the service's host and port")
        }
    }

    private static func stop(_ serverChannel: any Channel, core: ProxyCore) async {
        let address = serverChannel.localAddress?.description ?? "?"
        try? await serverChannel.close()
        for channel in core.stop() {
            channel.close(promise: nil)
            try? await channel.closeFuture.get()
        }
        core.logger.debug("proxy stopped", metadata: ["proxy.address": "\(address)"])
    }
}
