import NIOCore

/// One side of a proxied connection, paired with the other side's handler on the same event loop
/// (after swift-nio's connect-proxy example).
///
/// - Backpressure: a side reads only while its partner's connection is writable; when the
///   partner's write buffer passes its high-water mark, reading pauses until it drains.
/// - Half-close: when a side's peer ends its output (EOF), the partner's output is shut once the
///   bytes already queued are written, and the other direction goes on — a client may send its
///   request, shut its output and still read the whole response.
/// - Close: when either connection closes, the other is closed too, after what was queued for it
///   is written.
final class ProxyGlueHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private var partner: ProxyGlueHandler?
    private var context: ChannelHandlerContext?
    private var pendingRead = false
    private var inputEnded = false

    private init() {}

    static func matchedPair() -> (ProxyGlueHandler, ProxyGlueHandler) {
        let first = ProxyGlueHandler()
        let second = ProxyGlueHandler()
        first.partner = second
        second.partner = first
        return (first, second)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        partner = nil
    }

    /// Starts reading, once both sides are in place.
    func start() {
        readIfPartnerWritable()
    }

    // MARK: - Inbound

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        partner?.partnerWrite(data)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        partner?.partnerFlush()
        readIfPartnerWritable()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .some(ChannelEvent.inputClosed) = event as? ChannelEvent {
            inputEnded = true
            partner?.partnerEndOutput()
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        partner?.partnerClose()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A reset or a broken pipe: this connection is over; closing it closes the partner.
        context.close(promise: nil)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { partner?.partnerBecameWritable() }
        context.fireChannelWritabilityChanged()
    }

    // MARK: - Reading

    private func readIfPartnerWritable() {
        guard let context, !inputEnded else { return }
        if partner?.isWritable ?? false {
            pendingRead = false
            context.read()
        } else {
            pendingRead = true
        }
    }

    // MARK: - Called by the partner

    private var isWritable: Bool {
        context?.channel.isWritable ?? false
    }

    private func partnerWrite(_ data: NIOAny) {
        context?.write(data, promise: nil)
    }

    private func partnerFlush() {
        context?.flush()
    }

    private func partnerBecameWritable() {
        if pendingRead { readIfPartnerWritable() }
    }

    /// Shuts this side's output after the queued bytes. (NIO would drop queued bytes if the
    /// shutdown completed the close of a connection whose input ended already, hence the empty
    /// write: its promise completes once everything before it is written.)
    private func partnerEndOutput() {
        guard let context else { return }
        context.writeAndFlush(wrapOutboundOut(ByteBuffer())).assumeIsolated().whenComplete { result in
            switch result {
            case .success: context.close(mode: .output, promise: nil)
            case .failure: context.close(promise: nil)
            }
        }
    }

    /// Closes this side after the queued bytes are written.
    private func partnerClose() {
        guard let context, context.channel.isActive else { return }
        context.writeAndFlush(wrapOutboundOut(ByteBuffer())).assumeIsolated().whenComplete { _ in
            context.close(promise: nil)
        }
    }
}
