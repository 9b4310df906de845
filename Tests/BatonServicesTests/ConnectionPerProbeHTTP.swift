import NIOCore
import NIOPosix

/// The alternative `HealthProber` was measured against (`HealthProbeBenchmarkTests`): an HTTP
/// probe on a fresh raw NIO connection each time — a hand-written `GET` with
/// `Connection: close`, only the status line read, the connection closed at once.
enum ConnectionPerProbeHTTP {
    /// The status code of `GET http://127.0.0.1:<port><path>`, or `nil` on any failure or after `timeout`.
    static func status(port: Int, path: String = "/health", timeout: TimeAmount = .seconds(1)) async -> Int? {
        guard let address = try? SocketAddress(ipAddress: "127.0.0.1", port: port) else { return nil }
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let promise = loop.makePromise(of: Int.self)
        let request = ByteBuffer(
            string: "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUser-Agent: baton-health-probe\r\nConnection: close\r\n\r\n"
        )
        let deadline = loop.scheduleTask(in: timeout) { promise.fail(ChannelError.connectTimeout(timeout)) }
        let connected = ClientBootstrap(group: loop)
            .connectTimeout(timeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(HTTPStatusLineHandler(request: request, promise: promise))
                }
            }
            .connect(to: address)
        connected.whenFailure { promise.fail($0) }
        promise.futureResult.whenComplete { _ in
            deadline.cancel()
            connected.whenSuccess { $0.close(promise: nil) }
        }
        return try? await promise.futureResult.get()
    }
}

/// Writes one prepared request when the connection is up, reads until the status line, and
/// reports its status code.
final class HTTPStatusLineHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// The server did not answer with an HTTP status line.
    struct Failure: Error {
        let problem: String
    }

    /// More than this without a line end is not an HTTP server.
    private static let statusLineLimit = 4096

    private let request: ByteBuffer
    private let promise: EventLoopPromise<Int>
    private var received: ByteBuffer?

    init(request: ByteBuffer, promise: EventLoopPromise<Int>) {
        self.request = request
        self.promise = promise
    }

    func channelActive(context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(request), promise: nil)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var chunk = unwrapInboundIn(data)
        if received == nil {
            received = chunk
        } else {
            received!.writeBuffer(&chunk)
        }
        guard let buffer = received else { return }
        let bytes = buffer.readableBytesView
        guard let lineEnd = bytes.firstIndex(of: UInt8(ascii: "\n")) else {
            if bytes.count > Self.statusLineLimit {
                finish(context, .failure(Failure(problem: "no HTTP status line in the first \(Self.statusLineLimit) bytes")))
            }
            return
        }
        finish(context, Self.status(in: bytes[bytes.startIndex..<lineEnd]))
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise.fail(Failure(problem: "connection closed without an HTTP response"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        finish(context, .failure(error))
    }

    private func finish(_ context: ChannelHandlerContext, _ result: Result<Int, any Error>) {
        promise.completeWith(result)
        context.close(promise: nil)
    }

    /// Reads `HTTP/1.1 503 Service Unavailable`.
    static func status(in line: ByteBufferView.SubSequence) -> Result<Int, any Error> {
        let bytes = Array(line)
        let prefix = Array("HTTP/".utf8)
        guard bytes.count >= 12, bytes.starts(with: prefix), bytes[8] == UInt8(ascii: " ") else {
            let shown = String(decoding: bytes.prefix(40).filter { $0 >= 0x20 && $0 < 0x7F }, as: UTF8.self)
            return .failure(Failure(problem: "not an HTTP response (“\(shown)”)"))
        }
        var status = 0
        for byte in bytes[9..<12] {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else {
                return .failure(Failure(problem: "an HTTP status that is not a number"))
            }
            status = status * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return .success(status)
    }
}
