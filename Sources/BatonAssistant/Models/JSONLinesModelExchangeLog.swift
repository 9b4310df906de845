import BatonWorkflow
import Foundation
import Logging
import Synchronization

/// Appends each exchange as one JSON object per line to a file that only its owner may read
/// (0600): the bodies are redacted, but a request still says what the operator asked.
///
/// A write that fails is logged, not thrown: the audit must not turn a working answer into a
/// failure, and the log says where it could not write.
public final class JSONLinesModelExchangeLog: ModelExchangeLog {
    public let url: URL
    private let handle: Mutex<FileHandle?>
    private let logger: Logger

    /// Opens (or creates) the file for appending, with owner-only permissions.
    /// - Throws: when the file cannot be created or opened; the error names the path.
    public init(url: URL, logger: Logger = Logger(label: "baton.assistant.models")) throws {
        self.url = url
        self.logger = logger
        let manager = FileManager.default
        try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        if !manager.fileExists(atPath: url.path) {
            guard manager.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: url.path])
            }
        }
        // An existing file keeps its lines but not looser permissions.
        try manager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
        let file = try FileHandle(forWritingTo: url)
        try file.seekToEnd()
        self.handle = Mutex(file)
    }

    deinit {
        handle.withLock { try? $0?.close() }
    }

    public func record(_ exchange: ModelExchange) {
        let line = Data((exchange.jsonValue.jsonText() + "\n").utf8)
        let failure: (any Error)? = handle.withLock { file in
            do {
                try file?.write(contentsOf: line)
                return nil
            } catch {
                return error
            }
        }
        if let failure {
            logger.warning("cannot append to the model exchange log", metadata: ["file": "\(url.path)", "error": "\(failure)"])
        }
    }
}
