import BatonTesting
import Foundation
import Testing

/// The client commands against a real `baton serve`, as an operator uses them.
@Suite("baton client commands")
struct ClientCommandTests {
    /// Runs `baton` with BATON_SERVER pointing at the server.
    static func baton(_ arguments: [String], port: Int, in folder: ScratchFolder) throws -> CommandRunner.Result {
        try CommandRunner.run(arguments, in: folder.url, environment: ["BATON_SERVER": "http://127.0.0.1:\(port)", "USER": "ada"])
    }

    /// `baton runs show RUN` (with `extra` arguments), polled until its output contains `text`.
    static func show(_ runID: String, until text: String, extra: [String] = [], port: Int, in folder: ScratchFolder) async throws -> String {
        var shown = ""
        try? await eventually("run \(runID) shows `\(text)`") {
            shown = try baton(["runs", "show", runID] + extra, port: port, in: folder).standardOutput
            return shown.contains(text)
        }
        return shown
    }

    static let guarded = """
        document: { dsl: '1.0.3', namespace: ops, name: guarded, version: '1.0.0' }
        do:
          - ask:
              call: approval:1.0.0@default
              with:
                message: '${ "Deploy " + .version + "?" }'
                data: '${ . }'
          - deploy:
              set: { deployed: '${ $context.version }', by: '${ .decidedBy }' }
        """

    @Test("apply, start --wait, runs list/show/events, approve and reject, emit, cancel — and the errors a user makes")
    func operatorSession() async throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let server = try ServeCommandTests.Server(arguments: ["--db", folder.url.appendingPathComponent("b.sqlite").path, "--port", "0"], folder: folder)
        let port = try await server.waitForPort()

        // An invalid definition: every problem with its position in the local file; nothing stored.
        try folder.write("broken.yaml", """
            document: { dsl: '1.0.3', namespace: ops, name: broken, version: '1.0.0' }
            do:
              - first:
                  set: { a: 1 }
                  then: nowhere
            """)
        let broken = try Self.baton(["apply", "broken.yaml"], port: port, in: folder)
        #expect(broken.status == 1)
        #expect(broken.standardError.contains("422 invalid-definition"), "\(broken.standardError)")
        #expect(broken.standardError.contains("broken.yaml:5:"), "\(broken.standardError)")

        try folder.write("hello.yaml", """
            document: { dsl: '1.0.3', namespace: ops, name: hello, version: '1.0.0' }
            do:
              - greet:
                  set: { greeting: '${ "hello, " + .name }' }
            """)
        try folder.write("guarded.yaml", Self.guarded)
        let applied = try Self.baton(["apply", "hello.yaml", "guarded.yaml"], port: port, in: folder)
        #expect(applied.status == 0, "\(applied.standardError)")
        #expect(applied.standardOutput == "ops/hello@1.0.0 stored\nops/guarded@1.0.0 stored\n")
        #expect(try Self.baton(["apply", "hello.yaml"], port: port, in: folder).standardOutput == "ops/hello@1.0.0 unchanged\n")

        let waited = try Self.baton(["start", "ops/hello", "--input", #"{"name": "Ada"}"#, "--wait"], port: port, in: folder)
        #expect(waited.status == 0, "\(waited.standardError)")
        #expect(waited.standardOutput.contains(#""greeting" : "hello, Ada""#) || waited.standardOutput.contains(#""greeting": "hello, Ada""#), "\(waited.standardOutput)")

        // A run that waits for a person: approve it.
        let started = try Self.baton(["start", "guarded", "--namespace", "ops", "--input", #"{"version": "1.4.2"}"#], port: port, in: folder)
        let runID = started.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!runID.isEmpty, "\(started.standardError)")
        let shown = try await Self.show(runID, until: "waiting for approval", port: port, in: folder)
        #expect(shown.contains("status:   waiting"), "\(shown)")
        #expect(shown.contains("Deploy 1.4.2?"), "\(shown)")
        let listed = try Self.baton(["runs", "list", "--status", "waiting"], port: port, in: folder)
        #expect(listed.standardOutput.contains(runID))
        #expect(listed.standardOutput.hasPrefix("ID"))

        let approved = try Self.baton(["approve", runID, "--reason", "release train"], port: port, in: folder)
        #expect(approved.status == 0, "\(approved.standardError)")
        let finished = try await Self.show(runID, until: #""completed""#, extra: ["--format", "json"], port: port, in: folder)
        #expect(finished.contains(#""by" : "ada""#) || finished.contains(#""by": "ada""#), "the approver is $USER: \(finished)")
        let events = try Self.baton(["runs", "events", runID], port: port, in: folder)
        #expect(events.standardOutput.contains("taskCompleted ask"))
        #expect(events.standardOutput.contains("runCompleted"))
        let again = try Self.baton(["reject", runID], port: port, in: folder)
        #expect(again.status == 1)
        #expect(again.standardError.contains("409 conflict"), "a finished run takes no decision: \(again.standardError)")

        // A rejected run faults; start --wait says so and exits 1.
        let rejectedRun = try Self.baton(["start", "ops/guarded", "--input", #"{"version": "2.0.0"}"#], port: port, in: folder)
            .standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try await Self.show(rejectedRun, until: "waiting for approval", port: port, in: folder)
        #expect(try Self.baton(["reject", rejectedRun, "--by", "bob", "--reason", "freeze"], port: port, in: folder).status == 0)
        let rejected = try await Self.show(rejectedRun, until: "status:   faulted", port: port, in: folder)
        #expect(rejected.contains("approval-rejected"), "\(rejected)")
        #expect(rejected.contains("freeze"), "\(rejected)")

        // Cancel a waiting run; cancelling again is refused.
        let doomed = try Self.baton(["start", "ops/guarded", "--input", #"{"version": "3.0.0"}"#], port: port, in: folder)
            .standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        let cancelled = try Self.baton(["runs", "cancel", doomed], port: port, in: folder)
        #expect(cancelled.standardOutput == "run \(doomed) cancelled\n", "\(cancelled.standardError)")
        #expect(try Self.baton(["runs", "cancel", doomed], port: port, in: folder).status == 1)

        // Events: the first emit is logged, the same id again is a duplicate.
        let emitted = try Self.baton(["emit", "--type", "com.example.test", "--id", "e-1", "--data", #"{"n": 1}"#], port: port, in: folder)
        #expect(emitted.status == 0, "\(emitted.standardError)")
        #expect(emitted.standardOutput.contains("logged as #"))
        let duplicate = try Self.baton(["emit", "--type", "com.example.test", "--id", "e-1"], port: port, in: folder)
        #expect(duplicate.standardOutput.contains("already in the log"))

        // Unknown things.
        let unknown = try Self.baton(["runs", "show", "no-such-run"], port: port, in: folder)
        #expect(unknown.status == 1)
        #expect(unknown.standardError.contains("404 not-found"), "\(unknown.standardError)")
        let missing = try Self.baton(["start", "ops/nothing"], port: port, in: folder)
        #expect(missing.status == 1)
        #expect(missing.standardError.contains("404"), "\(missing.standardError)")

        server.process.terminate()
        #expect(try await server.waitForExit())
    }

    @Test("without a server the client commands are usage errors that say how to give one")
    func noServer() throws {
        let result = try CommandRunner.run(["runs", "list"], environment: ["BATON_SERVER": ""])
        #expect(result.status == 2)
        #expect(result.standardError.contains("pass --server URL or set BATON_SERVER"))
    }
}
