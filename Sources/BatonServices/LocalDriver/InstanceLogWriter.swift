import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Writes an instance's output to `<directory>/<instance>.log`, rotated by size to `.log.1` …
/// `.log.N` (``LogRotation``), one ``LogLine`` a line.
///
/// Lines are written with `write(2)` as soon as they are read from the pipe, without a buffer in
/// Baton, so `baton logs` sees a line at once. The writer outlives a process: a supervisor keeps
/// one per instance and hands it to each restart, so that a grandchild of the old process still
/// writing and the new process share one file.
public final class InstanceLogWriter: ProcessOutputSink {
    public let directory: String
    public let instance: String
    public let rotation: LogRotation

    private struct State {
        var descriptor: Int32
        var size: Int
        var failure: InstanceLogError?
    }

    private let state: Mutex<State>

    /// Opens (or creates) the instance's log file, creating the directory if needed; appends to
    /// what an earlier run wrote.
    /// - Throws: ``InstanceLogError`` when the name cannot be a file name or the file cannot be
    ///   opened.
    public init(directory: String, instance: String, rotation: LogRotation = LogRotation()) throws(InstanceLogError) {
        try InstanceLog.checkName(instance)
        self.directory = directory
        self.instance = instance
        self.rotation = rotation
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw InstanceLogError.fileSystem(directory, "create the log directory", reason: "\(error.localizedDescription)")
        }
        let path = InstanceLog.path(directory: directory, instance: instance)
        let descriptor = try Self.open(path, truncate: false)
        var status = stat()
        fstat(descriptor, &status)
        state = Mutex(State(descriptor: descriptor, size: Int(status.st_size)))
    }

    deinit {
        state.withLock { state in
            if state.descriptor >= 0 { _ = close(state.descriptor) }
        }
    }

    /// The path of the live file.
    public var path: String { InstanceLog.path(directory: directory, instance: instance) }

    /// The last error writing or rotating, if any; writing goes on with the next lines.
    public var lastFailure: InstanceLogError? { state.withLock { $0.failure } }

    public func write(_ lines: [LogLine]) {
        guard !lines.isEmpty else { return }
        state.withLock { state in
            if state.descriptor < 0 {
                // The last rotation could not open a new file: try again.
                guard let descriptor = try? Self.open(path, truncate: false) else { return }
                state.descriptor = descriptor
                state.failure = nil
            }
            var buffer: [UInt8] = []
            for line in lines {
                var record = line.description
                record.append("\n")
                let count = record.utf8.count
                if state.size > 0, state.size + count > rotation.maximumBytes {
                    flush(&buffer, into: &state)
                    rotate(&state)
                }
                buffer.append(contentsOf: record.utf8)
                state.size += count
            }
            flush(&buffer, into: &state)
        }
    }

    private func flush(_ buffer: inout [UInt8], into state: inout State) {
        defer { buffer.removeAll(keepingCapacity: true) }
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { Glibc.write(state.descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                state.failure = .fileSystem(path, "write to", SystemCallError(call: "write", errno: errno))
                return
            }
            offset += written
        }
    }

    /// `.log` becomes `.log.1`, `.log.1` becomes `.log.2` … and the oldest is dropped — under
    /// ``LogRotationLock``, so that a follower never lists the files halfway through.
    private func rotate(_ state: inout State) {
        LogRotationLock.shared.withLock { _ in rotateFiles(&state) }
    }

    private func rotateFiles(_ state: inout State) {
        _ = close(state.descriptor)
        state.descriptor = -1
        let live = path
        if rotation.keptFiles == 0 {
            unlink(live)
        } else {
            for index in stride(from: rotation.keptFiles, to: 0, by: -1) {
                let source = index == 1 ? live : "\(live).\(index - 1)"
                rename(source, "\(live).\(index)")
            }
        }
        do {
            state.descriptor = try Self.open(live, truncate: true)
        } catch {
            state.failure = error
        }
        state.size = 0
    }

    private static func open(_ path: String, truncate: Bool) throws(InstanceLogError) -> Int32 {
        let flags = O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | (truncate ? O_TRUNC : 0)
        let descriptor = Glibc.open(path, flags, 0o644)
        guard descriptor >= 0 else { throw .fileSystem(path, "open the log file", SystemCallError(call: "open", errno: errno)) }
        return descriptor
    }
}
