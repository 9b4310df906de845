import Testing
@testable import BatonServices

/// The check that a port is free, which both the preflight of `up` ("in use by another program")
/// and the instance ports rely on.
@Suite struct InstancePortAllocatorTests {
    @Test("every listening socket is seen, however long the kernel's table is")
    func seesEveryListener() throws {
        // Forty listeners make /proc/net/tcp longer than one page (about 26 lines).
        let listeners = try (0..<40).map { _ in try PortListener() }
        defer { for listener in listeners { listener.close() } }
        let listening = InstancePortAllocator.listeningPorts()
        let missed = listeners.map(\.port).filter { !listening.contains($0) }
        #expect(missed.isEmpty, "listening, yet seen as free: \(missed)")
        #expect(!InstancePortAllocator.isFree(try #require(listeners.last).port))
    }

    @Test("an instance is never given a port something listens on")
    func allocatesAroundListeners() throws {
        let listeners = try (0..<40).map { _ in try PortListener() }
        defer { for listener in listeners { listener.close() } }
        let last = try #require(listeners.last)
        let allocator = InstancePortAllocator(range: last.port..<(last.port + 1))
        #expect(throws: ServiceError.self) { try allocator.allocate() }
    }
}
