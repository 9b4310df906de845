import Foundation
import Hummingbird
// Hummingbird's own dependencies: the bound port of a server, a quiet logger, and the service
// group that starts the servers and shuts them down gracefully.
import Logging
import NIOCore
import ServiceLifecycle

/// The base URLs of the running fakes by the host name the scenarios use:
/// `petstore.swagger.io` → `http://127.0.0.1:53127`. The runner points the call handler's host
/// overrides at them, so no scenario reaches the real hosts.
public struct FakeHosts: Sendable, Hashable {
    public var baseURLs: [String: URL]

    public init(baseURLs: [String: URL]) {
        self.baseURLs = baseURLs
    }
}

/// Local servers standing in for the hosts the conformance kit's scenarios call: the Swagger
/// Petstore (`PetstoreFake`) and httpbin (`HTTPBinFake`), each a Hummingbird server on a free
/// loopback port.
public enum FakeServices {
    /// A fake: the host it stands in for and its routes.
    public struct Fake {
        public var host: String
        public var router: Router<BasicRequestContext>

        public init(host: String, router: Router<BasicRequestContext>) {
            self.host = host
            self.router = router
        }
    }

    /// The fakes of the conformance kit's hosts.
    public static func conformanceKit(log: (@Sendable (String) -> Void)? = nil) -> [Fake] {
        [
            Fake(host: PetstoreFake.host, router: PetstoreFake.router(log: log)),
            Fake(host: HTTPBinFake.host, router: HTTPBinFake.router(log: log)),
        ]
    }

    /// Starts the fakes on 127.0.0.1 with ports the system picks, runs `body` with their base
    /// URLs, and stops them when it returns or throws.
    /// - Throws: `FakeServicesError` when a server cannot start; whatever `body` throws.
    public static func withRunning<Value: Sendable>(
        _ fakes: [Fake], _ body: (FakeHosts) async throws -> Value
    ) async throws -> Value {
        var logger = Logger(label: "baton-ctk.fakes")
        logger.logLevel = .error
        var services: [any Service] = []
        var ports: [(host: String, stream: AsyncStream<Int>)] = []
        var continuations: [AsyncStream<Int>.Continuation] = []
        for fake in fakes {
            let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
            services.append(Application(
                router: fake.router,
                configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0), serverName: fake.host),
                onServerRunning: { channel in
                    continuation.yield(channel.localAddress?.port ?? 0)
                    continuation.finish()
                },
                logger: logger
            ))
            ports.append((fake.host, stream))
            continuations.append(continuation)
        }
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: services, gracefulShutdownSignals: [], logger: logger))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { [continuations] in
                // A server that cannot start ends the group without reporting its port: end
                // the streams so that nobody waits for it.
                defer { continuations.forEach { $0.finish() } }
                try await group.run()
            }
            var baseURLs: [String: URL] = [:]
            for (host, stream) in ports {
                var iterator = stream.makeAsyncIterator()
                guard let port = await iterator.next(), port > 0 else {
                    await group.triggerGracefulShutdown()
                    let reason: String
                    do {
                        try await tasks.waitForAll()
                        reason = "the server stopped before it listened"
                    } catch {
                        reason = "\(error)"
                    }
                    throw FakeServicesError(host: host, reason: reason)
                }
                baseURLs[host] = URL(string: "http://127.0.0.1:\(port)")
            }
            let value: Value
            do {
                value = try await body(FakeHosts(baseURLs: baseURLs))
            } catch {
                await group.triggerGracefulShutdown()
                try? await tasks.waitForAll()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return value
        }
    }
}

/// A fake server that did not start.
public struct FakeServicesError: Error, Sendable, CustomStringConvertible {
    public var host: String
    public var reason: String

    public var description: String {
        "the local fake of \(host) did not start on 127.0.0.1 (\(reason)); check that loopback networking is available"
    }
}
