import BatonWorkflow
import Foundation

/// Turns a model's answer into a planner answer, or into the problems to send back for repair.
/// Nothing the model says is taken on trust: the JSON is parsed, the template must be one of the
/// shortlist, the values are checked by the plan instantiator against the template's input schema,
/// a name the request does not contain is refused, and a plan without a required value becomes a
/// question.
struct ModelAnswerReader: Sendable {
    let request: PlanRequest
    let candidates: [RetrievedTemplate]
    let instantiator: PlanInstantiator
    let functionNames: Set<String>
    let mayGenerate: Bool
    let origin: PlannerOrigin

    enum Outcome {
        case answer(PlannerAnswer)
        case problems([String])
    }

    /// Reads `response` (its placeholders restored by `session`).
    func read(_ response: ChatResponse, session: RedactionSession) -> Outcome {
        let object: JSONValue
        if let call = response.toolCalls.first {
            guard let arguments = try? JSONValue(jsonText: call.arguments) else {
                return .problems(["tool_calls[0].function.arguments: not JSON: \(call.arguments.prefix(200))"])
            }
            object = ModelPlannerPrompt.answer(fromToolCall: call, arguments: session.restore(arguments))
        } else {
            guard let content = response.content, !content.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                return .problems(["the answer is empty: answer with the JSON object"])
            }
            let json: JSONValue
            do throws(Diagnostic) {
                json = try JSONValue(jsonText: Self.strippingCodeFence(content))
            } catch {
                return .problems(["the answer is not JSON (\(error.message)): answer with one JSON object and nothing else"])
            }
            let restored = session.restore(json)
            object = restored["answer"] ?? restored
        }
        return read(object)
    }

    func read(_ object: JSONValue) -> Outcome {
        guard let decision = object["decision"]?.stringValue else {
            return .problems(["answer.decision: expected one of plan, clarify, abstain\(mayGenerate ? ", generate" : "")"])
        }
        let reason = object["reason"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        switch decision {
        case "abstain":
            return .answer(.abstain(Abstention(
                reasons: ["the model found no template for the request" + (reason.map { ": \($0)" } ?? "")],
                candidates: candidates.map { Abstention.Candidate(templateID: $0.template.id, score: $0.score) }, origin: origin)))
        case "generate":
            guard mayGenerate else { return .problems(["answer.decision: `generate` is not offered here; choose a template or abstain"]) }
            return generated(object["workflow"]?.stringValue, reason: reason)
        case "plan", "clarify":
            return templated(object, clarify: decision == "clarify", reason: reason)
        default:
            return .problems(["answer.decision: `\(decision)` is not one of plan, clarify, abstain\(mayGenerate ? ", generate" : "")"])
        }
    }

    private func templated(_ object: JSONValue, clarify: Bool, reason: String?) -> Outcome {
        let ids = candidates.map(\.template.id)
        guard let id = object["template"]?.stringValue, let candidate = candidates.first(where: { $0.template.id == id }) else {
            let named = object["template"]?.stringValue.map { "`\($0)` is not one of the templates offered" } ?? "missing"
            return .problems(["answer.template: \(named); use one of \(ids.joined(separator: ", "))"])
        }
        let template = candidate.template
        var parameters: [String: JSONValue] = [:]
        if let given = object["parameters"] {
            guard let members = given.objectValue else { return .problems(["answer.parameters: expected an object of parameter values"]) }
            parameters = members.filter { !$0.value.isNull }
        }
        var problems: [String] = []
        // A name is copied from the request, never made up.
        let text = request.text.lowercased()
        for parameter in template.parameters where parameter.kind == .name {
            guard let value = parameters[parameter.name]?.stringValue else { continue }
            if !text.contains(value.lowercased()) && !request.knownServices.contains(value) {
                problems.append(
                    "input.\(parameter.name): `\(value)` is not in the request; give only names the request states, or answer clarify with `\(parameter.name)` in missing")
            }
        }
        var missing = template.missingParameters(given: parameters)
        var reasons = ["template `\(template.id)` (retrieval score \(candidate.score.formatted(.number.precision(.fractionLength(2)))))"
            + (reason.map { ": \($0)" } ?? "")]
        if clarify || !missing.isEmpty {
            let named = (object["missing"]?.arrayValue ?? []).compactMap(\.stringValue).filter { template.parameter($0) != nil }
            for name in named where !missing.contains(name) { missing.append(name) }
            guard problems.isEmpty else { return .problems(problems) }
            guard !missing.isEmpty else {
                return .problems(["answer.missing: every required value of `\(template.id)` is given; answer plan, or list in missing what the request leaves open"])
            }
            if !clarify { reasons.append("the model planned without \(missing.joined(separator: ", ")), which the request does not state: asking instead") }
            let question = object["question"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? Self.question(for: missing, template: template.id, language: request.answerLanguage)
            return .answer(.clarify(Clarification(
                templateID: template.id, missing: missing, known: parameters, question: question, reasons: reasons, origin: origin)))
        }
        let defaults = template.defaults.filter { parameters[$0.key] == nil }
        if !defaults.isEmpty {
            reasons.append("defaults applied: " + defaults.keys.sorted().map { "\($0) = \(defaults[$0]!.jsonText())" }.joined(separator: ", "))
        }
        let plan = Plan(templateID: template.id, parameters: parameters, defaults: defaults, reasons: reasons, origin: origin)
        do throws(PlanProblems) {
            let instantiated = try instantiator.instantiate(plan)
            guard problems.isEmpty else { return .problems(problems) }
            return .answer(.plan(instantiated))
        } catch {
            return .problems(problems + error.problems)
        }
    }

    private func generated(_ workflow: String?, reason: String?) -> Outcome {
        guard let workflow, !workflow.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            return .problems(["answer.workflow: expected the workflow document as YAML text"])
        }
        let source = Self.strippingCodeFence(workflow)
        var problems: [String] = []
        // Catalog calls must name a function that exists.
        let pattern = /call:\s*["']?([A-Za-z0-9_.-]+):([A-Za-z0-9_.-]+)@default/
        for match in source.matches(of: pattern) where !functionNames.contains(String(match.output.1)) {
            problems.append(
                "workflow: `\(match.output.1):\(match.output.2)@default` is not a catalog function; use one of \(functionNames.sorted().joined(separator: ", "))")
        }
        let plan = Plan(
            templateID: "generated", parameters: [:],
            reasons: ["no template fits the request; the model wrote a workflow that needs review" + (reason.map { ": \($0)" } ?? "")],
            origin: origin, generatedWorkflow: source)
        do throws(PlanProblems) {
            let instantiated = try instantiator.instantiate(plan)
            return problems.isEmpty ? .answer(.plan(instantiated)) : .problems(problems)
        } catch {
            return .problems(problems + error.problems.map { "workflow: \($0)" })
        }
    }

    /// A question for the missing values when the model gave none.
    static func question(for missing: [String], template: String, language: RequestLanguage) -> String {
        switch language {
        case .en: "To run \(template), I need: \(missing.joined(separator: ", ")). What should they be?"
        case .zh: "要执行 \(template)，还需要：\(missing.joined(separator: "、"))。请提供。"
        }
    }

    /// The JSON inside a Markdown code fence, when a model wrapped it in one.
    static func strippingCodeFence(_ text: String) -> String {
        var trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix("```") else { return trimmed }
        if let newline = trimmed.firstIndex(of: "\n") { trimmed = String(trimmed[trimmed.index(after: newline)...]) }
        if trimmed.hasSuffix("```") { trimmed = String(trimmed.dropLast(3)) }
        return trimmed.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
