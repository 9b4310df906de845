import BatonWorkflow
import Foundation
import Testing
@testable import BatonEngine

@Suite(.timeLimit(.minutes(1))) struct ProcessContainerTests {
    static func container(_ process: ContainerProcess, return returnType: RunTask.ReturnType? = nil) -> RunTask {
        RunTask(process: .container(process), return: returnType)
    }

    /// A stand-in for `docker`: `info` succeeds, `run` prints its arguments, one per line, then
    /// its standard input and the variables it was asked to pass.
    static func fakeRuntime() throws -> String {
        let path = try ProcessTesting.temporaryPath("fake-docker")
        try """
            #!/bin/sh
            if [ "$1" = info ]; then exit 0; fi
            printf '%s\\n' "$@"
            printf 'stdin=%s\\n' "$(cat)"
            printf 'FOO=%s\\n' "$FOO"
            """.write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o755)
        return path
    }

    @Test func commandLineOfEveryOption() throws {
        let process = ContainerProcess(
            image: "${ .image }", name: "${ \"job-\" + .id }", command: "input=$(cat)\necho \"$input $1 $2\"",
            ports: ["8080": 80, "${ .hostPort }": "443"], volumes: ["/srv/data": "/data"], environment: ["FOO": "${ .foo }", "EMPTY": .null],
            stdin: "${ .message }", arguments: ["Foo", "${ .bar }"], lifetime: .init(cleanup: .always), pullPolicy: .always
        )
        let handler = LocalProcessHandler()
        let context = ProcessTesting.context(input: ["image": "alpine:3", "id": "7", "hostPort": "8443", "foo": "f", "bar": "Bar", "message": "m"])
        let line = try handler.containerCommandLine(process, context: context).runArguments
        #expect(line == [
            "run", "--name", "job-7", "--pull", "always", "--rm",
            "--label", "baton.run=run-42", "--label", "baton.task=/do/0/runIt",
            "-i",
            "-e", "BATON_IDEMPOTENCY_KEY", "-e", "BATON_RUN_ID", "-e", "BATON_TASK", "-e", "BATON_TASK_REFERENCE", "-e", "FOO",
            "-p", "8080:80", "-p", "8443:443",
            "-v", "/srv/data:/data",
            "--entrypoint", "/bin/sh", "alpine:3", "-c", "input=$(cat)\necho \"$input $1 $2\"", "sh", "Foo", "Bar",
        ])
    }

    @Test func commandLineDefaults() throws {
        let line = try LocalProcessHandler().containerCommandLine(ContainerProcess(image: "hello-world", arguments: ["--flag"]), context: ProcessTesting.context())
            .runArguments
        #expect(line == [
            "run", "--name", "baton-run-42-runIt-1", "--pull", "missing",
            "--label", "baton.run=run-42", "--label", "baton.task=/do/0/runIt",
            "-e", "BATON_IDEMPOTENCY_KEY", "-e", "BATON_RUN_ID", "-e", "BATON_TASK", "-e", "BATON_TASK_REFERENCE",
            "hello-world", "--flag",
        ])
    }

    @Test func lifetimeAndPullPolicies() throws {
        let handler = LocalProcessHandler()
        let eventually = ContainerProcess(
            image: "i", lifetime: .init(cleanup: .eventually, after: .inline(InlineDuration(minutes: 30))), pullPolicy: .never)
        let line = try handler.containerCommandLine(eventually, context: ProcessTesting.context()).runArguments
        #expect(line.starts(with: ["run", "--name", "baton-run-42-runIt-1", "--pull", "never", "--label", "baton.cleanup-after=1800"]))
        #expect(!line.contains("--rm"))
        let never = try handler.containerCommandLine(ContainerProcess(image: "i", lifetime: .init(cleanup: .never)), context: ProcessTesting.context())
        #expect(!never.runArguments.contains("--rm"))
    }

    @Test func defaultNameKeepsToTheCharactersDockerAccepts() {
        #expect(ContainerCommandLine.defaultName(runID: "r/1:2", task: "my task", attempt: 3) == "baton-r-1-2-my-task-3")
    }

    @Test(.enabled(if: !FileManager.default.fileExists(atPath: "/var/run/docker.sock"), "a Docker engine is running here"))
    func withoutAWorkingEngineItIsAConfigurationError() async throws {
        let result = await ProcessTesting.run(Self.container(ContainerProcess(image: "hello-world")))
        guard case .failure(let fault) = result else {
            Issue.record("expected a failure, got \(result)")
            return
        }
        #expect(WorkflowFault.sameType(fault.type, WorkflowError.StandardType.configuration.rawValue))
        #expect(fault.instance == "/do/0/runIt")
        let detail = try #require(fault.detail)
        #expect(detail.hasPrefix("run: container needs a working docker or podman; "))
        if ProcessTesting.isInstalled("docker") {
            // A client without an engine does not count.
            #expect(detail.contains("`docker info` failed: "))
        }
    }

    @Test func aClientThatFailsItsInfoIsNotUsed() async throws {
        let path = try ProcessTesting.temporaryPath("broken-docker")
        try "#!/bin/sh\necho 'Cannot connect to the Docker daemon. Is the docker daemon running?' >&2\nexit 1\n".write(
            toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o755)
        let handler = LocalProcessHandler(configuration: .init(containerRuntimes: [path, "baton-no-such-runtime"]))
        let result = await ProcessTesting.run(Self.container(ContainerProcess(image: "hello-world")), handler: handler)
        guard case .failure(let fault) = result else {
            Issue.record("expected a failure, got \(result)")
            return
        }
        #expect(fault.detail?.contains("`\(path) info` failed: Cannot connect to the Docker daemon. Is the docker daemon running?") == true)
    }

    @Test func aWorkingRuntimeRunsTheCommandLine() async throws {
        let handler = LocalProcessHandler(configuration: .init(containerRuntimes: ["baton-no-such-runtime", try Self.fakeRuntime()]))
        let task = Self.container(ContainerProcess(image: "alpine", environment: ["FOO": "${ .foo }"], stdin: "${ .message }", arguments: ["a"]))
        let output = try await ProcessTesting.run(task, handler: handler, context: ProcessTesting.context(input: ["foo": "secret", "message": "hi"])).get()
        let lines = try #require(output.stringValue).split(separator: "\n").map(String.init)
        #expect(lines.first == "run")
        #expect(lines.suffix(4) == ["alpine", "a", "stdin=hi", "FOO=secret"])
        // The value reaches the client through its environment, not its command line.
        #expect(!lines.dropLast().contains { $0.contains("secret") })
    }
}

