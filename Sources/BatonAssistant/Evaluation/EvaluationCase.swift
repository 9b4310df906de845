import BatonWorkflow

/// One case of a planner evaluation set: a request and the answer it should get.
///
/// The format is the catalog's (`EVALUATION.md`): one JSON object a line with `id`, `request`,
/// `expect` and the optional `lang` and `tags`, which scoring ignores.
public struct EvaluationCase: Sendable, Hashable {
    /// What the planner should answer.
    public enum Expectation: Sendable, Hashable {
        /// A plan for `template` with these stated values (defaults are not listed).
        case plan(template: String, parameters: [String: JSONValue])
        /// A question for `template`: the required parameters listed are missing.
        case clarify(template: String, missing: [String])
        /// No plan: the request is outside what the catalog does.
        case abstain

        /// The template the case expects, for a plan or a clarify.
        public var templateID: String? {
            switch self {
            case .plan(let template, _), .clarify(let template, _): template
            case .abstain: nil
            }
        }
    }

    public var id: String
    public var request: String
    public var expectation: Expectation
    public var language: String?
    public var tags: [String]
    /// Where the case was written (`dev.jsonl:17`), for reports.
    public var file: String
    public var line: Int

    public init(
        id: String, request: String, expectation: Expectation, language: String? = nil, tags: [String] = [],
        file: String = "<cases>", line: Int = 0
    ) {
        self.id = id
        self.request = request
        self.expectation = expectation
        self.language = language
        self.tags = tags
        self.file = file
        self.line = line
    }
}
