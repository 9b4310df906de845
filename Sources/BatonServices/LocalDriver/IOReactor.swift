import CBatonProcess
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The one thread on which the local driver waits for everything: the pidfds that say a child
/// exited, the pipes of its standard output and error, the inotify descriptors of followed logs.
///
/// One epoll loop serves every instance, so 200 services cost one thread, not 200 or 600. The
/// handlers run on that thread and must be quick: they read what is ready and hand it on.
final class IOReactor: Sendable {
    /// A descriptor being watched.
    struct Registration: Sendable, Hashable {
        let token: UInt64
        let descriptor: Int32
    }

    /// Called on the reactor thread when the descriptor is readable (or hung up, or in error).
    typealias Handler = @Sendable (Registration) -> Void

    /// The process's reactor, started on first use.
    static let shared: Result<IOReactor, SystemCallError> = Result { () throws(SystemCallError) in try IOReactor() }

    private let epoll: Int32
    private let registrations = Mutex<[UInt64: (descriptor: Int32, handler: Handler)]>([:])
    /// Tokens are never reused, so an event still queued for a removed descriptor finds no handler
    /// rather than another descriptor's.
    private let nextToken = Atomic<UInt64>(1)

    private init() throws(SystemCallError) {
        epoll = baton_epoll_create()
        guard epoll >= 0 else { throw SystemCallError(call: "epoll_create1", errno: errno) }
        let thread = Thread { [self] in run() }
        thread.name = "baton-io"
        thread.start()
    }

    /// Watches `descriptor` for reading until ``close(_:)``.
    /// - Throws: ``SystemCallError`` when epoll refuses it (out of memory, `max_user_watches`).
    func register(_ descriptor: Int32, handler: @escaping Handler) throws(SystemCallError) -> Registration {
        let token = nextToken.wrappingAdd(1, ordering: .relaxed).oldValue
        registrations.withLock { $0[token] = (descriptor, handler) }
        guard baton_epoll_add(epoll, descriptor, baton_epoll_in, token) == 0 else {
            let error = SystemCallError(call: "epoll_ctl", errno: errno)
            registrations.withLock { $0[token] = nil }
            throw error
        }
        return Registration(token: token, descriptor: descriptor)
    }

    /// Stops watching the descriptor and closes it. Called from another thread than the reactor's,
    /// the caller must make sure that the handler, which may be running, no longer uses it.
    func close(_ registration: Registration) {
        _ = baton_epoll_remove(epoll, registration.descriptor)
        registrations.withLock { $0[registration.token] = nil }
        _ = Glibc.close(registration.descriptor)
    }

    private func run() {
        let capacity = 64
        var tokens = [UInt64](repeating: 0, count: capacity)
        var events = [UInt32](repeating: 0, count: capacity)
        while true {
            let count = baton_epoll_wait(epoll, &tokens, &events, Int32(capacity), -1)
            guard count > 0 else { continue }  // EINTR
            for index in 0..<Int(count) {
                let token = tokens[index]
                guard let registered = registrations.withLock({ $0[token] }) else { continue }
                registered.handler(Registration(token: token, descriptor: registered.descriptor))
            }
        }
    }
}

/// A system call that failed, with its errno.
struct SystemCallError: Error, Sendable, Hashable, CustomStringConvertible {
    let call: String
    let errno: Int32

    var description: String { "\(call): \(String(cString: strerror(errno)))" }
}
