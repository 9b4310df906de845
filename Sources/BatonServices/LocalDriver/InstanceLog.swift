import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The log files of one instance, for reading: `<directory>/<instance>.log` and its rotated
/// predecessors `.log.1` (newest) … `.log.N` (oldest), as ``InstanceLogWriter`` leaves them.
public struct InstanceLog: Sendable, Hashable {
    public let directory: String
    public let instance: String

    /// - Throws: ``InstanceLogError`` when `instance` cannot name a file.
    public init(directory: String, instance: String) throws(InstanceLogError) {
        try Self.checkName(instance)
        self.directory = directory
        self.instance = instance
    }

    /// The path of the live file.
    public var path: String { Self.path(directory: directory, instance: instance) }

    /// The files that exist, oldest first: the rotated ones by decreasing number, then the live one.
    public func files() -> [String] {
        let prefix = "\(instance).log."
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let rotated = names.compactMap { name -> Int? in
            guard name.hasPrefix(prefix), let number = Int(name.dropFirst(prefix.count)), number > 0 else { return nil }
            return number
        }
        var files = rotated.sorted(by: >).map { "\(path).\($0)" }
        if FileManager.default.fileExists(atPath: path) { files.append(path) }
        return files
    }

    /// The stored lines that pass `query`, oldest first. A line still being written (no newline
    /// yet) is not included; lines not in the stored form are skipped.
    /// - Throws: ``InstanceLogError`` when a file cannot be read.
    public func lines(_ query: LogQuery = LogQuery()) throws(InstanceLogError) -> [LogLine] {
        let accepts = query.filter()
        var lines: [LogLine] = []
        for file in files() {
            var parser = StoredLineParser()
            let bytes = try Self.read(file)
            lines.append(contentsOf: parser.feed(bytes).filter(accepts))
        }
        if let tail = query.tail { return Array(lines.suffix(max(0, tail))) }
        return lines
    }

    static func path(directory: String, instance: String) -> String {
        directory.hasSuffix("/") ? "\(directory)\(instance).log" : "\(directory)/\(instance).log"
    }

    static func checkName(_ instance: String) throws(InstanceLogError) {
        guard !instance.isEmpty, !instance.contains("/"), !instance.contains("\0"), instance != ".", instance != ".." else {
            throw .invalidInstanceName(instance)
        }
    }

    /// A whole file; a file that vanished (rotated away meanwhile) reads as empty.
    private static func read(_ path: String) throws(InstanceLogError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { return [] }
            throw .fileSystem(path, "open the log file", SystemCallError(call: "open", errno: errno))
        }
        defer { close(descriptor) }
        var reader = FileTailReader(descriptor: descriptor)
        do {
            return try reader.readToEnd()
        } catch {
            throw .fileSystem(path, "read the log file", error)
        }
    }
}
