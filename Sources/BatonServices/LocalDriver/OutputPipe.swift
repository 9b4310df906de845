import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The read end of a child's standard output or error, read on the reactor thread: each read
/// is cut into lines, stamped with the time, and handed to the sink; at the end of the stream
/// the unfinished last line is handed on too.
final class OutputPipe: Sendable {
    private let splitter: Mutex<LineSplitter>
    private let sink: any ProcessOutputSink
    private let now: @Sendable () -> Date
    private let ended: @Sendable () -> Void

    init(stream: LogLine.Stream, maximumLineBytes: Int, sink: any ProcessOutputSink, now: @escaping @Sendable () -> Date, ended: @escaping @Sendable () -> Void) {
        splitter = Mutex(LineSplitter(stream: stream, maximumLineBytes: maximumLineBytes))
        self.sink = sink
        self.now = now
        self.ended = ended
    }

    /// On the reactor thread: the pipe is readable (or its writers are all gone).
    func readable(_ registration: IOReactor.Registration, reactor: IOReactor) {
        let capacity = 64 * 1024
        var failure: Int32 = 0
        let lines = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
            var count: Int
            repeat {
                count = read(registration.descriptor, buffer.baseAddress, capacity)
            } while count < 0 && errno == EINTR
            if count < 0 { failure = errno }
            initialized = max(0, count)
        }
        if !lines.isEmpty {
            let time = now()
            let complete = lines.withUnsafeBytes { bytes in splitter.withLock { $0.feed(bytes, at: time) } }
            sink.write(complete)
            return
        }
        if failure == EAGAIN || failure == EWOULDBLOCK { return }
        // End of file (every writer closed it) or a read error: the stream is over.
        let time = now()
        if let last = splitter.withLock({ $0.finish(at: time) }) { sink.write([last]) }
        reactor.close(registration)
        ended()
    }
}
