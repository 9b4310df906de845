import Foundation
import Testing

/// `baton eval planner` as a user runs it: the built-in planner over a case file, the report in
/// text and JSON, every problem of a bad case file, and thresholds that fail the run.
@Suite struct EvalCommandTests {
    static let templates = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("templates").path

    static let cases = """
        {"id": "e1", "request": "Deploy a web app called shop from image shop:1.4 on port 3000 with a postgres database", "expect": {"template": "deploy-web-app", "params": {"name": "shop", "image": "shop:1.4", "port": 3000, "database": "postgres"}}}
        {"id": "e2", "request": "我想部署一个新的Web应用程序", "expect": {"template": "deploy-web-app", "clarify": ["name"]}, "lang": "zh"}
        {"id": "e3", "request": "write me a poem about the sea", "expect": {"abstain": true}, "tags": ["creative"]}

        """

    func inScratch(_ body: (ScratchFolder) throws -> Void) throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        try body(folder)
    }

    @Test func textReportListsEveryMetricAndEndsWithTheCounts() throws {
        try inScratch { folder in
            try folder.write("dev.jsonl", Self.cases)
            let result = try CommandRunner.run(["eval", "planner", "dev.jsonl", "--templates", Self.templates], in: folder.url)
            #expect(result.status == 0, "\(result.standardError)")
            let output = result.standardOutput
            #expect(output.hasPrefix("dev.jsonl: 3 cases: 1 plan, 1 clarify, 1 abstain\n"))
            for label in [
                "template accuracy", "parameter accuracy", "frame exact match", "clarify precision", "clarify recall",
                "abstain precision", "abstain recall", "abstain F1", "valid plans", "latency p50", "latency p99",
            ] {
                #expect(output.contains("\n  \(label) "), "no \(label) in\n\(output)")
            }
            let templateLine = output.split(separator: "\n").first { $0.hasPrefix("  template accuracy ") }
            #expect(templateLine?.hasSuffix("/2)") == true, "template accuracy is over the 2 cases that expect a template: \(templateLine ?? "")")
            let last = try #require(output.split(separator: "\n").last)
            let counts = last.split(separator: " ")
            #expect(counts.count == 4 && counts[1] == "passed," && counts[3] == "failed", "\(last)")
            #expect((Int(counts[0]) ?? -1) + (Int(counts[2]) ?? -1) == 3, "\(last)")
        }
    }

    @Test func jsonReportForMachines() throws {
        try inScratch { folder in
            try folder.write("dev.jsonl", Self.cases)
            let result = try CommandRunner.run(["eval", "planner", "dev.jsonl", "--templates", Self.templates, "--format", "json"], in: folder.url)
            #expect(result.status == 0, "\(result.standardError)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
            let cases = try #require(json["cases"] as? [String: Any])
            #expect(cases["total"] as? Int == 3)
            let metrics = try #require(json["metrics"] as? [String: Any])
            let template = try #require(metrics["template-accuracy"] as? [String: Any])
            #expect(template["total"] as? Int == 2)
            #expect((json["passed"] as? Int ?? 0) + (json["failed"] as? Int ?? 0) == 3)
            #expect(json["file"] as? String == "dev.jsonl")
        }
    }

    @Test func badCaseFileIsRefusedWithEveryProblem() throws {
        try inScratch { folder in
            try folder.write("bad.jsonl", """
                {"id": "a", "request": "deploy shop", "expect": {"template": "deploy-web-app", "params": {"name": "shop", "port": "http"}}}
                {"id": "b", "request": "fine", "expect": {"abstain": true}}
                {"id": "c", "request": "oops", "expect": {"template": "deploy-web-ap", "params": {}}}
                """)
            let result = try CommandRunner.run(["eval", "planner", "bad.jsonl", "--templates", Self.templates], in: folder.url)
            #expect(result.status == 1)
            #expect(result.standardOutput.isEmpty)
            #expect(result.standardError.contains("bad.jsonl:1:115: expect.params.port: expected an integer, found a string"), "\(result.standardError)")
            #expect(result.standardError.contains("bad.jsonl:3:"), "\(result.standardError)")
            #expect(result.standardError.contains("not scored: 2 problem(s)"), "\(result.standardError)")
        }
    }

    @Test func casesForMissingTemplatesAreRefusedUnlessAllowed() throws {
        try inScratch { folder in
            try folder.write("dev.jsonl", #"{"id": "s", "request": "scale api to 5", "expect": {"template": "not-a-template-here", "params": {"service": "api"}}}"# + "\n")
            let refused = try CommandRunner.run(["eval", "planner", "dev.jsonl", "--templates", Self.templates], in: folder.url)
            #expect(refused.status == 1)
            #expect(refused.standardError.contains("dev.jsonl:1:"), "\(refused.standardError)")
            #expect(refused.standardError.contains("expect.template: no template `not-a-template-here` in the library"), "\(refused.standardError)")

            let allowed = try CommandRunner.run(["eval", "planner", "dev.jsonl", "--templates", Self.templates, "--allow-missing-templates"], in: folder.url)
            #expect(allowed.status == 0, "\(allowed.standardError)")
            #expect(allowed.standardError.contains("warning: 1 case(s) expect templates the library does not have, so they fail: not-a-template-here (1)"))
            #expect(allowed.standardOutput.hasSuffix("\n0 passed, 1 failed\n"))
        }
    }

    @Test func unmetRequirementFailsTheRun() throws {
        try inScratch { folder in
            // No clarify case: clarify recall has no value, so a minimum for it cannot be met.
            try folder.write("dev.jsonl", #"{"id": "p", "request": "write me a poem", "expect": {"abstain": true}}"# + "\n")
            let result = try CommandRunner.run(
                ["eval", "planner", "dev.jsonl", "--templates", Self.templates, "--require", "clarify-recall=90%"], in: folder.url
            )
            #expect(result.status == 1)
            #expect(result.standardOutput.contains("clarify recall      n/a (0/0)"))
            #expect(result.standardError.contains("requirement not met: clarify-recall has no value"), "\(result.standardError)")

            // A minimum of 0 over a metric with a value is met whatever the planner answers.
            try folder.write("plan.jsonl", #"{"id": "s", "request": "deploy a web app called shop from image shop:1", "expect": {"template": "deploy-web-app", "params": {"name": "shop", "image": "shop:1"}}}"# + "\n")
            let met = try CommandRunner.run(
                ["eval", "planner", "plan.jsonl", "--templates", Self.templates, "--require", "template-accuracy=0"], in: folder.url
            )
            #expect(met.status == 0, "\(met.standardError)")
        }
    }

    @Test func badRequirementIsAUsageError() throws {
        try inScratch { folder in
            try folder.write("dev.jsonl", Self.cases)
            let result = try CommandRunner.run(["eval", "planner", "dev.jsonl", "--require", "speed=0.5"], in: folder.url)
            #expect(result.status == 2)
            #expect(result.standardError.contains("--require"))
        }
    }
}
