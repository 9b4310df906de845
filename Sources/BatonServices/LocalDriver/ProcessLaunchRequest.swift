#if canImport(Glibc)
import Glibc
#endif

/// What ``ProcessLauncher`` starts.
public struct ProcessLaunchRequest: Sendable, Hashable {
    /// A bare command name (`node`), looked up in ``searchDirectories``, or a path with a slash
    /// (`./bin/api`, `/usr/bin/env`), relative to ``workingDirectory``. It is also `argv[0]`.
    public var executable: String
    public var arguments: [String]
    /// The process's whole environment: nothing of Baton's is inherited unless it is here.
    public var environment: [String: String]
    /// Where the process runs; a relative path is relative to Baton's working directory.
    public var workingDirectory: String
    /// Where a bare command name is looked up, in order: see ``searchDirectories(path:adding:)``.
    public var searchDirectories: [String]

    public init(
        executable: String, arguments: [String] = [], environment: [String: String] = [:], workingDirectory: String,
        searchDirectories: [String] = []
    ) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.searchDirectories = searchDirectories
    }

    /// The directories of a `PATH` value (Baton's own when `path` is `nil`, a standard one when
    /// Baton has none), followed by `extra` ones — such as ``runningExecutableDirectory``, so
    /// that tools installed beside `baton` are found.
    public static func searchDirectories(path: String? = nil, adding extra: [String] = []) -> [String] {
        let value = path ?? ProcessLaunchRequest.processPath ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
        var directories = value.split(separator: ":", omittingEmptySubsequences: true).map(String.init)
        for directory in extra where !directories.contains(directory) { directories.append(directory) }
        return directories
    }

    /// The directory of the running executable (`/proc/self/exe`), if it can be read.
    public static var runningExecutableDirectory: String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        let path = String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let slash = path.lastIndex(of: "/") else { return nil }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    private static var processPath: String? {
        getenv("PATH").map { String(cString: $0) }
    }
}
