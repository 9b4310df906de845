import BatonServices
import BatonTesting
import NIOCore
import NIOPosix
import Testing

@Suite struct ServiceProxyTests {
    static let local = ServiceProxy.Configuration(port: 0)

    @Test func bytesMakeTheRoundTrip() async throws {
        try await TestServers.withEchoServer { backendPort in
            try await ServiceProxy.withProxy(Self.local, backends: [ProxyBackend(id: "web-1", port: backendPort)]) { proxy in
                #expect(proxy.port > 0)
                #expect(try await TestClient.exchange(port: proxy.port, sending: "hello through the proxy") == "hello through the proxy")
                let statistics = try #require(proxy.statistics(of: "web-1"))
                #expect(statistics.totalConnections == 1)
                #expect(statistics.connectFailures == 0)
                try await eventually("the connection is counted closed") { proxy.statistics(of: "web-1")?.activeConnections == 0 }
            }
        }
    }

    @Test func manyBytesBothWaysWithBackpressure() async throws {
        let chunk = ByteBuffer(repeating: UInt8(ascii: "x"), count: 64 * 1024)
        let chunks = 128  // 8 MiB each way, far past every socket and channel buffer
        try await TestServers.withEchoServer { backendPort in
            try await ServiceProxy.withProxy(Self.local, backends: [ProxyBackend(id: "web-1", port: backendPort)]) { proxy in
                let received = try await TestClient.connect(to: proxy.port).executeThenClose { inbound, outbound in
                    try await withThrowingTaskGroup(of: Int.self) { group in
                        group.addTask {
                            for _ in 0..<chunks { try await outbound.write(chunk) }
                            outbound.finish()
                            return 0
                        }
                        group.addTask {
                            var count = 0
                            for try await buffer in inbound { count += buffer.readableBytes }
                            return count
                        }
                        return try await group.reduce(0, +)
                    }
                }
                #expect(received == chunks * chunk.readableBytes)
            }
        }
    }

    @Test func aHalfCloseReachesTheBackendAndTheAnswerComesBack() async throws {
        try await TestServers.withTCPServer({ CountThenAnswerHandler() }) { backendPort in
            try await ServiceProxy.withProxy(Self.local, backends: [ProxyBackend(id: "web-1", port: backendPort)]) { proxy in
                let answer = try await TestClient.exchange(port: proxy.port, sending: "twelve bytes")
                #expect(answer == "got 12 bytes")
            }
        }
    }

    /// A client that sends and ends its output before the proxy has reached the backend (NIO
    /// then reads it all at once, though the proxy has not asked to read) is still served.
    @Test func aClientThatEndsItsOutputAtOnceIsServed() async throws {
        try await TestServers.withTCPServer({ CountThenAnswerHandler() }) { backendPort in
            try await ServiceProxy.withProxy(Self.local, backends: [ProxyBackend(id: "web-1", port: backendPort)]) { proxy in
                for _ in 0..<200 {
                    let answer = try await TestClient.exchange(port: proxy.port, sending: "ping")
                    #expect(answer == "got 4 bytes")
                }
            }
        }
    }

    @Test func whenTheBackendClosesTheClientIsClosed() async throws {
        try await TestServers.withTCPServer({ GreetAndCloseHandler() }) { backendPort in
            try await ServiceProxy.withProxy(Self.local, backends: [ProxyBackend(id: "web-1", port: backendPort)]) { proxy in
                let received = try await TestClient.connect(to: proxy.port).executeThenClose { inbound, _ in
                    var received = ""
                    for try await chunk in inbound { received += String(buffer: chunk) }  // ends only at the close
                    return received
                }
                #expect(received == "bye")
                try await eventually("the backend connection is counted closed") { proxy.statistics(of: "web-1")?.activeConnections == 0 }
            }
        }
    }

    @Test func weightsAreHonouredExactly() async throws {
        try await TestServers.withEchoServer(greeting: "stable:") { stablePort in
            try await TestServers.withEchoServer(greeting: "canary:") { canaryPort in
                let backends = [ProxyBackend(id: "stable", port: stablePort, weight: 9), ProxyBackend(id: "canary", port: canaryPort, weight: 1)]
                try await ServiceProxy.withProxy(Self.local, backends: backends) { proxy in
                    var answers: [String: Int] = [:]
                    for _ in 0..<100 {
                        let answer = try await TestClient.exchange(port: proxy.port, sending: "ping")
                        answers[answer, default: 0] += 1
                    }
                    #expect(answers == ["stable:ping": 90, "canary:ping": 10])
                    #expect(proxy.statistics().map(\.totalConnections) == [90, 10])
                }
            }
        }
    }

    @Test func aDeadBackendIsSkippedWithoutFailingTheClient() async throws {
        let deadPort = try await TestServers.closedPort()
        try await TestServers.withEchoServer(greeting: "alive:") { livePort in
            let backends = [ProxyBackend(id: "dead", port: deadPort), ProxyBackend(id: "alive", port: livePort)]
            try await ServiceProxy.withProxy(Self.local, backends: backends) { proxy in
                for _ in 0..<10 {
                    let answer = try await TestClient.exchange(port: proxy.port, sending: "ping")
                    #expect(answer == "alive:ping")
                }
                let statistics = proxy.statistics()
                #expect(statistics.map(\.id) == ["dead", "alive"])
                #expect(statistics[0].connectFailures == 5)  // chosen first every other time
                #expect(statistics[0].totalConnections == 0)
                #expect(statistics[1].totalConnections == 10)
            }
        }
    }

