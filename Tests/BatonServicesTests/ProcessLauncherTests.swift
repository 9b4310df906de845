import BatonTesting
import Foundation
import Testing
@testable import BatonServices

#if canImport(Glibc)
import Glibc
#endif

/// Starting a process: what it gets (environment, directory, descriptors), and clear errors when
/// it cannot start.
@Suite(.timeLimit(.minutes(1))) struct ProcessLauncherTests {
    private let janitor = ProcessJanitor()

    private func run(_ request: ProcessLaunchRequest) async throws -> (ProcessExit, CollectedOutput) {
        let output = CollectedOutput()
        let process = janitor.keep(try LocalDriverTesting.launcher.start(request, output: output))
        let exit = try await process.waitForExit()
        try await process.waitForOutputToEnd()
        return (exit, output)
    }

    @Test func theEnvironmentIsExactlyTheOneGiven() async throws {
        let environment = ["PORT": "8080", "GREETING": "hello world", "EMPTY": "", "UNICODE": "héllo=ok"]
        let (exit, output) = try await run(ProcessLaunchRequest(executable: "/usr/bin/env", environment: environment, workingDirectory: "/"))
        #expect(exit == .exited(0))
        #expect(Set(output.texts(.out)) == Set(environment.map { "\($0.key)=\($0.value)" }))
    }

    @Test func aPortVariableReachesTheService() async throws {
        let (_, output) = try await run(LocalDriverTesting.shell(#"echo "listening on $PORT""#, environment: ["PORT": "4123"]))
        #expect(output.texts(.out) == ["listening on 4123"])
    }

    @Test func theProcessRunsInItsWorkingDirectory() async throws {
        try await LocalDriverTesting.withTemporaryDirectory { directory in
            let (_, output) = try await run(ProcessLaunchRequest(executable: "/bin/pwd", arguments: ["-P"], workingDirectory: directory))
            #expect(output.texts(.out) == [URL(fileURLWithPath: directory).resolvingSymlinksInPath().path])
        }
    }

    @Test func argumentsArriveUnchanged() async throws {
        let arguments = ["two words", "", "$HOME", "*", "a\"b"]
        let (_, output) = try await run(LocalDriverTesting.shell(#"for a in "$@"; do echo "[$a]"; done"#, ["sh"] + arguments))
        #expect(output.texts(.out) == arguments.map { "[\($0)]" })
    }

    @Test func theChildLeadsItsOwnGroup() async throws {
        let (_, output) = try await run(LocalDriverTesting.shell("echo $$ $(ps -o pgid= -p $$)"))
        let ids = output.texts(.out).first?.split(separator: " ").map(String.init) ?? []
        #expect(ids.count == 2 && ids[0] == ids[1], "\(ids)")
    }

    @Test func theChildHasOnlyItsStandardDescriptors() async throws {
        // A descriptor of Baton's without close-on-exec must not leak either.
        let leaky = open("/dev/null", O_RDONLY)
        defer { close(leaky) }
        // ls opens the directory it lists: 3.
        let (_, output) = try await run(ProcessLaunchRequest(executable: "/bin/ls", arguments: ["/proc/self/fd"], workingDirectory: "/"))
        #expect(output.texts(.out).sorted() == ["0", "1", "2", "3"], "leaked descriptor \(leaky)?")
    }

    @Test func standardInputIsEmpty() async throws {
        let (exit, output) = try await run(LocalDriverTesting.shell("wc -c"))
        #expect(exit == .exited(0))
        #expect(output.texts(.out).map { $0.trimmingCharacters(in: .whitespaces) } == ["0"])
    }

    @Test func signalsIgnoredByBatonAreNotIgnoredByTheChild() async throws {
        // Baton's processes commonly ignore SIGPIPE; the child must start with the default.
        let previous = signal(SIGPIPE, SIG_IGN)
        defer { signal(SIGPIPE, previous) }
        let (_, output) = try await run(LocalDriverTesting.shell("grep SigIgn /proc/$$/status"))
        let mask = UInt64(output.texts(.out).first?.split(separator: "\t").last ?? "", radix: 16)
        #expect(mask.map { $0 & (1 << (UInt64(SIGPIPE) - 1)) == 0 } == true, "\(output.lines)")
    }

    @Test func exitCodesAndSignalsAreReported() async throws {
        #expect(try await run(LocalDriverTesting.shell("exit 7")).0 == .exited(7))
        #expect(try await run(LocalDriverTesting.shell("exit 0")).0 == .exited(0))
        #expect(try await run(LocalDriverTesting.shell("kill -USR1 $$")).0 == .signaled(SIGUSR1))
        #expect(ProcessExit.signaled(SIGKILL).description == "killed by SIGKILL")
    }

    @Test func aBareNameIsLookedUpInTheSearchDirectories() async throws {
        try await LocalDriverTesting.withTemporaryDirectory { directory in
            let tool = directory + "/baton-test-tool"
            try "#!/bin/sh\necho tool ran\n".write(toFile: tool, atomically: true, encoding: .utf8)
            chmod(tool, 0o755)
            let request = ProcessLaunchRequest(
                executable: "baton-test-tool", workingDirectory: "/",
                searchDirectories: ProcessLaunchRequest.searchDirectories(path: "/usr/bin:/bin", adding: [directory])
            )
            let (_, output) = try await run(request)
            #expect(output.texts(.out) == ["tool ran"])
        }
    }

    @Test func aPathWithASlashIsRelativeToTheWorkingDirectory() async throws {
        try await LocalDriverTesting.withTemporaryDirectory { directory in
            try FileManager.default.createDirectory(atPath: directory + "/bin", withIntermediateDirectories: true)
            try "#!/bin/sh\npwd -P\n".write(toFile: directory + "/bin/api", atomically: true, encoding: .utf8)
            chmod(directory + "/bin/api", 0o755)
            let (_, output) = try await run(ProcessLaunchRequest(executable: "./bin/api", workingDirectory: directory, searchDirectories: ["/bin"]))
            #expect(output.texts(.out) == [URL(fileURLWithPath: directory).resolvingSymlinksInPath().path])
        }
    }

    @Test func aMissingProgramIsAClearError() throws {
        let request = ProcessLaunchRequest(executable: "no-such-program-xyz", workingDirectory: "/", searchDirectories: ["/usr/bin", "/bin"])
        let error = try #require(throws: ProcessLaunchError.self) { try LocalDriverTesting.launcher.start(request) }
        #expect(error.code == .executableNotFound)
        #expect(error.description.hasPrefix("cannot start `no-such-program-xyz`: no such file (looked in: /usr/bin, /bin)"))
        #expect(!error.isRetryable)

        let path = ProcessLaunchRequest(executable: "./missing", workingDirectory: "/tmp")
        let pathError = try #require(throws: ProcessLaunchError.self) { try LocalDriverTesting.launcher.start(path) }
        #expect(pathError.description.contains("no such file /tmp/./missing"))
    }

    @Test func aMissingWorkingDirectoryIsAClearError() throws {
        let request = ProcessLaunchRequest(executable: "/bin/true", workingDirectory: "/no/such/directory")
        let error = try #require(throws: ProcessLaunchError.self) { try LocalDriverTesting.launcher.start(request) }
        #expect(error.code == .workingDirectoryMissing)
        #expect(error.description.contains("working directory /no/such/directory does not exist"))
    }

    @Test func aNonExecutableFileIsAClearError() async throws {
        try await LocalDriverTesting.withTemporaryDirectory { directory in
            try "echo hi\n".write(toFile: directory + "/script", atomically: true, encoding: .utf8)
            let request = ProcessLaunchRequest(executable: "script", workingDirectory: directory, searchDirectories: [directory])
            let error = try #require(throws: ProcessLaunchError.self) { try LocalDriverTesting.launcher.start(request) }
            #expect(error.code == .executableNotFound)
            #expect(error.description.contains("\(directory)/script exists but is not executable"))
        }
    }

    @Test func anExecFailureInTheChildIsReported() async throws {
        try await LocalDriverTesting.withTemporaryDirectory { directory in
            // The kernel refuses it only at exec: its interpreter does not exist.
            try "#!/no/such/interpreter\n".write(toFile: directory + "/script", atomically: true, encoding: .utf8)
            chmod(directory + "/script", 0o755)
            let request = ProcessLaunchRequest(executable: "./script", workingDirectory: directory)
            let error = try #require(throws: ProcessLaunchError.self) { try LocalDriverTesting.launcher.start(request) }
            #expect(error.code == .execFailed)
            #expect(error.description.contains("No such file or directory; if it is a script, its interpreter (the #! line) is missing"))
        }
    }

    @Test func aBadEnvironmentNameIsRefusedBeforeStarting() throws {
        let request = ProcessLaunchRequest(executable: "/bin/true", environment: ["A=B": "c"], workingDirectory: "/")
        let error = try #require(throws: ProcessLaunchError.self) { try LocalDriverTesting.launcher.start(request) }
        #expect(error.code == .invalidRequest)
    }
}
