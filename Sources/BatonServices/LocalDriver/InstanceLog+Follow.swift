import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

extension InstanceLog {
    /// The lines already written that pass `query` (`tail` applies to these), then each new
    /// line that passes its filters as it is written, across rotations, until the consumer stops
    /// iterating.
    ///
    /// Follows through inotify on the log directory, woken on the driver's I/O thread: no
    /// polling. When the writer rotated more than once between two wake-ups, the files rotated
    /// meanwhile are read too; only files already dropped (more rotations than kept files) are
    /// missed.
    /// - Throws (from the sequence): ``InstanceLogError`` when the directory does not exist or a
    ///   file cannot be read.
    public func follow(_ query: LogQuery = LogQuery()) -> AsyncThrowingStream<LogLine, any Error> {
        AsyncThrowingStream { continuation in
            do {
                let follower = try LogFollower(log: self, query: query, continuation: continuation)
                continuation.onTermination = { _ in follower.stop() }
            } catch {
                continuation.finish(throwing: error)
            }
        }
    }
}

/// Reads an instance's live log file as it grows and switches to the new file after a rotation.
private final class LogFollower: Sendable {
    private struct State {
        var watch: IOReactor.Registration?
        var file: Int32 = -1
        var inode: ino_t = 0
        var parser = StoredLineParser()
        var stopped = false
        let accepts: (LogLine) -> Bool
    }

    private let log: InstanceLog
    private let continuation: AsyncThrowingStream<LogLine, any Error>.Continuation
    private let state: Mutex<State>

    init(log: InstanceLog, query: LogQuery, continuation: AsyncThrowingStream<LogLine, any Error>.Continuation) throws(InstanceLogError) {
        self.log = log
        self.continuation = continuation
        state = Mutex(State(accepts: query.filter()))

        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: log.directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .fileSystem(log.directory, "follow the logs in", reason: "no such directory")
        }
        let reactor: IOReactor
        switch IOReactor.shared {
        case .success(let shared): reactor = shared
        case .failure(let error): throw .fileSystem(log.directory, "follow the logs in", error)
        }
        let inotify = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        guard inotify >= 0 else { throw .fileSystem(log.directory, "watch", SystemCallError(call: "inotify_init1", errno: errno)) }
        let mask = UInt32(IN_MODIFY | IN_CREATE | IN_MOVED_TO | IN_CLOSE_WRITE)
        guard inotify_add_watch(inotify, log.directory, mask) >= 0 else {
            let error = SystemCallError(call: "inotify_add_watch", errno: errno)
            close(inotify)
            throw .fileSystem(log.directory, "watch", error)
        }

