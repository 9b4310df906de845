import BatonWorkflow

/// A request to plan: what the operator said, and what the planner may know around it.
public struct PlanRequest: Sendable, Hashable {
    public var text: String
    /// The language to answer in; detected from the text when nil.
    public var language: RequestLanguage?
    /// Names of the services that exist, when known: they help tell a name from a word.
    public var knownServices: [String]
    /// The template to use, when the operator has chosen it (answering a clarifying question).
    public var templateID: String?
    /// Values the operator gave for parameters (answers to a clarifying question), as typed:
    /// they are read by each parameter's type and convention and win over what the request says.
    public var answers: [String: JSONValue]

    public init(text: String, language: RequestLanguage? = nil, knownServices: [String] = [], templateID: String? = nil, answers: [String: JSONValue] = [:]) {
        self.text = text
        self.language = language
        self.knownServices = knownServices
        self.templateID = templateID
        self.answers = answers
    }

    public var answerLanguage: RequestLanguage { language ?? RequestLanguage(detectingIn: text) }
}

/// Who produced an answer.
public enum PlannerOrigin: Sendable, Hashable {
    /// The built-in, deterministic planner.
    case builtIn
    /// A model, by its name.
    case model(String)
    /// The built-in planner, because the model's endpoint failed (the reason says how).
    case fallback(reason: String)

    public var jsonValue: JSONValue {
        switch self {
        case .builtIn: ["kind": "built-in"]
        case .model(let name): ["kind": "model", "model": .string(name)]
        case .fallback(let reason): ["kind": "fallback", "reason": .string(reason)]
        }
    }
}

/// A planner's answer: a plan, a question, or a reasoned refusal.
public enum PlannerAnswer: Sendable, Hashable {
    case plan(Plan)
    case clarify(Clarification)
    case abstain(Abstention)

    public var templateID: String? {
        switch self {
        case .plan(let plan): plan.templateID
        case .clarify(let clarification): clarification.templateID
        case .abstain: nil
        }
    }

    public var reasons: [String] {
        switch self {
        case .plan(let plan): plan.reasons
        case .clarify(let clarification): clarification.reasons
        case .abstain(let abstention): abstention.reasons
        }
    }

    public var origin: PlannerOrigin {
        switch self {
        case .plan(let plan): plan.origin
        case .clarify(let clarification): clarification.origin
        case .abstain(let abstention): abstention.origin
        }
    }
}

/// A template and the values to run it with.
public struct Plan: Sendable, Hashable {
    public var templateID: String
    /// The values the request states, normalized by the catalog's conventions.
    public var parameters: [String: JSONValue]
    /// The defaults applied for what the request did not state.
    public var defaults: [String: JSONValue]
    /// Why this template and these values: what matched, what was read how.
    public var reasons: [String]
    public var origin: PlannerOrigin
    /// A workflow written by a model because no template fitted: it needs a person's review.
    public var generatedWorkflow: String?
    /// The instantiated workflow and what it will change (filled by `PlanInstantiator`).
    public var preview: PlanPreview?

    public init(
        templateID: String, parameters: [String: JSONValue], defaults: [String: JSONValue] = [:], reasons: [String] = [],
        origin: PlannerOrigin = .builtIn, generatedWorkflow: String? = nil, preview: PlanPreview? = nil
    ) {
        self.templateID = templateID
        self.parameters = parameters
        self.defaults = defaults
        self.reasons = reasons
        self.origin = origin
        self.generatedWorkflow = generatedWorkflow
        self.preview = preview
    }

    /// The workflow's input: the stated values over the defaults.
    public var input: [String: JSONValue] { defaults.merging(parameters) { _, stated in stated } }

    public var needsReview: Bool { generatedWorkflow != nil }
}

/// The template the planner would use, and the required values the request does not give.
public struct Clarification: Sendable, Hashable {
    public var templateID: String
    /// Required parameters that are missing; for a `one_of` group with none given, every member.
    public var missing: [String]
    /// The values the request did state.
    public var known: [String: JSONValue]
    /// The question to ask, in the request's language.
    public var question: String
    public var reasons: [String]
    public var origin: PlannerOrigin

    public init(templateID: String, missing: [String], known: [String: JSONValue], question: String, reasons: [String], origin: PlannerOrigin = .builtIn) {
        self.templateID = templateID
        self.missing = missing
        self.known = known
        self.question = question
        self.reasons = reasons
        self.origin = origin
    }
}

/// Why the planner will not answer with a plan: the request is outside what the catalog does.
public struct Abstention: Sendable, Hashable {
    public var reasons: [String]
    /// The closest templates and how well they matched (0…1), best first.
    public var candidates: [Candidate]
    public var origin: PlannerOrigin

    public struct Candidate: Sendable, Hashable {
        public var templateID: String
        public var score: Double

        public init(templateID: String, score: Double) {
            self.templateID = templateID
            self.score = score
        }
    }

    public init(reasons: [String], candidates: [Candidate] = [], origin: PlannerOrigin = .builtIn) {
        self.reasons = reasons
        self.candidates = candidates
        self.origin = origin
    }
}

/// What a plan will do, shown before it runs.
public struct PlanPreview: Sendable, Hashable {
    /// The workflow that will run (the template's document as written, or a generated one).
    public var workflow: String
    /// The input it will run with.
    public var input: JSONValue
    /// What it will change, in words; empty for a read-only template.
    public var changes: [String]
    public var risk: WorkflowTemplate.Risk

    public init(workflow: String, input: JSONValue, changes: [String], risk: WorkflowTemplate.Risk) {
        self.workflow = workflow
        self.input = input
        self.changes = changes
        self.risk = risk
    }
}

/// Turns a request into an answer. The built-in planner and the model-backed one both are.
public protocol Planner: Sendable {
    func answer(_ request: PlanRequest) async -> PlannerAnswer
}
