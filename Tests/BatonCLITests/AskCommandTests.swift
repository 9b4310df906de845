import BatonTesting
import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `baton ask` as an operator uses it: planning offline with the built-in planner, answering
/// its questions on standard input, confirming, and the plan running on a real `baton serve`.
@Suite("baton ask")
struct AskCommandTests {
    @Test("without a server: the plan with its values, defaults, changes and reasons; it cannot run")
    func planOffline() throws {
        let result = try CommandRunner.run(["ask", "--dry-run", "scale checkout to 5 replicas"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("Plan: scale-service (mutating)"), "\(result.standardOutput)")
        #expect(result.standardOutput.contains("replicas = 5") && result.standardOutput.contains("service = \"checkout\""))
        #expect(result.standardOutput.contains("Why:") && result.standardOutput.contains("chose scale-service"))

        let refused = try CommandRunner.run(["ask", "--yes", "restart checkout"], environment: ["BATON_SERVER": ""])
        #expect(refused.status == 1)
        #expect(refused.standardError.contains("running a plan needs a Baton server"), "\(refused.standardError)")
    }

    @Test("an abstention exits 1 with its reasons; a question in JSON mode is printed, not asked")
    func abstainAndJSON() throws {
        let abstain = try CommandRunner.run(["ask", "--dry-run", "book me a flight to Berlin"])
        #expect(abstain.status == 1)
        #expect(abstain.standardOutput.contains("Not something Baton can plan"), "\(abstain.standardOutput)")

        let question = try CommandRunner.run(["ask", "--dry-run", "--format", "json", "roll back the service"])
        #expect(question.status == 1)
        let answer = try JSONSerialization.jsonObject(with: Data(question.standardOutput.utf8)) as? [String: Any]
        #expect(answer?["kind"] as? String == "clarify" && answer?["missing"] as? [String] == ["service"], "\(question.standardOutput)")
    }

    @Test("a question nobody answers ends with what to pass instead")
    func unanswered() throws {
        let result = try CommandRunner.run(["ask", "--dry-run", "我想部署一个新的Web应用程序"])
        #expect(result.status == 1)
        #expect(result.standardOutput.contains("名称（name）"), "\(result.standardOutput)")
        #expect(result.standardError.contains("--set name=VALUE"), "\(result.standardError)")
    }

    @Test("我想部署一个新的Web应用程序: asks for the name and what to run, shows the plan, runs it once confirmed, and the service is healthy")
    func deployWebAppEndToEnd() async throws {
        try await ServiceCommandsTests.Node.withNode { node in
            let servicePort = try TestPorts.free()
            // The operator types the name, then what to run, then confirms.
            let result = try node.baton(
                ["ask", "--set", "port=\(servicePort)", "我想部署一个新的Web应用程序"], standardInput: "Shop\nbaton-demo serve --role web\ny\n")
            #expect(result.status == 0, "\(result.standardOutput)\n\(result.standardError)")
            #expect(result.standardOutput.contains("还需要：名称（name）；启动命令（command） 或 镜像（image）"), "\(result.standardOutput)")
            #expect(result.standardOutput.contains("Plan: deploy-web-app (mutating)"))
            #expect(result.standardOutput.contains("create service shop: baton-demo serve --role web, 1 replica(s) on port \(servicePort)"), "\(result.standardOutput)")
            #expect(result.standardError.contains("name: ") && result.standardError.contains("运行这个计划吗？"), "\(result.standardError)")
            #expect(result.standardOutput.contains("completed") && result.standardOutput.contains("\"healthy\""), "\(result.standardOutput)")

            let (_, health) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(servicePort)/health")!)
            #expect((health as? HTTPURLResponse)?.statusCode == 200)
            let ps = try node.baton(["ps"])
            #expect(ps.standardOutput.contains("shop") && ps.standardOutput.contains("healthy"), "\(ps.standardOutput)")

            // Not confirmed: nothing runs.
            let declined = try node.baton(["ask", "restart shop"], standardInput: "n\n")
            #expect(declined.status == 1)
            #expect(declined.standardError.contains("not run: the plan was not confirmed"), "\(declined.standardError)")
        }
    }
}
