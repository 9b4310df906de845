import BatonTesting
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A client of a service's stable port, as a user's would be: `GET /` again and again, each on a
/// new connection (so every request goes through the proxy's choice of instance), on a thread of
/// its own, counting what answered 200 and what did not.
final class LoopbackClient: Sendable {
    struct Tally: Sendable {
        var succeeded = 0
        /// Every request that did not answer 200: the status line or the socket error.
        var failures: [String] = []
    }

    let port: Int
    private let state = Mutex((tally: Tally(), stopping: false, finished: false))

    private init(port: Int) {
        self.port = port
    }

    var tally: Tally { state.withLock { $0.tally } }

    /// Runs `body` while the client sends requests to `port`; stops the client however `body` ends.
    static func withLoad<T>(on port: Int, _ body: (LoopbackClient) async throws -> T) async throws -> T {
        let client = LoopbackClient(port: port)
        let thread = Thread { client.loop() }
        thread.start()
        do {
            let result = try await body(client)
            try await client.stop()
            return result
        } catch {
            try? await client.stop()
            throw error
        }
    }

    /// Waits until `count` more requests than now have answered 200.
    func waitForMoreSuccesses(_ count: Int) async throws {
        let target = tally.succeeded + count
        try await eventually("\(count) more requests to port \(port) answered 200 (\(tally.failures.count) failed so far)", attempts: 3000) {
            tally.succeeded >= target
        }
    }

    private func stop() async throws {
        state.withLock { $0.stopping = true }
        try await eventually("the client of port \(port) stopped", attempts: 3000) { state.withLock { $0.finished } }
    }

    private func loop() {
        while !state.withLock({ $0.stopping }) {
            let answer = Self.get(port: port)
            state.withLock { state in
                if answer.status == 200 {
                    state.tally.succeeded += 1
                } else {
                    state.tally.failures.append(answer.problem ?? "HTTP \(answer.status ?? 0)")
                }
            }
            // A steady load, not a flood: the machine runs the instances too.
            usleep(5000)
        }
        state.withLock { $0.finished = true }
    }

    /// One `GET` on a new connection, `Connection: close`: the status, or what went wrong.
    static func get(port: Int, path: String = "/") -> (status: Int?, problem: String?) {
        send("GET", port: port, path: path)
    }

    /// One request on a new connection, `Connection: close`: the status, or what went wrong.
    static func send(_ method: String, port: Int, path: String, body: String = "") -> (status: Int?, problem: String?) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return (nil, "socket: errno \(errno)") }
        defer { _ = Glibc.close(descriptor) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return (nil, "connect: \(String(cString: strerror(errno)))") }
        let head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\nContent-Length: \(body.utf8.count)\r\n"
        let request = Array((head + (body.isEmpty ? "" : "Content-Type: application/json\r\n") + "\r\n" + body).utf8)
        var sent = 0
        while sent < request.count {
            let written = request[sent...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { return (nil, "send: \(String(cString: strerror(errno)))") }
            sent += written
        }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while response.count < 1 << 16 {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count == 0 { break }
            guard count > 0 else { return (nil, "recv: \(String(cString: strerror(errno))) after \(response.count) bytes") }
            response += buffer[..<count]
        }
        let statusLine = String(decoding: response.prefix { $0 != 13 && $0 != 10 }, as: UTF8.self)
        let fields = statusLine.split(separator: " ")
        guard fields.count >= 2, fields[0].hasPrefix("HTTP/"), let status = Int(fields[1]) else {
            return (nil, response.isEmpty ? "the connection closed without an answer" : "not an HTTP answer: \(statusLine)")
        }
        return (status, status == 200 ? nil : statusLine)
    }
}
