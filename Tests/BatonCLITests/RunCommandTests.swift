import Foundation
import Testing

/// `baton run` as a user runs it: output on stdout, the error document on stderr, exit statuses,
/// traces, secrets that never show, and Ctrl-C stopping the run's processes.
@Suite(.timeLimit(.minutes(1))) struct RunCommandTests {
    static let header = "document:\n  dsl: '1.0.3'\n  namespace: test\n  name: run\n  version: '1.0.0'\n"

    func run(_ workflow: String, _ arguments: [String], environment: [String: String] = [:], extraFiles: [String: String] = [:]) throws -> CommandRunner.Result {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        try folder.write("flow.yaml", Self.header + workflow)
        for (name, text) in extraFiles { try folder.write(name, text) }
        return try CommandRunner.run(["run", "flow.yaml"] + arguments, in: folder.url, environment: environment)
    }

    @Test func completesWithTheOutputAsJSONOrYAML() throws {
        let workflow = """
            do:
              - double:
                  set:
                    doubled: ${ .n * 2 }
                    label: 'yes'
            """
        let json = try run(workflow, ["--input", #"{"n": 21}"#])
        #expect(json.status == 0)
        #expect(json.standardOutput == "{\n  \"doubled\": 42,\n  \"label\": \"yes\"\n}\n")
        let yaml = try run(workflow, ["--input", #"{"n": 2}"#, "--output", "yaml"])
        #expect(yaml.status == 0)
        #expect(yaml.standardOutput == "doubled: 4\nlabel: \"yes\"\n")
    }

    @Test func inputFromAFile() throws {
        let result = try run("do:\n  - echo:\n      set: { got: '${ .value }' }\n", ["--input", "@input.yaml"], extraFiles: ["input.yaml": "value: from-file\n"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("\"got\": \"from-file\""))
    }

    @Test func faultsExitOneWithTheErrorDocumentOnStandardError() throws {
        let result = try run("""
            do:
              - fail:
                  raise:
                    error:
                      type: https://example.com/errors/out-of-stock
                      status: 409
                      title: Out of stock
            """, [])
        #expect(result.status == 1)
        #expect(result.standardOutput.isEmpty)
        let error = try #require(try JSONSerialization.jsonObject(with: Data(result.standardError.utf8)) as? [String: Any])
        #expect(error["type"] as? String == "https://example.com/errors/out-of-stock")
        #expect(error["status"] as? Int == 409)
        #expect(error["instance"] as? String == "/do/0/fail")
    }

    @Test func invalidDocumentsAndBadInputs() throws {
        let invalid = try run("do:\n  - a:\n      set: { x: 1 }\n      then: nowhere\n", [])
        #expect(invalid.status == 1)
        #expect(invalid.standardError.contains("flow.yaml:9:13: do[0].a.then: `then` names `nowhere`"))
        let badInput = try run("do:\n  - a:\n      set: { x: 1 }\n", ["--input", "{not json"])
        #expect(badInput.status == 2)
        #expect(badInput.standardError.contains("--input"))
        let missingFile = try run("do:\n  - a:\n      set: { x: 1 }\n", ["--input", "@nope.json"])
        #expect(missingFile.status == 2)
    }

    @Test func traceStreamsEventsInOrder() throws {
        let result = try run("do:\n  - one:\n      set: { a: 1 }\n  - two:\n      set: { b: 2 }\n", ["--trace"])
        #expect(result.status == 0)
        let kinds = result.standardError.split(separator: "\n").compactMap { line -> String? in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
            return "\(object["kind"] as? String ?? "?") \(object["task"] as? String ?? "")".trimmingCharacters(in: .whitespaces)
        }
        #expect(kinds == ["runStarted", "taskStarted one", "taskCompleted one", "taskStarted two", "taskCompleted two", "runCompleted"])
    }

    @Test func secretsComeFromTheEnvironmentOrAFileAndNeverShow() throws {
        let workflow = """
            use:
              secrets: [ apiToken ]
            do:
              - useIt:
                  input:
                    from: '${ {token: $secrets.apiToken} }'
                  set:
                    length: ${ .token | length }
                    copy: ${ .token }
            """
        let fromEnvironment = try run(workflow, ["--trace"], environment: ["BATON_SECRET_apiToken": "tok-123456789"])
        #expect(fromEnvironment.status == 0)
        #expect(fromEnvironment.standardOutput.contains("\"length\": 13"))
        #expect(!fromEnvironment.standardError.contains("tok-123456789"))
        #expect(fromEnvironment.standardError.contains("[secret:apiToken]"))
        let fromFile = try run(workflow, ["--secrets-file", "secrets.yaml"], extraFiles: ["secrets.yaml": "apiToken: file-token-42\n"])
        #expect(fromFile.status == 0)
        #expect(fromFile.standardOutput.contains("\"length\": 13"))
        let missing = try run(workflow, [])
        #expect(missing.status == 1)
        #expect(missing.standardError.contains("BATON_SECRET_apiToken"))
    }

    @Test func shellTasksRunForReal() throws {
        let result = try run("""
            do:
              - hello:
                  run:
                    shell:
                      command: 'echo "hello $1" && echo "$BATON_TASK" >&2'
                      arguments: [ '${ .who }' ]
                    return: all
            """, ["--input", #"{"who": "world"}"#])
        #expect(result.status == 0)
        let output = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(output["code"] as? Int == 0)
        #expect(output["stdout"] as? String == "hello world")
        #expect(output["stderr"] as? String == "hello")
    }

    /// Ctrl-C (SIGINT) cancels the run: its process is stopped, and `baton run` exits 1.
    @Test func interruptingTheRunStopsItsProcesses() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let pidFile = folder.url.appendingPathComponent("child.pid").path
        try folder.write("flow.yaml", Self.header + """
            do:
              - longRunning:
                  run:
                    shell:
                      command: 'echo $$ > \(pidFile); exec sleep 60'
            """)
        let process = Process()
        process.executableURL = CommandRunner.executable
        process.arguments = ["run", "flow.yaml"]
        process.currentDirectoryURL = folder.url
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        let childPID = try #require(Self.poll { Int32((try? String(contentsOfFile: pidFile, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") })
        #expect(kill(childPID, 0) == 0, "the shell step is running")
        kill(process.processIdentifier, SIGINT)
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        #expect(message.contains("the run was interrupted"))
        #expect(Self.poll { kill(childPID, 0) != 0 ? true : nil } == true, "the shell step was stopped")
    }

    /// Polls `probe` until it gives a value, for at most about ten seconds.
    static func poll<T>(_ probe: () -> T?) -> T? {
        for _ in 0..<1000 {
            if let value = probe() { return value }
            usleep(10_000)
        }
        return nil
    }
}
