import Logging
import NIOCore
import NIOPosix

/// The first handler of a client connection: it chooses a backend, connects to it on the same
/// event loop — trying the next candidates when a connection is refused, so that an instance
/// that died since its last health check costs a retry, not a failed client — and then joins the
/// two connections with a pair of ``ProxyGlueHandler``s and steps aside. With no backend left,
/// it closes the client connection.
///
/// The client connection does not ask to read (auto-read is off) until it is joined. NIO still
/// reads early in one case: when the client ends its output before the backend connection is up
/// (`printf … | nc -N`), the end-of-input notification makes NIO read everything up to the EOF
/// at once. What arrives so is kept here — bounded by the TCP window the client could fill
/// before its FIN — and passed on, EOF included, once the connections are joined.
final class ProxyFrontendHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    private let core: ProxyCore
    private var early: [NIOAny] = []
    private var inputClosedEarly = false

    init(core: ProxyCore) {
        self.core = core
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        early.append(data)
    }

    func channelReadComplete(context: ChannelHandlerContext) {}

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .some(ChannelEvent.inputClosed) = event as? ChannelEvent {
            inputClosedEarly = true
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func channelActive(context: ChannelHandlerContext) {
        context.fireChannelActive()
        let candidates = core.nextCandidates()
        guard !candidates.isEmpty else {
            core.logger.debug("no backend for a new connection; closing it", metadata: ["proxy.client": "\(context.remoteAddress?.description ?? "?")"])
            context.close(promise: nil)
            return
        }
        connect(context, to: candidates[...])
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func connect(_ context: ChannelHandlerContext, to candidates: ArraySlice<ProxyBackend>) {
        guard let backend = candidates.first else {
            core.logger.info("no backend accepted a connection; closing the client connection")
            context.close(promise: nil)
            return
        }
        let address: SocketAddress
        do {
            address = try SocketAddress(ipAddress: "127.0.0.1", port: backend.port)
        } catch {
            core.connectFailed(to: backend)
            connect(context, to: candidates.dropFirst())
            return
        }
        let core = self.core
        // Counted from now: a drain must wait for a connection on its way to the backend.
        core.connectionOpened(to: backend)
        ClientBootstrap(group: context.eventLoop)
            .connectTimeout(core.connectTimeout)
            .channelOption(.autoRead, value: false)
            .channelOption(.allowRemoteHalfClosure, value: true)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connect(to: address)
            .hop(to: context.eventLoop)
            .assumeIsolated()
            .whenComplete { result in
                switch result {
                case .success(let backendChannel):
                    self.join(context, with: backendChannel, backend: backend)
                case .failure(let error):
                    core.connectionClosed(to: backend)
                    core.connectFailed(to: backend)
                    core.logger.info(
                        "cannot connect to backend; trying the next",
                        metadata: ["proxy.backend": "\(backend.id)", "proxy.port": "\(backend.port)", "error": "\(error)"]
                    )
                    if context.channel.isActive {
                        self.connect(context, to: candidates.dropFirst())
                    }
                }
            }
    }

    private func join(_ context: ChannelHandlerContext, with backendChannel: any Channel, backend: ProxyBackend) {
        let core = self.core
        core.connectionEstablished(to: backend)
        backendChannel.closeFuture.whenComplete { _ in core.connectionClosed(to: backend) }
        guard context.channel.isActive, core.track(backendChannel) else {
            backendChannel.close(promise: nil)
            context.close(promise: nil)
            return
        }
        let (clientSide, backendSide) = ProxyGlueHandler.matchedPair()
        do {
            try backendChannel.pipeline.syncOperations.addHandler(backendSide)
            try context.pipeline.syncOperations.addHandler(clientSide)
        } catch {
            backendChannel.close(promise: nil)
            context.close(promise: nil)
            return
        }
        // What the client sent before the join goes first, through the client side's handler.
        if !early.isEmpty {
            for data in early { context.fireChannelRead(data) }
            early = []
            context.fireChannelReadComplete()
        }
        if inputClosedEarly { context.fireUserInboundEventTriggered(ChannelEvent.inputClosed) }
        clientSide.start()
        backendSide.start()
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }
}
