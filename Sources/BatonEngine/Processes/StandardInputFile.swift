import SystemPackage

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A process's standard input as an unlinked temporary file holding all of it, rather than a
/// pipe that Baton feeds while the process runs.
///
/// A file cannot fill up, so writing it never waits for the process, never fails because the
/// process ended without reading (no `EPIPE`), and the process can read at its own pace — even
/// after Baton has moved on, which is what a detached (`await: false`) process needs. It also
/// spares programs that put their standard input in non-blocking mode and read it synchronously
/// (Node.js `readFileSync(process.stdin.fd)`, as in the specification's example) the `EAGAIN`
/// they get from a pipe that is not written yet. The file lives in `/dev/shm` (memory) when that
/// exists, otherwise in `TMPDIR` or `/tmp`, and is unlinked at once: it disappears with the last
/// descriptor.
enum StandardInputFile {
    /// A read-only-positioned descriptor of a new unlinked file holding `bytes`, at offset 0.
    /// - Throws: `ProcessFailure.inputOutput` when no temporary file can be made or written.
    static func make(_ bytes: [UInt8]) throws(ProcessFailure) -> FileDescriptor {
        var template = Array("\(directory)/baton-stdin-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw .inputOutput("cannot create a file for standard input in \(directory): \(errorText())") }
        _ = template.withUnsafeBufferPointer { unlink($0.baseAddress!) }
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                write(descriptor, buffer.baseAddress! + written, buffer.count - written)
            }
            if result < 0, errno == EINTR { continue }
            guard result > 0 else {
                let reason = errorText()
                close(descriptor)
                throw .inputOutput("cannot write standard input to a temporary file: \(reason)")
            }
            written += result
        }
        guard lseek(descriptor, 0, SEEK_SET) == 0 else {
            let reason = errorText()
            close(descriptor)
            throw .inputOutput("cannot rewind the standard input file: \(reason)")
        }
        return FileDescriptor(rawValue: descriptor)
    }

    /// Where the files go: `/dev/shm` when writable, else `TMPDIR`, else `/tmp`.
    static let directory: String = {
        if access("/dev/shm", W_OK | X_OK) == 0 { return "/dev/shm" }
        if let temporary = getenv("TMPDIR"), temporary.pointee != 0 {
            let path = String(cString: temporary)
            return path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
        }
        return "/tmp"
    }()

    private static func errorText() -> String {
        String(cString: strerror(errno))
    }
}
