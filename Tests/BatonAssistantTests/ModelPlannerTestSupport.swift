import BatonAssistant
import BatonWorkflow
import Foundation
import Synchronization

/// Retrieval for the model planner's tests: a template scores by how many of its keywords the
/// request contains (two or more: 1.0).
struct KeywordRetriever: TemplateRetrieving {
    let library: TemplateLibrary

    func shortlist(_ request: PlanRequest, limit: Int) -> [RetrievedTemplate] {
        let text = request.text.lowercased()
        return library.templates.map { template in
            let keywords = template.keywords.values.flatMap { $0 }
            let hits = keywords.filter { text.contains($0.lowercased()) }.count
            return RetrievedTemplate(template: template, score: min(1, Double(hits) / 2))
        }
        .filter { $0.score > 0 }
        .sorted { $0.score > $1.score }
        .prefix(limit)
        .map { $0 }
    }
}

/// Stands in for the built-in planner: it abstains, so a test can tell its answer from the model's.
struct AbstainingPlanner: Planner {
    func answer(_ request: PlanRequest) async -> PlannerAnswer {
        .abstain(Abstention(reasons: ["the stand-in for the built-in planner"], origin: .builtIn))
    }
}

/// The back-off waits a provider asked for, returned from at once.
final class RecordedSleeps: Sendable {
    private let waits = Mutex<[Duration]>([])

    var all: [Duration] { waits.withLock { $0 } }

    var sleep: @Sendable (Duration) async throws -> Void {
        { duration in self.waits.withLock { $0.append(duration) } }
    }
}

/// A model answer in the JSON mode's shape.
func planAnswer(_ template: String = "deploy-web-app", decision: String = "plan", parameters: JSONValue, missing: [String] = [], reason: String = "it deploys a web app") -> String {
    JSONValue.object([
        "answer": [
            "decision": .string(decision), "template": .string(template), "parameters": parameters,
            "missing": .array(missing.map(JSONValue.string)), "question": "", "reason": .string(reason),
        ],
    ]).jsonText()
}
