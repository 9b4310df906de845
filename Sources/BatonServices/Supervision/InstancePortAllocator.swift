import Foundation
import Synchronization

/// Hands out the instances' own ports: from a range set apart for them, never one another
/// instance holds, and only ports nothing on the machine listens on at the moment.
public final class InstancePortAllocator: Sendable {
    public let range: Range<Int>
    private let state: Mutex<(taken: Set<Int>, next: Int)>

    /// - Parameter range: default 20000..<30000, below Linux's ephemeral range (32768–60999), so
    ///   outgoing connections do not take them.
    public init(range: Range<Int> = 20000..<30000) {
        self.range = range
        state = Mutex((taken: [], next: range.lowerBound))
    }

    /// A free port, held until ``release(_:)``.
    /// - Throws: ``ServiceError`` when every port of the range is taken or busy.
    public func allocate() throws(ServiceError) -> Int {
        let listening = Self.listeningPorts()
        return try state.withLock { (state: inout (taken: Set<Int>, next: Int)) throws(ServiceError) -> Int in
            for _ in 0..<range.count {
                let port = state.next
                state.next = state.next + 1 == range.upperBound ? range.lowerBound : state.next + 1
                if !state.taken.contains(port) && !listening.contains(port) {
                    state.taken.insert(port)
                    return port
                }
            }
            throw ServiceError(
                .resources, "no free port for an instance in \(range.lowerBound)–\(range.upperBound - 1): stop some instances or widen the range")
        }
    }

    public func release(_ ports: [Int]) {
        state.withLock { state in
            for port in ports { state.taken.remove(port) }
        }
    }

    /// Whether no socket on the machine listens on the port or holds it (Linux: the tables of
    /// `/proc/net/tcp` and `/proc/net/tcp6`, whatever the address), so that an instance
    /// given the port can bind it.
    public static func isFree(_ port: Int) -> Bool {
        !listeningPorts().contains(port)
    }

    /// The local ports of TCP sockets in the LISTEN state.
    static func listeningPorts() -> Set<Int> {
        var ports: Set<Int> = []
        for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
            // Read to the end: Foundation's String(contentsOfFile:) stops after the first page of
            // a /proc file (about 27 sockets), and this one has a line per socket of the machine.
            guard let bytes = ProcStat.readProcFile(table) else { continue }
            let text = String(decoding: bytes, as: UTF8.self)
            for line in text.split(separator: "\n").dropFirst() {
                let fields = line.split(separator: " ", omittingEmptySubsequences: true)
                // sl local_address rem_address st ...; state 0A is LISTEN.
                guard fields.count > 3, fields[3] == "0A", let colon = fields[1].lastIndex(of: ":"),
                    let port = Int(fields[1][fields[1].index(after: colon)...], radix: 16)
                else { continue }
                ports.insert(port)
            }
        }
        return ports
    }
}
