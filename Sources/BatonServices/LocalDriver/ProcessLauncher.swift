import CBatonProcess
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Starts the local driver's children: each in a process group of its own, killed by the kernel
/// if Baton dies (even by `kill -9`), with exactly the environment it is given, its standard
/// output and error captured line by line.
///
/// Children are forked on one dedicated thread that lives as long as Baton, because the death
/// signal (`PR_SET_PDEATHSIG`) fires when the *thread* that forked a child ends, and Swift's
/// worker threads come and go. Their exits and output are watched by one I/O thread (epoll over
/// pidfds and pipes), whatever their number.
public struct ProcessLauncher: Sendable {
    /// The longest line kept of a process's output, in bytes; the rest of a longer line is dropped
    /// and the line marked (``LogLine/truncationMark``). Default 16 KiB.
    public var maximumLineBytes: Int
    /// Stamps the lines read from the pipes.
    public var now: @Sendable () -> Date

    public init(maximumLineBytes: Int = 16 * 1024, now: @escaping @Sendable () -> Date = { Date() }) {
        self.maximumLineBytes = maximumLineBytes
        self.now = now
    }

    /// Starts a process. Standard input is `/dev/null`; standard output and error go line by line
    /// to `output`, or to `/dev/null` when it is `nil`.
    ///
    /// Blocks the calling thread for the fork and exec of the child (about a millisecond).
    /// - Throws: ``ProcessLaunchError`` saying what is missing or wrong: the executable (and
    ///   where it was looked for), the working directory, an argument; or that the system is out
    ///   of resources.
    public func start(_ request: ProcessLaunchRequest, output: (any ProcessOutputSink)? = nil) throws(ProcessLaunchError) -> LocalProcess {
        let program = request.executable
        let reactor: IOReactor
        switch IOReactor.shared {
        case .success(let shared): reactor = shared
        case .failure(let error): throw .resources(program, "starting the I/O thread", error)
        }
        let workingDirectory = try Self.workingDirectory(of: request)
        let path = try Self.executablePath(of: request, workingDirectory: workingDirectory)
        try Self.check(request)

        // Everything the child needs is made here, before the fork.
        var descriptors = Descriptors()
        defer { descriptors.closeAll() }
        do {
            descriptors.standardInput = try Self.openNull(O_RDONLY)
            if output != nil {
                (descriptors.outputRead, descriptors.outputWrite) = try Self.makePipe()
                (descriptors.errorRead, descriptors.errorWrite) = try Self.makePipe()
            } else {
                descriptors.outputWrite = try Self.openNull(O_WRONLY)
                descriptors.errorWrite = try Self.openNull(O_WRONLY)
            }
        } catch {
            throw .resources(program, "creating its pipes", error)
        }
        let arguments = ([program] + request.arguments).map { strdup($0) } + [nil]
        let environment = request.environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in arguments { free(pointer) }
            for pointer in environment { free(pointer) }
        }
        var result = baton_spawn_result()
        path.withCString { path in
            workingDirectory.withCString { workingDirectory in
                arguments.withUnsafeBufferPointer { arguments in
                    environment.withUnsafeBufferPointer { environment in
                        var spawn = baton_spawn_request(
                            path: path, argv: arguments.baseAddress, envp: environment.baseAddress,
                            working_directory: workingDirectory, stdin_fd: descriptors.standardInput,
                            stdout_fd: descriptors.outputWrite, stderr_fd: descriptors.errorWrite
                        )
                        baton_spawn(&spawn, &result)
                    }
                }
            }
        }
        descriptors.closeChildEnds()
        switch result.stage {
        case BATON_SPAWN_OK: break
        case BATON_SPAWN_CHDIR_FAILED: throw .chdirFailed(program, directory: workingDirectory, errno: result.error)
        case BATON_SPAWN_EXEC_FAILED: throw .execFailed(program, path: path, errno: result.error)
        case BATON_SPAWN_FORK_FAILED: throw .resources(program, "fork", SystemCallError(call: "fork", errno: result.error))
        default: throw .resources(program, "setting up the child", SystemCallError(call: "child set-up", errno: result.error))
        }

