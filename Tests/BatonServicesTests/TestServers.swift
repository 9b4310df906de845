import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization

/// Real servers on 127.0.0.1, on ports the system picks, for the length of a test.
enum TestServers {
    struct StartFailure: Error {}

    /// Runs `router` on 127.0.0.1:0 while `body` runs and gives `body` the port. The server
    /// stops when `body` returns or throws.
    static func withHTTPServer<Value: Sendable>(
        _ router: Router<BasicRequestContext>, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        _ body: (Int) async throws -> Value
    ) async throws -> Value {
        let (ports, portContinuation) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "baton.test-server")
        logger.logLevel = .warning
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            },
            eventLoopGroupProvider: .shared(eventLoopGroup),
            logger: logger
        )
        let services = ServiceGroup(configuration: .init(services: [app], logger: logger))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await services.run() }
            do {
                var iterator = ports.makeAsyncIterator()
                guard let port = await iterator.next(), port > 0 else { throw StartFailure() }
                let value = try await body(port)
                await services.triggerGracefulShutdown()
                return value
            } catch {
                await services.triggerGracefulShutdown()
                throw error
            }
        }
    }

    /// Runs a NIO TCP server on 127.0.0.1:0 whose connections get `makeHandler()`; closes it and
    /// its connections when `body` ends.
    static func withTCPServer<Value: Sendable>(
        _ makeHandler: @escaping @Sendable () -> any ChannelHandler & Sendable,
        _ body: (Int) async throws -> Value
    ) async throws -> Value {
        let children = Mutex<[any Channel]>([])
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .childChannelInitializer { channel in
                children.withLock { $0.append(channel) }
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(makeHandler())
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        let port = server.localAddress?.port ?? 0
        func close() async {
            try? await server.close()
            for channel in children.withLock({ $0 }) { try? await channel.close() }
        }
        do {
            let value = try await body(port)
            await close()
            return value
        } catch {
            await close()
            throw error
        }
    }

    /// An echo server that first writes `greeting` (to tell backends apart) and closes its side
    /// when the client ends its output.
    static func withEchoServer<Value: Sendable>(greeting: String = "", _ body: (Int) async throws -> Value) async throws -> Value {
        try await withTCPServer({ EchoHandler(greeting: greeting) }, body)
    }

    /// A port nothing listens on: one the system handed out a moment ago, closed again.
    static func closedPort() async throws -> Int {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0)
            .get()
        let port = server.localAddress?.port ?? 0
        try await server.close()
        return port
    }
}

/// Writes its greeting, echoes what it reads, and ends its output when the client ends its own.
final class EchoHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let greeting: String

    init(greeting: String) {
        self.greeting = greeting
    }

    func channelActive(context: ChannelHandlerContext) {
        if !greeting.isEmpty { context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: greeting)), promise: nil) }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.write(data, promise: nil)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        context.flush()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .some(ChannelEvent.inputClosed) = event as? ChannelEvent {
            context.close(mode: .output, promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

/// Reads until the client ends its output, then answers how many bytes it got, and closes:
/// an answer that can only come back if the half-close went through.
final class CountThenAnswerHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let count = Mutex(0)

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = unwrapInboundIn(data).readableBytes
        count.withLock { $0 += bytes }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .some(ChannelEvent.inputClosed) = event as? ChannelEvent {
            let total = count.withLock { $0 }
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: "got \(total) bytes")))
                .assumeIsolated()
                .whenComplete { _ in context.close(promise: nil) }
        }
    }
}

/// Writes a greeting and closes the connection at once.
final class GreetAndCloseHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    func channelActive(context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: "bye"))).assumeIsolated().whenComplete { _ in
            context.close(promise: nil)
        }
    }
}

/// A client connection for tests.
enum TestClient {
    static func connect(to port: Int) async throws -> NIOAsyncChannel<ByteBuffer, ByteBuffer> {
        try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.allowRemoteHalfClosure, value: true)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(
                        wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true)
                    )
                }
            }
    }

    /// Connects, sends `text`, ends its output, and returns everything received until the end.
    static func exchange(port: Int, sending text: String) async throws -> String {
        try await connect(to: port).executeThenClose { inbound, outbound in
            if !text.isEmpty { try await outbound.write(ByteBuffer(string: text)) }
            outbound.finish()
            var received = ""
            for try await chunk in inbound { received += String(buffer: chunk) }
            return received
        }
    }
}

/// Lets requests wait until the test lets them go (a slow endpoint that cannot outlive the test).
final class Gate: Sendable {
    private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func wait() async {
        await withCheckedContinuation { continuation in
            let openAlready = state.withLock { state -> Bool in
                if state.open { return true }
                state.waiters.append(continuation)
                return false
            }
            if openAlready { continuation.resume() }
        }
    }

    func open() {
        let waiters = state.withLock { state in
            state.open = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
