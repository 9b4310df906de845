import AsyncHTTPClient
import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An I/O error in a few words: `connection refused` rather than NIO's
/// `connection reset (error set): Connection refused) (errno: 111)`.
func errorText(_ error: any Error) -> String {
    switch error {
    case let error as IOError:
        return String(cString: strerror(error.errnoCode)).lowercased()
    case let error as HTTPClientError where error == .remoteConnectionClosed:
        return "connection closed before the answer"
    default:
        return "\(error)"
    }
}