        let pid = result.pid
        // Not reaped yet, so the pid is still this child's: its pidfd and start time are too.
        let pidfd = baton_pidfd_open(pid)
        guard pidfd >= 0 else {
            let error = SystemCallError(call: "pidfd_open", errno: errno)
            Self.killAndReap(pid)
            throw .resources(program, "watching it", error)
        }
        let startTime = ProcStat.read(pid)?.startTime ?? 0
        let process = LocalProcess(
            identity: ProcessIdentity(pid: pid, processGroup: pid, startTime: startTime), program: program, executablePath: path,
            capturedStreams: output == nil ? 0 : 2
        )
        do {
            if let output {
                for (descriptor, stream) in [(descriptors.outputRead, LogLine.Stream.out), (descriptors.errorRead, .err)] {
                    let pipe = OutputPipe(stream: stream, maximumLineBytes: maximumLineBytes, sink: output, now: now) { process.streamEnded() }
                    _ = try reactor.register(descriptor) { pipe.readable($0, reactor: reactor) }
                    // The reactor owns it now.
                    descriptors.forget(descriptor)
                }
            }
            _ = try reactor.register(pidfd) { process.pidfdReadable($0, reactor: reactor) }
        } catch {
            // A pipe already registered ends by itself once the group is dead.
            close(pidfd)
            Self.killAndReap(pid)
            throw .resources(program, "watching it", error)
        }
        return process
    }

    private static func killAndReap(_ pid: pid_t) {
        kill(-pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }

    // MARK: Resolving the request

    private static func workingDirectory(of request: ProcessLaunchRequest) throws(ProcessLaunchError) -> String {
        var directory = request.workingDirectory
        guard !directory.isEmpty else { throw .invalidRequest(request.executable, "no working directory given") }
        if !directory.hasPrefix("/") { directory = FileManager.default.currentDirectoryPath + "/" + directory }
        var status = stat()
        guard stat(directory, &status) == 0 else {
            let reason = errno == ENOENT || errno == ENOTDIR ? "does not exist" : "cannot be read (\(String(cString: strerror(errno))))"
            throw .workingDirectoryMissing(request.executable, directory: directory, reason: reason)
        }
        guard status.st_mode & S_IFMT == S_IFDIR else {
            throw .workingDirectoryMissing(request.executable, directory: directory, reason: "is not a directory")
        }
        return directory
    }

    private static func executablePath(of request: ProcessLaunchRequest, workingDirectory: String) throws(ProcessLaunchError) -> String {
        let name = request.executable
        guard !name.isEmpty else { throw .invalidRequest(name, "no executable given") }
        if name.contains("/") {
            let path = name.hasPrefix("/") ? name : workingDirectory + "/" + name
            switch check(path) {
            case .executable: return path
            case .missing: throw .noSuchFile(name, path: path)
            case .notExecutable(let reason): throw .notExecutable(name, path: path, reason: reason)
            }
        }
        var notExecutable: String?
        for directory in request.searchDirectories where !directory.isEmpty {
            let base = directory.hasPrefix("/") ? directory : workingDirectory + "/" + directory
            let candidate = base.hasSuffix("/") ? base + name : base + "/" + name
            switch check(candidate) {
            case .executable: return candidate
            case .missing: continue
            case .notExecutable: notExecutable = notExecutable ?? candidate
            }
        }
        throw .executableNotFound(name, lookedIn: request.searchDirectories, notExecutable: notExecutable)
    }

    private enum FileCheck {
        case executable, missing
        case notExecutable(String)
    }

    private static func check(_ path: String) -> FileCheck {
        var status = stat()
        guard stat(path, &status) == 0 else {
            return errno == ENOENT || errno == ENOTDIR ? .missing : .notExecutable("cannot be read (\(String(cString: strerror(errno))))")
        }
        if status.st_mode & S_IFMT == S_IFDIR { return .notExecutable("is a directory") }
        if status.st_mode & S_IFMT != S_IFREG { return .notExecutable("is not a regular file") }
        guard access(path, X_OK) == 0 else { return .notExecutable("is not executable; `chmod +x` it") }
        return .executable
    }

    private static func check(_ request: ProcessLaunchRequest) throws(ProcessLaunchError) {
        let program = request.executable
        if program.contains("\0") { throw .invalidRequest(program, "the executable's name contains a NUL character") }
        if let index = request.arguments.firstIndex(where: { $0.contains("\0") }) {
            throw .invalidRequest(program, "argument \(index + 1) contains a NUL character")
        }
        for (name, value) in request.environment {
            if name.isEmpty || name.contains("=") || name.contains("\0") {
                throw .invalidRequest(program, "environment variable name “\(name)” is empty or contains `=` or NUL")
            }
            if value.contains("\0") { throw .invalidRequest(program, "environment variable \(name) contains a NUL character") }
        }
    }

    // MARK: Descriptors

    private static func openNull(_ mode: Int32) throws(SystemCallError) -> Int32 {
        let descriptor = open("/dev/null", mode | O_CLOEXEC)
        guard descriptor >= 0 else { throw SystemCallError(call: "open /dev/null", errno: errno) }
        return descriptor
    }

    /// A pipe, both ends close-on-exec (the child gets its end by `dup2`), the read end
    /// non-blocking for the reactor; the child's end stays blocking, as programs expect.
    private static func makePipe() throws(SystemCallError) -> (read: Int32, write: Int32) {
        var ends: [Int32] = [-1, -1]
        guard baton_pipe_cloexec(&ends) == 0 else { throw SystemCallError(call: "pipe2", errno: errno) }
        _ = fcntl(ends[0], F_SETFL, fcntl(ends[0], F_GETFL) | O_NONBLOCK)
        return (ends[0], ends[1])
    }

    /// The descriptors of one start, closed when it is over unless handed to the reactor.
    private struct Descriptors {
        var standardInput: Int32 = -1
        var outputRead: Int32 = -1
        var outputWrite: Int32 = -1
        var errorRead: Int32 = -1
        var errorWrite: Int32 = -1

        /// The child has its copies (or failed): Baton's copies of its ends go, so that the pipes
        /// end when the child's side closes.
        mutating func closeChildEnds() {
            for descriptor in [standardInput, outputWrite, errorWrite] where descriptor >= 0 { close(descriptor) }
            standardInput = -1
            outputWrite = -1
            errorWrite = -1
        }

        mutating func forget(_ descriptor: Int32) {
            if outputRead == descriptor { outputRead = -1 }
            if errorRead == descriptor { errorRead = -1 }
        }

        mutating func closeAll() {
            closeChildEnds()
            for descriptor in [outputRead, errorRead] where descriptor >= 0 { close(descriptor) }
            outputRead = -1
            errorRead = -1
        }
    }
}
