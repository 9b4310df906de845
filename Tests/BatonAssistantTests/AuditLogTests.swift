import BatonAssistant
import BatonWorkflow
import Foundation
import Testing

@Suite("Audit of model exchanges")
struct AuditLogTests {
    @Test("the JSON Lines log is owner-only and holds one object per exchange, as sent and received")
    func jsonLines() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("baton-audit-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("model-exchanges.jsonl")
        let log = try JSONLinesModelExchangeLog(url: file)
        let server = FakeModelServer(replies: [
            .status(503, body: #"{"error": {"message": "overloaded"}}"#),
            .content("hello ⟦EMAIL_1⟧"),
        ])
        let response = try await server.run { url in
            try await OpenAICompatibleProvider(
                configuration: server.configuration(url), apiKey: server.apiKey, exchangeLog: log, sleep: RecordedSleeps().sleep
            ).complete(ChatRequest(messages: [.user("mail ⟦EMAIL_1⟧")], purpose: "plan"))
        }
        #expect(response.content == "hello ⟦EMAIL_1⟧")
        let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map { try JSONValue(jsonText: String($0)) }
        #expect(lines.count == 2)
        #expect(lines.map { $0["attempt"] } == [1, 2])
        #expect(lines.map { $0["status"] } == [503, 200])
        #expect(lines[0]["error"]?.stringValue?.contains("overloaded") == true)
        #expect(lines[1]["error"] == .null)
        #expect(lines[1]["request"]?["messages"]?.arrayValue?.first?["content"] == "mail ⟦EMAIL_1⟧")
        #expect(lines[1]["response"]?.stringValue?.contains("hello ⟦EMAIL_1⟧") == true)
        #expect(lines.allSatisfy { $0["model"] == "test-model" && $0["purpose"] == "plan" && $0["time"]?.stringValue != nil })
        #expect(lines.allSatisfy { $0["endpoint"]?.stringValue?.hasSuffix("/v1/chat/completions") == true })
    }

    @Test("an existing log keeps its lines and loses looser permissions")
    func reopen() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("baton-audit-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("log.jsonl")
        try Data("{\"old\": true}\n".utf8).write(to: file)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
        let log = try JSONLinesModelExchangeLog(url: file)
        log.record(ModelExchange(
            time: Date(), endpoint: "e", model: "m", purpose: "p", attempt: 1, requestBody: [:], responseBody: nil, status: nil,
            duration: .milliseconds(5), error: "connection refused"))
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2 && lines[0] == "{\"old\": true}")
        let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }
}
