import Synchronization
@testable import BatonServices

/// Ports for tests that run side by side: each supervisor gets an instance range of its own,
/// and each stable port is one the system just handed out.
enum TestPorts {
    /// The next slice of 20000–31999 to hand out; a random start, so that two test processes on
    /// one machine are unlikely to probe the same slices at once.
    private static let nextSlice = Mutex(Int.random(in: 0..<300))

    /// `count` consecutive ports nothing listens on now, given to no other test of this process.
    static func instanceRange(count: Int = 40) -> Range<Int> {
        let listening = InstancePortAllocator.listeningPorts()
        for _ in 0..<300 {
            let slice = nextSlice.withLock { next in
                defer { next = (next + 1) % 300 }
                return next
            }
            let range = (20000 + slice * 40)..<(20000 + slice * 40 + count)
            if !range.contains(where: listening.contains) { return range }
        }
        return 20000..<(20000 + count)
    }

    /// A port the system picks (bound to port 0 on the loopback address, then closed).
    static func free() throws -> Int {
        let listener = try PortListener()
        defer { listener.close() }
        return listener.port
    }
}