        try state.withLock { (state) throws(InstanceLogError) in
            // The live file first, so that a rotation during the backlog is not missed: its lines
            // are read through this descriptor, wherever the file has moved.
            openLiveFile(&state)
            var backlog: [LogLine] = []
            for file in log.files() where file != log.path {
                var status = stat()
                if state.file >= 0, stat(file, &status) == 0, status.st_ino == state.inode { continue }
                backlog.append(contentsOf: Self.storedLines(of: file, accepts: state.accepts))
            }
            backlog.append(contentsOf: try readLiveFile(&state))
            if let tail = query.tail { backlog = Array(backlog.suffix(max(0, tail))) }
            for line in backlog { continuation.yield(line) }
            do throws(SystemCallError) {
                state.watch = try reactor.register(inotify) { [self] registration in
                    changed(registration)
                }
            } catch {
                close(inotify)
                if state.file >= 0 { close(state.file) }
                throw .fileSystem(log.directory, "watch", error)
            }
        }
    }

    /// Stops following; the descriptors are closed.
    func stop() {
        let reactor = try? IOReactor.shared.get()
        state.withLock { state in
            state.stopped = true
            if let watch = state.watch { reactor?.close(watch) }
            state.watch = nil
            if state.file >= 0 { close(state.file) }
            state.file = -1
        }
    }

    /// On the reactor thread: something changed in the directory.
    private func changed(_ registration: IOReactor.Registration) {
        state.withLock { state in
            guard !state.stopped else { return }
            guard drainEvents(registration.descriptor) else { return }
            do {
                let lines = try catchUp(&state)
                for line in lines { continuation.yield(line) }
            } catch {
                continuation.finish(throwing: error)
            }
        }
    }

    /// Reads the queued inotify events; whether one concerns this instance's files.
    private func drainEvents(_ descriptor: Int32) -> Bool {
        let name = Array("\(log.instance).log".utf8)
        var relevant = false
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return relevant }
            var offset = 0
            // struct inotify_event: int wd, uint32 mask, uint32 cookie, uint32 len, char name[len].
            while offset + 16 <= count {
                let length = buffer.withUnsafeBytes { Int($0.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self)) }
                let mask = buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self) }
                let start = offset + 16
                let end = min(count, start + length)
                if mask & UInt32(IN_Q_OVERFLOW) != 0 || buffer[start..<end].starts(with: name) { relevant = true }
                offset = start + length
            }
        }
    }

    /// The new lines of the live file, switching to a new live file after a rotation — under
    /// ``LogRotationLock``: files renamed while they are listed and read would be missed.
    private func catchUp(_ state: inout State) throws(InstanceLogError) -> [LogLine] {
        try LogRotationLock.shared.withLock { (_: inout Void) throws(InstanceLogError) -> [LogLine] in try catchUpFiles(&state) }
    }

    private func catchUpFiles(_ state: inout State) throws(InstanceLogError) -> [LogLine] {
        var lines = try readLiveFile(&state)
        while true {
            var status = stat()
            guard stat(log.path, &status) == 0, state.file < 0 || status.st_ino != state.inode else { return lines }
            // Rotated (or created): the old file's last lines, the files rotated after it (when
            // the writer rotated more than once since the last wake-up), then the new live file.
            if state.file >= 0 {
                lines.append(contentsOf: try readLiveFile(&state))
                close(state.file)
                state.file = -1
                state.parser = StoredLineParser()
                lines.append(contentsOf: readRotated(after: state.inode, accepts: state.accepts))
            }
            openLiveFile(&state)
            guard state.file >= 0 else { return lines }
            lines.append(contentsOf: try readLiveFile(&state))
        }
    }

    /// The lines of the rotated files newer than the file `inode` (all of them when it is gone).
    private func readRotated(after inode: ino_t, accepts: (LogLine) -> Bool) -> [LogLine] {
        let rotated = log.files().filter { $0 != log.path }
        let inodes = rotated.map { file -> ino_t? in
            var status = stat()
            return stat(file, &status) == 0 ? status.st_ino : nil
        }
        let newer = inodes.firstIndex(of: inode).map { rotated.index(after: $0) } ?? rotated.startIndex
        return rotated[newer...].flatMap { Self.storedLines(of: $0, accepts: accepts) }
    }

    /// The lines of a whole rotated file; none when it vanished meanwhile (rotated away).
    private static func storedLines(of file: String, accepts: (LogLine) -> Bool) -> [LogLine] {
        let descriptor = open(file, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return [] }
        defer { close(descriptor) }
        var parser = StoredLineParser()
        var reader = FileTailReader(descriptor: descriptor)
        guard let bytes = try? reader.readToEnd() else { return [] }
        return parser.feed(bytes).filter(accepts)
    }

    private func openLiveFile(_ state: inout State) {
        let descriptor = open(log.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        var status = stat()
        fstat(descriptor, &status)
        state.file = descriptor
        state.inode = status.st_ino
    }

    private func readLiveFile(_ state: inout State) throws(InstanceLogError) -> [LogLine] {
        guard state.file >= 0 else { return [] }
        var reader = FileTailReader(descriptor: state.file)
        do {
            return state.parser.feed(try reader.readToEnd()).filter(state.accepts)
        } catch {
            throw .fileSystem(log.path, "read the log file", error)
        }
    }
}
