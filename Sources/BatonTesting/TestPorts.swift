import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Ports for tests that run servers and services on loopback, so that no test depends on a
/// fixed port another test or program may hold.
public enum TestPorts {
    /// A port nothing listens on now, for a stable port of a service the test then defines —
    /// from 30000–32767, between the instance ports (20000–29999) and Linux's ephemeral ports
    /// (32768–60999): a port the system hands out for port 0 is an ephemeral one, which an
    /// outgoing connection of any test may take before the service binds it. Handed out once
    /// per test process, in a part of the range chosen by the process id; checked by binding.
    /// - Throws: ``TestPortsError`` when no port of the range can be bound.
    public static func free() throws(TestPortsError) -> Int {
        for _ in 0..<stablePortCount {
            let port = nextStablePort.withLock { next -> Int in
                defer { next = (next + 1) % stablePortCount }
                return 30000 + next
            }
            if canBind(port) { return port }
        }
        throw TestPortsError(description: "no free port in 30000–32767")
    }

    private static let stablePortCount = 2768
    private static let nextStablePort = Mutex(Int(getpid() % 16) * 173)

    /// Whether a socket can be bound to 127.0.0.1:port now.
    private static func canBind(_ port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var reuse: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    /// Runs `body` with a port that another program listens on meanwhile: a socket on
    /// 127.0.0.1 in the listening state, closed when `body` returns.
    public static func withListener<T>(_ body: (Int) async throws -> T) async throws -> T {
        let (descriptor, port) = try bound()
        defer { close(descriptor) }
        guard listen(descriptor, 8) == 0 else { throw TestPortsError(description: "listen() failed: errno \(errno)") }
        return try await body(port)
    }

    /// A socket bound to 127.0.0.1 on a port of the system's choosing, and the port.
    private static func bound() throws(TestPortsError) -> (Int32, Int) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestPortsError(description: "socket() failed: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(descriptor, socketAddress, length) == 0 && getsockname(descriptor, socketAddress, &length) == 0
            }
        }
        guard bound else {
            close(descriptor)
            throw TestPortsError(description: "cannot bind a socket on 127.0.0.1: errno \(errno)")
        }
        return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
    }

    /// The next block of 20000–29999 to hand out; a random start, so that test processes
    /// running side by side are unlikely to meet.
    private static let nextBlock = Mutex(Int.random(in: 0..<250))

    /// A range of `count` ports for the service instances of one test (`baton serve
    /// --instance-ports`, `LocalSupervisor.Configuration(instancePorts:)`), shared with no other
    /// test of this process, every port of it free when handed out. Blocks of 40 in 20000–29999,
    /// below Linux's ephemeral ports, so no outgoing connection takes one meanwhile.
    public static func instanceRange(count: Int = 40) -> Range<Int> {
        let blockSize = max(count, 40)
        let blocks = 10000 / blockSize
        for _ in 0..<blocks {
            let block = nextBlock.withLock { next -> Int in
                defer { next = (next + 1) % blocks }
                return next % blocks
            }
            let range = (20000 + block * blockSize)..<(20000 + block * blockSize + count)
            if range.allSatisfy(canBind) { return range }
        }
        return 20000..<(20000 + count)
    }
}

public struct TestPortsError: Error, CustomStringConvertible {
    public let description: String
}
