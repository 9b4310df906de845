import BatonAssistant
import BatonWorkflow
import Foundation
import Testing

/// The built-in planner over the repository's templates: what it reads from requests in both
/// languages, when it asks, when it refuses, and the targets on the dev set.
@Suite("Built-in planner")
struct BuiltInPlannerTests {
    static let planner: BuiltInPlanner? = try? BuiltInPlanner(library: RepositoryTemplates.load())

    static func answer(_ text: String, answers: [String: JSONValue] = [:], template: String? = nil) throws -> PlannerAnswer {
        let planner = try #require(planner)
        return planner.answerNow(PlanRequest(text: text, templateID: template, answers: answers))
    }

    static let plans: [(String, String, [String: JSONValue])] = [
        ("Deploy a web app called shop from image shop:1.4 on port 3000 with a postgres database", "deploy-web-app",
         ["name": "shop", "image": "shop:1.4", "port": 3000, "database": "postgres"]),
        ("把checkout服务扩容到五个实例", "scale-service", ["service": "checkout", "replicas": 5]),
        ("canary api v2.3 to 15% for half an hour, roll back if the error rate goes over 2%", "canary-release",
         ["service": "api", "version": "v2.3", "canary_percent": 15, "duration": 1800, "max_error_rate": 0.02]),
        ("每天凌晨2点备份 orders 数据库，保留两周", "backup-database", ["database": "orders", "schedule": "0 2 * * *", "retention_days": 14]),
        ("show error logs of payments from the last 2 hours containing 'timeout'", "view-logs",
         ["service": "payments", "level": "error", "since": 7200, "filter": "timeout"]),
        ("restart web all at once", "restart-service", ["service": "web", "rolling": false]),
        ("set LOG_LEVEL=debug on api without restarting", "update-config", ["service": "api", "settings": ["LOG_LEVEL": "debug"], "restart": false]),
        ("let search autoscale between 2 and 10 instances at 60% CPU", "configure-autoscaling",
         ["service": "search", "min_replicas": 2, "max_replicas": 10, "target_cpu_percent": 60]),
        ("retsart api", "restart-service", ["service": "api"]),
    ]

    @Test("plans: the template and every stated value, normalized by the catalog's conventions", arguments: plans)
    func plan(text: String, template: String, parameters: [String: JSONValue]) throws {
        guard case .plan(let plan) = try Self.answer(text) else {
            Issue.record("expected a plan for \(text), got \(try Self.answer(text))")
            return
        }
        #expect(plan.templateID == template)
        #expect(plan.parameters == parameters, "\(plan.reasons)")
        #expect(plan.preview != nil)
        #expect(plan.reasons.first?.contains(template) == true)
        // Every default not stated is applied, and said.
        let template = try #require(Self.planner?.library[template])
        #expect(Set(plan.input.keys).isSuperset(of: Set(template.defaults.keys)))
    }

    @Test("a missing required value is a question in the request's language, naming the alternatives")
    func clarify() throws {
        guard case .clarify(let question) = try Self.answer("我想部署一个新的Web应用程序") else { Issue.record("expected a question"); return }
        #expect(question.templateID == "deploy-web-app" && question.missing == ["name", "command", "image"])
        #expect(question.question.contains("名称（name）") && question.question.contains("启动命令（command） 或 镜像（image）"), "\(question.question)")
        guard case .clarify(let english) = try Self.answer("roll back the service") else { Issue.record("expected a question"); return }
        #expect(english.templateID == "rollback-service" && english.missing == ["service"])
        #expect(english.question.hasPrefix("To roll a service back"), "\(english.question)")
    }

    @Test("answers fill the question's gaps, read by each parameter's convention")
    func answers() throws {
        let answer = try Self.answer(
            "我想部署一个新的Web应用程序", answers: ["name": "Shop", "command": "baton-demo serve", "replicas": "3"], template: "deploy-web-app")
        guard case .plan(let plan) = answer else { Issue.record("expected a plan, got \(answer)"); return }
        #expect(plan.parameters == ["name": "shop", "command": "baton-demo serve", "replicas": 3])
        let duration = try Self.answer("view logs", answers: ["service": "api", "since": "半小时"], template: "view-logs")
        guard case .plan(let logs) = duration else { Issue.record("expected a plan, got \(duration)"); return }
        #expect(logs.parameters["since"] == 1800)
    }

    @Test("requests outside the catalog are refused with a reason", arguments: [
        "write me a poem about the sea", "今天天气怎么样", "back up the photos on my iPhone", "帮我订一张去上海的机票",
        "what is the meaning of life",
    ])
    func abstain(text: String) throws {
        guard case .abstain(let abstention) = try Self.answer(text) else { Issue.record("expected an abstention for \(text)"); return }
        #expect(!abstention.reasons.isEmpty)
    }

    /// The issue's targets for the built-in planner on the repository's dev set (latency is
    /// measured by `baton eval planner` in a release build, not here).
    @Test("the dev set: template accuracy ≥ 0.95, frame exact match ≥ 0.90, abstain F1 ≥ 0.90, valid plans 100%")
    func devSetTargets() async throws {
        let library = try RepositoryTemplates.load()
        let file = RepositoryTemplates.directory.deletingLastPathComponent().appendingPathComponent("eval/planner-dev.jsonl")
        let cases = try EvaluationCaseReader(library: library).read(contentsOf: file)
        let report = await PlannerEvaluation(library: library).run(try #require(Self.planner), on: cases)
        #expect(try #require(report.templateAccuracy.value) >= 0.95)
        #expect(try #require(report.frameExactMatch.value) >= 0.90)
        #expect(try #require(report.abstainF1) >= 0.90)
        #expect(report.validPlans.value == 1.0)
    }
}
