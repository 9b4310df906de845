import BatonAssistant
import BatonWorkflow
import Foundation
import Testing

@Suite("Planner evaluation: reading case files")
struct EvaluationCaseReaderTests {
    @Test("plan, clarify and abstain cases are read with their optional lang and tags; blank lines are skipped")
    func readsCases() throws {
        let text = """
            {"id": "e001", "request": "Deploy shop from image shop:1.4 on port 3000", "expect": {"template": "deploy-web-app", "params": {"name": "shop", "image": "shop:1.4", "port": 3000}}, "lang": "en", "tags": ["terse"]}

            {"id": "e002", "request": "我想部署一个新的Web应用程序", "expect": {"template": "deploy-web-app", "clarify": ["name"]}}
            {"id": "e003", "request": "write me a poem", "expect": {"abstain": true}}
            {"id": "e004", "request": "health check", "expect": {"template": "health-check"}}

            """
        let cases = try EvaluationCaseReader().read(text: text, file: "dev.jsonl")
        #expect(cases.map(\.id) == ["e001", "e002", "e003", "e004"])
        #expect(cases.map(\.line) == [1, 3, 4, 5])
        #expect(cases[0].expectation == .plan(template: "deploy-web-app", parameters: ["name": "shop", "image": "shop:1.4", "port": 3000]))
        #expect(cases[0].language == "en" && cases[0].tags == ["terse"])
        #expect(cases[1].expectation == .clarify(template: "deploy-web-app", missing: ["name"]))
        #expect(cases[2].expectation == .abstain)
        #expect(cases[3].expectation == .plan(template: "health-check", parameters: [:]))
    }

    @Test("every bad line is reported with file, line, column and field, and the good lines do not hide them")
    func reportsEveryProblem() throws {
        let library = try RepositoryTemplates.load()
        let portLine = #"{"id": "c3", "request": "deploy shop", "expect": {"template": "deploy-web-app", "params": {"name": "shop", "port": "http"}}}"#
        let lines = [
            #"{"id": "c1", "request": "fine", "expect": {"abstain": true}}"#,
            #"{"id": "c2", "request": "broken", "expect": {"abstain": true}"#,
            portLine,
            #"{"id": "c4", "request": "x", "expect": {"template": "no-such-template", "params": {}}}"#,
            #"{"id": "c1", "request": "again", "expect": {"abstain": true}}"#,
            #"{"id": "c6", "expect": {"abstain": false}}"#,
            #"{"id": "c7", "request": "y", "expect": {"template": "deploy-web-app", "params": {"name": "a"}, "clarify": ["name"]}}"#,
            #"{"id": "c8", "request": "z", "expect": {"template": "deploy-web-app", "clarify": ["port"]}, "note": "?"}"#,
            #"{"id": "c9", "request": "w", "expect": {"template": "deploy-web-app", "params": {"name": "a", "database": "oracle", "db": "pg", "replicas": 0}}}"#,
            #"["not", "an", "object"]"#,
        ]
        do {
            _ = try EvaluationCaseReader(library: library).read(text: lines.joined(separator: "\n"), file: "dev.jsonl")
            Issue.record("expected the file to be refused")
        } catch {
            let messages = error.diagnostics.map(\.description)
            let portColumn = portLine.distance(from: portLine.startIndex, to: try #require(portLine.range(of: "\"http\"")).lowerBound) + 1
            #expect(messages.contains("dev.jsonl:3:\(portColumn): expect.params.port: expected an integer, found a string"), "\(messages)")
            #expect(messages.contains { $0.hasPrefix("dev.jsonl:2:1: not valid JSON") }, "\(messages)")
            #expect(messages.contains { $0.hasPrefix("dev.jsonl:4:") && $0.contains("expect.template: no template `no-such-template`") }, "\(messages)")
            #expect(messages.contains { $0.hasPrefix("dev.jsonl:5:1: id: the id `c1` is already used on line 1") }, "\(messages)")
            #expect(messages.contains { $0.hasPrefix("dev.jsonl:6:") && $0.contains("missing field `request`") }, "\(messages)")
            #expect(messages.contains { $0.hasPrefix("dev.jsonl:6:") && $0.contains("expect.abstain: expected true") }, "\(messages)")
            #expect(messages.contains { $0.hasPrefix("dev.jsonl:7:") && $0.contains("expect.params: a clarify case lists only the missing names") }, "\(messages)")
            #expect(messages.contains { $0.hasPrefix("dev.jsonl:8:") && $0.contains("note: unknown field") }, "\(messages)")
            #expect(messages.contains { $0.hasPrefix("dev.jsonl:8:") && $0.contains("expect.clarify[0]: `port` is not a required parameter of deploy-web-app") }, "\(messages)")
            #expect(messages.contains { $0.hasPrefix("dev.jsonl:9:") && $0.contains("expect.params.database: `oracle` is not one of none, postgres, mysql, mongodb") }, "\(messages)")
            #expect(messages.contains { $0.hasPrefix("dev.jsonl:9:") && $0.contains("expect.params.db: deploy-web-app has no parameter `db`") }, "\(messages)")
            #expect(messages.contains { $0.hasPrefix("dev.jsonl:9:") && $0.contains("expect.params.replicas: 0 is below the minimum, 1") }, "\(messages)")
            #expect(messages.contains { $0.hasPrefix("dev.jsonl:10:1: expected an object") }, "\(messages)")
            #expect(!messages.contains { $0.hasPrefix("dev.jsonl:1:") }, "\(messages)")
        }
    }

    @Test("without a library only the format is checked; a file with no case is refused")
    func formatOnly() throws {
        let cases = try EvaluationCaseReader().read(
            text: #"{"id": "a", "request": "r", "expect": {"template": "not-in-any-library", "params": {"x": 1}}}"#, file: "f.jsonl"
        )
        #expect(cases.count == 1)
        #expect(throws: EvaluationCaseFileError.self) { try EvaluationCaseReader().read(text: "\n\n", file: "empty.jsonl") }
    }
}
