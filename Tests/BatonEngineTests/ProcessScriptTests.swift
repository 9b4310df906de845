import BatonWorkflow
import Foundation
import Testing
@testable import BatonEngine

@Suite(.timeLimit(.minutes(1))) struct ProcessScriptTests {
    static func script(
        _ language: String, code: String? = nil, source: String? = nil, arguments: [String]? = nil, environment: [String: JSONValue]? = nil,
        stdin: String? = nil, return returnType: RunTask.ReturnType? = nil
    ) -> RunTask {
        let body: ScriptProcess.Source = if let code { .code(code) } else { .resource(ExternalResource(endpoint: .uri(URITemplate(source ?? "")))) }
        return RunTask(
            process: .script(ScriptProcess(language: language, source: body, stdin: stdin, arguments: arguments, environment: environment)),
            return: returnType
        )
    }

    @Test(.enabled(if: ProcessTesting.isInstalled("python3"), "python3 is not installed"))
    func pythonGetsArgumentsStandardInputAndEnvironment() async throws {
        let task = Self.script(
            "python",
            code: """
                import os, sys
                print(sys.argv[1:], sys.stdin.read(), os.environ["FOO"], os.environ["BATON_RUN_ID"])
                """,
            arguments: ["one", "${ .two }"], environment: ["FOO": "bar"], stdin: "Hello Workflow"
        )
        let output = try await ProcessTesting.run(task, context: ProcessTesting.context(input: ["two": "2"])).get()
        #expect(output == "['one', '2'] Hello Workflow bar run-42")
    }

    @Test(.enabled(if: ProcessTesting.isInstalled("python3"), "python3 is not installed"))
    func pythonFromAFileSource() async throws {
        let path = try ProcessTesting.temporaryPath("script with space.py")
        try "import sys\nprint('from file', sys.argv[1])\n".write(toFile: path, atomically: true, encoding: .utf8)
        let byPath = try await ProcessTesting.run(Self.script("python", source: path, arguments: ["x"])).get()
        #expect(byPath == "from file x")
        let byURI = try await ProcessTesting.run(Self.script("python", source: "file://" + path.replacingOccurrences(of: " ", with: "%20"), arguments: ["y"])).get()
        #expect(byURI == "from file y")
    }

    @Test(.enabled(if: ProcessTesting.isInstalled("python3"), "python3 is not installed"))
    func pythonExceptionIsARuntimeErrorWithTheTraceback() async throws {
        let result = await ProcessTesting.run(Self.script("python", code: "raise ValueError('bad value')"))
        guard case .failure(let fault) = result else {
            Issue.record("expected a failure, got \(result)")
            return
        }
        #expect(fault.detail?.contains("the python script exited with code 1") == true)
        #expect(fault.detail?.hasSuffix("ValueError: bad value") == true)
    }

    @Test(.enabled(if: ProcessTesting.isInstalled("node"), "node is not installed"))
    func javaScriptOfTheSpecificationExample() async throws {
        // run-script-with-stdin-and-arguments.yaml: an ES module reading stdin, argv and env.
        let task = Self.script(
            "js",
            code: """
                // Reading Input from STDIN
                import { readFileSync } from 'node:fs';
                const stdin = readFileSync(process.stdin.fd, 'utf8');
                console.log('stdin > ', stdin) // Output: stdin > Hello Workflow

                // Reading from argv
                const [_, __, arg] = process.argv;
                console.log('arg > ', arg) // Output: arg > hello

                // Reading from env
                const foo = process.env.foo;
                console.log('env > ', foo) // Output: env > bar
                """,
            arguments: ["hello"], environment: ["foo": "bar"], stdin: "Hello Workflow"
        )
        #expect(try await ProcessTesting.run(task).get() == "stdin >  Hello Workflow\narg >  hello\nenv >  bar")
    }

    @Test(.enabled(if: ProcessTesting.isInstalled("node"), "node is not installed"))
    func javaScriptInCommonJSForm() async throws {
        let task = Self.script("js", code: "const os = require('node:os'); console.log(typeof os.platform(), process.argv.slice(2).join(','))", arguments: ["a", "b"])
        #expect(try await ProcessTesting.run(task).get() == "string a,b")
    }

    @Test func missingInterpreterIsAConfigurationErrorThatSaysHowToInstallIt() async throws {
        let task = Self.script("python", code: "print(1)", environment: ["PATH": "/nonexistent-baton-path"])
        let result = await ProcessTesting.run(task)
        guard case .failure(let fault) = result else {
            Issue.record("expected a failure, got \(result)")
            return
        }
        #expect(WorkflowFault.sameType(fault.type, WorkflowError.StandardType.configuration.rawValue))
        #expect(fault.detail?.contains("needs `python3`, which is not on the PATH") == true)
        #expect(fault.detail?.contains("apt-get install python3") == true)
    }

    @Test func unknownLanguageIsAConfigurationError() async throws {
        let result = await ProcessTesting.run(Self.script("ruby", code: "puts 1"))
        guard case .failure(let fault) = result else {
            Issue.record("expected a failure, got \(result)")
            return
        }
        #expect(WorkflowFault.sameType(fault.type, WorkflowError.StandardType.configuration.rawValue))
        #expect(fault.detail?.contains("`ruby`") == true)
    }

    @Test func remoteAndMissingSourcesAreConfigurationErrors() async throws {
        for source in ["https://example.com/script.py", "/nonexistent/baton/script.py"] {
            let result = await ProcessTesting.run(Self.script("python", source: source))
            guard case .failure(let fault) = result else {
                Issue.record("expected a failure for \(source), got \(result)")
                continue
            }
            #expect(WorkflowFault.sameType(fault.type, WorkflowError.StandardType.configuration.rawValue))
            #expect(fault.detail?.contains(source) == true)
        }
    }
}
