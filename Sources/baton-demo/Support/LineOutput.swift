#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes whole lines straight to a file descriptor, one `write(2)` per line: nothing waits in a
/// buffer when the output is a pipe, and lines from concurrent requests do not interleave.
struct LineOutput: Sendable {
    let descriptor: Int32

    static let standardOutput = LineOutput(descriptor: STDOUT_FILENO)
    static let standardError = LineOutput(descriptor: STDERR_FILENO)

    /// Writes `line` and a newline. A failed write (the reader went away) is dropped.
    func write(_ line: String) {
        var text = line
        text.append("\n")
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                #if canImport(Glibc)
                let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                #else
                let written = Darwin.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                #endif
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
    }
}

