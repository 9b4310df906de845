import BatonAssistant
import BatonRuntime
import BatonServices
import BatonStore
import Foundation
import BatonWorkflow
import Hummingbird

/// Why a server has no assistant: the template library did not load (the message says which
/// file and what is wrong), or none was found.
public struct AssistantUnavailable: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}

extension APIServer {
    /// The assistant routes: the template library, planning a request (plan, clarify or
    /// abstain, with reasons and a preview), and running an approved plan as a durable run.
    func addAssistantRoutes(to router: Router<BasicRequestContext>) {
        router.get("/assistant/templates") { _, _ in
            let library = try assistantOrUnavailable().library
            return Response.json(["templates": .array(library.templates.map(Self.templateJSON))])
        }
        router.post("/assistant/plan") { request, _ in
            let assistant = try assistantOrUnavailable()
            let body = try await request.jsonBody(limit: configuration.maxBodySize, describedAs: configuration.maxBodySizeDescription)
            let reader = try JSONObjectReader(body, allowed: ["request", "language", "template", "answers"])
            let text = try reader.string("request", required: true) ?? ""
            if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw APIError.invalidInput("`request` is empty: say what you want done", path: "request") }
            let language = try reader.string("language").map { value throws(APIError) in
                guard let language = RequestLanguage(rawValue: value) else { throw APIError.invalidInput("`language` is `en` or `zh`", path: "language") }
                return language
            }
            let templateID = try reader.string("template")
            if let templateID, assistant.library[templateID] == nil {
                throw APIError.invalidInput("no template `\(templateID)`; GET /assistant/templates lists them", path: "template")
            }
            let answers = try reader.object("answers")?.objectValue ?? [:]
            let known = (try? await serviceManager?.status().map(\.name.rawValue)) ?? []
            let answer = await assistant.answer(PlanRequest(text: text, language: language, knownServices: known, templateID: templateID, answers: answers))
            return Response.json(answer.jsonValue)
        }
        router.post("/assistant/execute") { request, _ in
            let assistant = try assistantOrUnavailable()
            guard readiness.phase != .stopping else {
                throw APIError(.serviceUnavailable, .unavailable, "the server is shutting down and starts no new runs; run the plan again once it is back")
            }
            let body = try await request.jsonBody(limit: configuration.maxBodySize, describedAs: configuration.maxBodySizeDescription)
            let reader = try JSONObjectReader(body, allowed: ["template", "parameters", "request", "generated_workflow"])
            let generated = try reader.string("generated_workflow")
            let templateID = try reader.string("template", required: generated == nil) ?? "generated"
            let parameters = try reader.object("parameters")?.objectValue ?? [:]
            let asked = try reader.string("request").map { ["asked: \($0)"] } ?? []
            let plan: Plan
            do throws(PlanProblems) {
                // A workflow a model wrote runs only as sent here, after a person reviewed it.
                if let generated {
                    plan = try assistant.checkedGeneratedPlan(workflow: generated, input: parameters, reasons: asked)
                } else {
                    plan = try assistant.checkedPlan(template: templateID, parameters: parameters, reasons: asked)
                }
            } catch {
                throw APIError(.unprocessableContent, .invalidInput, "the plan cannot run: \(error.problems.joined(separator: "; "))", path: "parameters")
            }
            let applied = try await orchestrator.apply(source: assistant.runnableSource(for: plan), file: generated == nil ? "\(templateID).yaml" : "generated.yaml")
            let run = try await orchestrator.start(applied.definition.key, input: .object(plan.input))
            return Response.json(["run": run.apiValue(pendingApprovals: []), "plan": PlannerAnswer.plan(plan).jsonValue], status: .created)
        }
    }

    func assistantOrUnavailable() throws(APIError) -> Assistant {
        switch assistant {
        case .success(let assistant): return assistant
        case .failure(let reason): throw APIError(.serviceUnavailable, .unavailable, "the assistant is not available: \(reason)")
        }
    }

    static func templateJSON(_ template: WorkflowTemplate) -> JSONValue {
        [
            "id": .string(template.id), "summary": .string(template.summary), "description": .string(template.description),
            "risk": .string(template.risk.rawValue),
            "parameters": .array(template.parameters.map { parameter in
                var value: [String: JSONValue] = ["name": .string(parameter.name), "type": .string(parameter.type.rawValue), "required": .bool(parameter.required)]
                if let kind = parameter.kind { value["kind"] = .string(kind.rawValue) }
                if let defaultValue = parameter.defaultValue { value["default"] = defaultValue }
                if let choices = parameter.enumValues { value["enum"] = .array(choices.map(JSONValue.string)) }
                if let minimum = parameter.minimum { value["minimum"] = .number(minimum) }
                if let description = parameter.description { value["description"] = .string(description) }
                return .object(value)
            }),
            "one_of": .array(template.oneOf.map { .array($0.map(JSONValue.string)) }),
            "examples": .object(Dictionary(uniqueKeysWithValues: template.examples.map { ($0.key.rawValue, .array($0.value.map(JSONValue.string))) })),
        ]
    }
}