    @Test func withNoBackendTheClientIsClosed() async throws {
        try await ServiceProxy.withProxy(Self.local) { proxy in
            let answer = try await TestClient.exchange(port: proxy.port, sending: "")
            #expect(answer == "")
        }
    }

    @Test func whenEveryBackendIsDeadTheClientIsClosed() async throws {
        let deadPort = try await TestServers.closedPort()
        try await ServiceProxy.withProxy(Self.local, backends: [ProxyBackend(id: "dead", port: deadPort)]) { proxy in
            let answer = try await TestClient.exchange(port: proxy.port, sending: "")
            #expect(answer == "")
            #expect(proxy.statistics(of: "dead")?.connectFailures == 1)
        }
    }

    @Test func drainingWaitsForOpenConnectionsWhileNewOnesGoElsewhere() async throws {
        try await TestServers.withEchoServer(greeting: "old:") { oldPort in
            try await TestServers.withEchoServer(greeting: "new:") { newPort in
                try await ServiceProxy.withProxy(Self.local, backends: [ProxyBackend(id: "old", port: oldPort)]) { proxy in
                    try await TestClient.connect(to: proxy.port).executeThenClose { inbound, outbound in
                        var received = inbound.makeAsyncIterator()
                        #expect(try await received.next().map { String(buffer: $0) } == "old:")

                        try proxy.setBackends([ProxyBackend(id: "old", port: oldPort, weight: 0), ProxyBackend(id: "new", port: newPort)])
                        #expect(try await TestClient.exchange(port: proxy.port, sending: "ping") == "new:ping")
                        #expect(await proxy.waitUntilDrained("old", timeout: .milliseconds(100)) == false)

                        // The drained backend's connection goes on.
                        try await outbound.write(ByteBuffer(string: "still here"))
                        #expect(try await received.next().map { String(buffer: $0) } == "still here")

                        try await withThrowingTaskGroup(of: Bool.self) { group in
                            group.addTask { await proxy.waitUntilDrained("old", timeout: .seconds(60)) }
                            outbound.finish()
                            while try await received.next() != nil {}
                            #expect(try await group.next() == true)
                        }
                    }
                    #expect(proxy.statistics(of: "old")?.activeConnections == 0)
                    #expect(proxy.statistics(of: "old")?.totalConnections == 1)
                }
            }
        }
    }

    @Test func aRemovedBackendStaysListedUntilItsLastConnectionEnds() async throws {
        try await TestServers.withEchoServer(greeting: "old:") { oldPort in
            try await ServiceProxy.withProxy(Self.local, backends: [ProxyBackend(id: "old", port: oldPort)]) { proxy in
                try await TestClient.connect(to: proxy.port).executeThenClose { inbound, outbound in
                    var received = inbound.makeAsyncIterator()
                    #expect(try await received.next().map { String(buffer: $0) } == "old:")
                    try proxy.setBackends([])
                    let listed = try #require(proxy.statistics(of: "old"))
                    #expect(!listed.isInSet)
                    #expect(listed.activeConnections == 1)
                    outbound.finish()
                    while try await received.next() != nil {}
                }
                #expect(await proxy.waitUntilDrained("old", timeout: .seconds(60)))
                try await eventually("the removed backend is no longer listed") { proxy.statistics().isEmpty }
            }
        }
    }

    @Test func stoppingClosesOpenConnections() async throws {
        try await TestServers.withEchoServer(greeting: "hi:") { backendPort in
            try await withThrowingTaskGroup(of: String.self) { group in
                let (greeted, greetedContinuation) = AsyncStream<Void>.makeStream()
                try await ServiceProxy.withProxy(Self.local, backends: [ProxyBackend(id: "web-1", port: backendPort)]) { proxy in
                    group.addTask {
                        try await TestClient.connect(to: proxy.port).executeThenClose { inbound, _ in
                            var chunks = inbound.makeAsyncIterator()
                            var received = ""
                            while !received.hasSuffix("hi:"), let chunk = try await chunks.next() { received += String(buffer: chunk) }
                            greetedContinuation.yield()
                            while let chunk = try await chunks.next() { received += String(buffer: chunk) }  // until the close
                            return received
                        }
                    }
                    var greetings = greeted.makeAsyncIterator()
                    await greetings.next()
                }
                // The proxy has stopped; the client's connection ends without the client ending it.
                #expect(try await group.next() == "hi:")
            }
        }
    }

    @Test func aPortInUseIsAClearError() async throws {
        try await TestServers.withEchoServer { takenPort in
            let error = await #expect(throws: ServiceProxyError.self) {
                try await ServiceProxy.withProxy(.init(port: takenPort)) { _ in }
            }
            #expect(error?.code == .portInUse)
            #expect(
                error?.description
                    == "port \(takenPort) on 127.0.0.1 is already in use (by another program or another service): choose another port"
            )
        }
    }

    @Test func invalidBackendSetsAreRefusedAndTheOldSetKept() async throws {
        try await ServiceProxy.withProxy(Self.local, backends: [ProxyBackend(id: "a", port: 1000)]) { proxy in
            for invalid in [
                [ProxyBackend(id: "a", port: 1000), ProxyBackend(id: "a", port: 1001)],
                [ProxyBackend(id: "a", port: 70000)],
                [ProxyBackend(id: "a", port: 1000, weight: -1)],
            ] {
                #expect(throws: ServiceProxyError.self) { try proxy.setBackends(invalid) }
            }
            #expect(proxy.backends == [ProxyBackend(id: "a", port: 1000)])
        }
    }
}
