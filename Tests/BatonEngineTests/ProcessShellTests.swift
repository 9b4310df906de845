import BatonWorkflow
import Foundation
import Testing
@testable import BatonEngine

@Suite(.timeLimit(.minutes(1))) struct ProcessShellTests {
    @Test func returnsStandardOutputWithoutItsTrailingNewline() async throws {
        let output = try await ProcessTesting.run(ProcessTesting.shell("echo hello; echo world >&2")).get()
        #expect(output == "hello")
    }

    @Test func keepsEverythingButOneTrailingLineBreak() async throws {
        #expect(try await ProcessTesting.run(ProcessTesting.shell(#"printf '  a\n\n'"#)).get() == "  a\n")
        #expect(try await ProcessTesting.run(ProcessTesting.shell(#"printf 'a\r\n'"#)).get() == "a")
        #expect(try await ProcessTesting.run(ProcessTesting.shell("true")).get() == "")
    }

    @Test func jsonOutputStaysAString() async throws {
        let output = try await ProcessTesting.run(ProcessTesting.shell(#"echo '{"a": 1}'"#)).get()
        #expect(output == .string(#"{"a": 1}"#))
    }

    @Test func returnsStandardError() async throws {
        let output = try await ProcessTesting.run(ProcessTesting.shell("echo out; echo problem >&2", return: .stderr)).get()
        #expect(output == "problem")
    }

    @Test func returnsTheExitCode() async throws {
        #expect(try await ProcessTesting.run(ProcessTesting.shell("exit 0", return: .code)).get() == 0)
        // A failure is data when the task asks for the code.
        #expect(try await ProcessTesting.run(ProcessTesting.shell("echo no >&2; exit 7", return: .code)).get() == 7)
    }

    @Test func returnsAllAsAProcessResult() async throws {
        let output = try await ProcessTesting.run(ProcessTesting.shell("echo out; echo err >&2; exit 4", return: .all)).get()
        #expect(output == ["code": 4, "stdout": "out", "stderr": "err"])
        #expect(output == ProcessResult(code: 4, stdout: "out", stderr: "err").documentValue)
    }

    @Test func returnsNullForNone() async throws {
        #expect(try await ProcessTesting.run(ProcessTesting.shell("echo ignored", return: RunTask.ReturnType.none)).get() == .null)
    }

    @Test func argumentsArePositionalParameters() async throws {
        // The specification's example (run-shell-stdin-and-arguments.yaml).
        let task = ProcessTesting.shell(
            """
            input=$(cat)
            echo "STDIN was: $input"
            echo "ARGS are $1 $2"
            """,
            arguments: ["Foo", "${ .second }"], stdin: "${ .message }"
        )
        let context = ProcessTesting.context(input: ["message": "Hello World", "second": "Bar"])
        let output = try await ProcessTesting.run(task, context: context).get()
        #expect(output == "STDIN was: Hello World\nARGS are Foo Bar")
    }

    @Test func argumentsAreNotSplitOrExpanded() async throws {
        let task = ProcessTesting.shell(#"printf '%s|' "$#" "$1" "$2""#, arguments: ["two words", "$HOME;*"])
        #expect(try await ProcessTesting.run(task).get() == "2|two words|$HOME;*|")
    }

    @Test func commandMayBeAnExpression() async throws {
        let task = ProcessTesting.shell(#"${ "echo " + .word }"#)
        #expect(try await ProcessTesting.run(task, context: ProcessTesting.context(input: ["word": "evaluated"])).get() == "evaluated")
    }

    @Test func environmentHasTheTaskVariablesAndBatonsButNotEverything() async throws {
        setenv("BATON_PROCESS_TEST_PRIVATE", "engine secret", 1)
        defer { unsetenv("BATON_PROCESS_TEST_PRIVATE") }
        let handler = LocalProcessHandler()
        let task = ProcessTesting.shell(
            #"printf '%s\n' "$GREETING" "$COUNT" "$FLAGS" "${GONE-unset}" "$BATON_IDEMPOTENCY_KEY" "$BATON_RUN_ID" "$BATON_TASK" "$BATON_TASK_REFERENCE" "${BATON_PROCESS_TEST_PRIVATE-unset}" "${PATH:+has PATH}""#,
            environment: ["GREETING": "${ .greeting }", "COUNT": 42, "FLAGS": ["a": true], "GONE": .null]
        )
        let output = try await ProcessTesting.run(task, handler: handler, context: ProcessTesting.context(input: ["greeting": "hi"])).get()
        #expect(output.stringValue?.split(separator: "\n", omittingEmptySubsequences: false) == [
            "hi", "42", #"{"a":true}"#, "unset", "run-42:/do/0/runIt", "run-42", "runIt", "/do/0/runIt", "unset", "has PATH",
        ])
    }

    @Test func batonVariablesWinOverTheTask() async throws {
        let task = ProcessTesting.shell(#"printf '%s' "$BATON_RUN_ID""#, environment: ["BATON_RUN_ID": "forged"])
        #expect(try await ProcessTesting.run(task).get() == "run-42")
    }

    @Test func standardInputFromAnExpressionThatIsNotAString() async throws {
        let task = ProcessTesting.shell("cat", stdin: "${ . }")
        let output = try await ProcessTesting.run(task, context: ProcessTesting.context(input: ["n": 1, "list": [true]])).get()
        #expect(output == .string(#"{"list":[true],"n":1}"#))
    }

    @Test func aProcessThatIgnoresItsInputSucceeds() async throws {
        // 1 MB is far more than a pipe holds: the write fails with EPIPE once `echo` is gone.
        let task = ProcessTesting.shell("echo done", stdin: "${ .big }")
        let big = String(repeating: "x", count: 1_000_000)
        #expect(try await ProcessTesting.run(task, context: ProcessTesting.context(input: ["big": .string(big)])).get() == "done")
    }

    @Test func largeInputAndOutputFlowTogether() async throws {
        // `cat` writes while it reads: the input must be written while the output is read.
        let big = String(repeating: "0123456789", count: 300_000)
        let task = ProcessTesting.shell("cat", stdin: "${ .big }")
        #expect(try await ProcessTesting.run(task, context: ProcessTesting.context(input: ["big": .string(big)])).get() == .string(big))
    }

    @Test func withoutStandardInputTheProcessReadsNothing() async throws {
        #expect(try await ProcessTesting.run(ProcessTesting.shell("cat; echo end")).get() == "end")
    }

    @Test func nonZeroExitIsARuntimeErrorWithTheCodeAndStandardError() async throws {
        let result = await ProcessTesting.run(ProcessTesting.shell("echo some output; echo first >&2; echo 'it broke' >&2; exit 3"))
        guard case .failure(let fault) = result else {
            Issue.record("expected a failure, got \(result)")
            return
        }
        #expect(WorkflowFault.sameType(fault.type, WorkflowError.StandardType.runtime.rawValue))
        #expect(fault.status == 500)
        #expect(fault.instance == "/do/0/runIt")
        let detail = try #require(fault.detail)
        #expect(detail.contains("exited with code 3"))
        #expect(detail.hasSuffix("first\nit broke"))
    }

    @Test func nonZeroExitFailsReturnNoneToo() async throws {
        let result = await ProcessTesting.run(ProcessTesting.shell("exit 1", return: RunTask.ReturnType.none))
        guard case .failure(let fault) = result else {
            Issue.record("expected a failure, got \(result)")
            return
        }
        #expect(fault.detail?.contains("exited with code 1 and wrote nothing to stderr") == true)
    }

    @Test func processKilledBySignalSaysSo() async throws {
        let result = await ProcessTesting.run(ProcessTesting.shell("kill -9 $$"))
        guard case .failure(let fault) = result else {
            Issue.record("expected a failure, got \(result)")
            return
        }
        #expect(fault.detail?.contains("killed by signal 9 (exit code 137)") == true)
        #expect(try await ProcessTesting.run(ProcessTesting.shell("kill -9 $$", return: .code)).get() == 137)
    }

    @Test func invalidExpressionIsAnExpressionError() async throws {
        let result = await ProcessTesting.run(ProcessTesting.shell("echo", arguments: ["${ .a | bogus_function }"]))
        guard case .failure(let fault) = result else {
            Issue.record("expected a failure, got \(result)")
            return
        }
        #expect(WorkflowFault.sameType(fault.type, WorkflowError.StandardType.expression.rawValue))
    }
}
