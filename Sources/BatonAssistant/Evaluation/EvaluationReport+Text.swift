import BatonWorkflow
import Foundation

extension EvaluationReport {
    /// The report for a person: each metric with its count and total, the failed cases (the
    /// request, then what was expected and what came, with why), the invalid plans, and last
    /// `N passed, N failed`.
    public func text(title: String? = nil) -> String {
        var lines: [String] = []
        let heading = "\(outcomes.count) cases: \(planCases) plan, \(clarifyCases) clarify, \(abstainCases) abstain"
        lines.append(title.map { "\($0): \(heading)" } ?? heading)
        lines.append("")
        let width = 20
        func row(_ label: String, _ value: String) {
            lines.append("  " + label.padding(toLength: width, withPad: " ", startingAt: 0) + value)
        }
        for metric in EvaluationMetric.allCases {
            if let ratio = metric.ratio(in: self) {
                row(metric.label, ratio.description)
            } else {
                row(metric.label, abstainF1.map { Self.decimal($0) } ?? "n/a")
            }
        }
        row("latency p50", latencyP50.map(Self.milliseconds) ?? "n/a")
        row("latency p99", latencyP99.map(Self.milliseconds) ?? "n/a")
        if !failures.isEmpty {
            lines.append("")
            lines.append("Failed cases (\(failures.count)):")
            for outcome in failures {
                let item = outcome.evaluationCase
                lines.append("  \(item.id) \(JSONValue.string(item.request).jsonText()): expected \(Self.describe(item.expectation))")
                let why = outcome.mismatches.isEmpty ? "" : " (\(outcome.mismatches.joined(separator: "; ")))"
                lines.append("    got \(Self.describe(outcome.answer))\(why)")
            }
        }
        if !invalidPlans.isEmpty {
            lines.append("")
            lines.append("Invalid plans (\(invalidPlans.count)):")
            for outcome in invalidPlans {
                lines.append("  \(outcome.evaluationCase.id): \(outcome.planProblems?.joined(separator: "; ") ?? "")")
            }
        }
        lines.append("")
        lines.append("\(passedCount) passed, \(failedCount) failed")
        return lines.joined(separator: "\n")
    }

    /// `plan scale-service {"replicas":5,"service":"api"}`, `clarify deploy-web-app missing [name]`, `abstain`.
    static func describe(_ expectation: EvaluationCase.Expectation) -> String {
        switch expectation {
        case .plan(let template, let parameters): "plan \(template) \(JSONValue.object(parameters).jsonText())"
        case .clarify(let template, let missing): "clarify \(template) missing [\(missing.joined(separator: ", "))]"
        case .abstain: "abstain"
        }
    }

    static func describe(_ answer: PlannerAnswer) -> String {
        switch answer {
        case .plan(let plan): "plan \(plan.templateID) \(JSONValue.object(plan.parameters).jsonText())"
        case .clarify(let clarification): "clarify \(clarification.templateID) missing [\(clarification.missing.joined(separator: ", "))]"
        case .abstain: "abstain"
        }
    }

    /// A duration in milliseconds with three significant decimals: `0.042 ms`, `12.5 ms`.
    static func milliseconds(_ duration: Duration) -> String {
        let value = millisecondsValue(duration)
        return "\(decimal(value, places: value < 1 ? 3 : 1)) ms"
    }

    static func decimal(_ value: Double, places: Int = 3) -> String {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        return "\(rounded)"
    }
}
