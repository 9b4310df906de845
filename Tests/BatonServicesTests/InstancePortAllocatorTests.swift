import BatonTesting
import Testing
@testable import BatonServices

@Suite("Instance port allocator")
struct InstancePortAllocatorTests {
    /// Runs `body` with `count` ports that sockets of this process listen on meanwhile.
    static func withListeners<T>(_ count: Int, _ body: ([Int]) async throws -> T) async throws -> T {
        guard count > 0 else { return try await body([]) }
        return try await TestPorts.withListener { port in
            try await withListeners(count - 1) { ports in try await body([port] + ports) }
        }
    }

    @Test("a port something listens on is neither free nor allocated, however many sockets the machine has")
    func listenersAreSeen() async throws {
        // 64 listeners make the socket table longer than the first page of it, which is all that
        // Foundation's String(contentsOfFile:) reads of a /proc file.
        try await Self.withListeners(64) { ports in
            let listening = InstancePortAllocator.listeningPorts()
            #expect(Set(ports).isSubset(of: listening), "seen as free: \(Set(ports).subtracting(listening).sorted())")
            #expect(!InstancePortAllocator.isFree(ports.last!))
            let allocator = InstancePortAllocator(range: ports.min()!..<(ports.max()! + 1))
            let allocated = try allocator.allocate()
            #expect(!ports.contains(allocated))
        }
    }
}
