import BatonWorkflow
import Logging

/// A planner backed by a model: retrieval shortlists templates, the model chooses one and fills
/// it under a schema built from their input schemas, and every answer is checked (see
/// ``ModelAnswerReader``) and repaired at most `maxRepairs` times by sending the problems back.
///
/// The model is never needed: when its endpoint fails, or its answer is still wrong after the
/// repairs, the `fallback` planner (the built-in one) answers, with origin `.fallback(reason:)`
/// saying why. What goes to the model is redacted first, and its answer restored.
public struct ModelPlanner: Planner {
    public var provider: any ModelProvider
    public var library: TemplateLibrary
    public var retriever: any TemplateRetrieving
    public var fallback: any Planner
    public var redactor: Redactor
    /// The catalog functions (name → JSON Schema of `with`) a generated workflow may call; empty:
    /// the model may not write workflows.
    public var functionSchemas: [String: JSONValue]
    public var answerMode: ModelConfiguration.AnswerMode
    public var shortlistSize: Int
    /// The retrieval score under which a template is no good match: when none reaches it, the
    /// model may write a workflow (if functions are given) or the fallback answers.
    public var retrievalThreshold: Double
    public var maxRepairs: Int
    /// The sampling temperature; nil leaves it to the provider's configuration (0 by default).
    public var temperature: Double?
    public var logger: Logger
    private let instantiator: PlanInstantiator

    public init(
        provider: any ModelProvider, library: TemplateLibrary, retriever: any TemplateRetrieving, fallback: any Planner,
        redactor: Redactor = Redactor(), functionSchemas: [String: JSONValue] = [:], answerMode: ModelConfiguration.AnswerMode = .json,
        shortlistSize: Int = 5, retrievalThreshold: Double = 0.2, maxRepairs: Int = 2, temperature: Double? = nil,
        logger: Logger = Logger(label: "baton.assistant.models")
    ) {
        self.provider = provider
        self.library = library
        self.retriever = retriever
        self.fallback = fallback
        self.redactor = redactor
        self.functionSchemas = functionSchemas
        self.answerMode = answerMode
        self.shortlistSize = shortlistSize
        self.retrievalThreshold = retrievalThreshold
        self.maxRepairs = maxRepairs
        self.temperature = temperature
        self.logger = logger
        self.instantiator = PlanInstantiator(library: library)
    }

    public func answer(_ request: PlanRequest) async -> PlannerAnswer {
        let shortlist = retriever.shortlist(request, limit: shortlistSize)
        let good = shortlist.filter { $0.score >= retrievalThreshold }
        let mayGenerate = good.isEmpty && !functionSchemas.isEmpty
        let candidates = good.isEmpty && mayGenerate ? shortlist : good
        guard !candidates.isEmpty || mayGenerate else {
            return await fallingBack(request, because: "no template matched the request well enough (score ≥ \(retrievalThreshold)) for the model to choose from")
        }
        let prompt = ModelPlannerPrompt(candidates: candidates, functionSchemas: functionSchemas, mayGenerate: mayGenerate)
        let reader = ModelAnswerReader(
            request: request, candidates: candidates, instantiator: instantiator, functionNames: Set(functionSchemas.keys),
            mayGenerate: mayGenerate, origin: .model(provider.model))
        var session = redactor.session()
        var messages: [ChatMessage] = [.system(prompt.system), .user(session.redact(userMessage(request)))]
        var problems: [String] = []
        for round in 0...maxRepairs {
            let chat = ChatRequest(
                messages: messages, responseFormat: answerMode == .json ? prompt.responseFormat : nil,
                tools: answerMode == .tools ? prompt.tools : [], toolChoice: answerMode == .tools ? .required : nil,
                temperature: temperature, purpose: round == 0 ? "plan" : "repair \(round)")
            let response: ChatResponse
            do throws(ModelProviderError) {
                response = try await provider.complete(chat)
            } catch {
                logger.info("the model endpoint failed; the built-in planner answers", metadata: ["model.error": "\(error)"])
                return await fallingBack(request, because: "the model endpoint failed: \(error)")
            }
            switch reader.read(response, session: session) {
            case .answer(let answer):
                guard round > 0 else { return answer }
                return answer.adding(reason: "the model's answer was repaired (\(round) round\(round == 1 ? "" : "s")) after: \(problems.joined(separator: "; "))")
            case .problems(let found):
                problems = found
                logger.info("the model's answer has problems", metadata: ["model.round": "\(round)", "model.problems": "\(found)"])
                let feedback = session.redact(
                    "Your answer has these problems:\n" + found.map { "- \($0)" }.joined(separator: "\n")
                        + "\nAnswer again, in full, with the problems fixed.")
                if let call = response.toolCalls.first {
                    messages.append(.assistant(response.content, toolCalls: [call]))
                    messages.append(ChatMessage(role: .tool, content: feedback, toolCallID: call.id))
                } else {
                    messages.append(.assistant(response.content ?? ""))
                    messages.append(.user(feedback))
                }
            }
        }
        return await fallingBack(
            request, because: "the model's answer was still invalid after \(maxRepairs) repairs: \(problems.joined(separator: "; "))")
    }

    private func userMessage(_ request: PlanRequest) -> String {
        var text = "Request: \(request.text)"
        if !request.knownServices.isEmpty { text += "\nServices that exist: \(request.knownServices.joined(separator: ", "))" }
        text += "\nAnswer language: \(request.answerLanguage == .zh ? "Chinese" : "English")"
        return text
    }

    private func fallingBack(_ request: PlanRequest, because reason: String) async -> PlannerAnswer {
        await fallback.answer(request).withOrigin(.fallback(reason: reason)).adding(reason: reason)
    }
}

extension PlannerAnswer {
    /// The same answer, said to come from `origin`.
    func withOrigin(_ origin: PlannerOrigin) -> PlannerAnswer {
        switch self {
        case .plan(var plan):
            plan.origin = origin
            return .plan(plan)
        case .clarify(var clarification):
            clarification.origin = origin
            return .clarify(clarification)
        case .abstain(var abstention):
            abstention.origin = origin
            return .abstain(abstention)
        }
    }

    /// The same answer with one more reason.
    func adding(reason: String) -> PlannerAnswer {
        switch self {
        case .plan(var plan):
            plan.reasons.append(reason)
            return .plan(plan)
        case .clarify(var clarification):
            clarification.reasons.append(reason)
            return .clarify(clarification)
        case .abstain(var abstention):
            abstention.reasons.append(reason)
            return .abstain(abstention)
        }
    }
}
