import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Ports for tests that run servers and services on loopback, so that no test depends on a
/// fixed port another test or program may hold.
public enum TestPorts {
    /// A port nothing listens on now, of the system's choosing: a socket bound to 127.0.0.1
    /// port 0, closed again. For a stable port of a service the test then defines.
    /// - Throws: ``TestPortsError`` when no socket can be bound.
    public static func free() throws(TestPortsError) -> Int {
        let (descriptor, port) = try bound()
        close(descriptor)
        return port
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

    private static let nextBlock = Mutex(0)

    /// A range of `count` ports for the service instances of one test (`baton serve
    /// --instance-ports`, `LocalSupervisor.Configuration(instancePorts:)`), shared with no other
    /// test of this process. Ranges lie in 20000–29999, below Linux's ephemeral ports, in a part
    /// chosen by the process id so that test processes running side by side rarely meet; the
    /// supervisor skips a port something listens on anyway.
    public static func instanceRange(count: Int = 16) -> Range<Int> {
        let region = 20000 + Int(getpid() % 16) * 600
        let block = nextBlock.withLock { next -> Int in
            defer { next += 1 }
            return next
        }
        let first = region + (block * count) % (600 - count)
        return first..<(first + count)
    }
}

public struct TestPortsError: Error, CustomStringConvertible {
    public let description: String
}