@Suite(.timeLimit(.minutes(1))) struct ProcessContainerCancellationTests {
    @Test func cancellationKillsTheContainerThroughTheEngine() async throws {
        let log = try ProcessTesting.temporaryPath("runtime.log")
        let runtime = try ProcessTesting.temporaryPath("fake-docker")
        // `run` stands for a container that ignores SIGTERM; `kill` is logged.
        try """
            #!/bin/sh
            case "$1" in
            info) exit 0 ;;
            run) trap '' TERM; echo started >> "\(log)"; sleep 30 & wait ;;
            kill) echo "kill $2" >> "\(log)" ;;
            esac
            """.write(toFile: runtime, atomically: true, encoding: .utf8)
        chmod(runtime, 0o755)
        let handler = LocalProcessHandler(configuration: .init(gracePeriod: .milliseconds(200), containerRuntimes: [runtime]))
        let task = RunTask(process: .container(ContainerProcess(image: "alpine", name: "stuck")))
        let running = Task { await ProcessTesting.run(task, handler: handler) }
        let read = { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }
        try #require(await ProcessTesting.eventually { read().contains("started") })
        running.cancel()
        guard case .failure(let fault) = await running.value else {
            Issue.record("a cancelled container task must fail")
            return
        }
        #expect(fault.detail?.contains("cancelled") == true)
        #expect(read().contains("kill stuck"))
    }
}
