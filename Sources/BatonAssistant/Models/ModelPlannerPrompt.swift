import BatonWorkflow

/// What the model is asked: the system prompt (the task, the catalog's conventions, the
/// shortlisted templates) and the shape of its answer, as a JSON Schema for structured output
/// or as tools for tool calling.
///
/// The answer is one of: `plan` or `clarify` with one shortlisted template (a branch per template,
/// so that its parameters are typed by that template's input schema), `abstain`, and — when no
/// template fits and the catalog functions are known — `generate` with a new OWS workflow.
struct ModelPlannerPrompt: Sendable {
    let candidates: [RetrievedTemplate]
    /// The catalog functions by name, with the JSON Schema of their arguments; empty when the
    /// model may not write a workflow.
    let functionSchemas: [String: JSONValue]
    let mayGenerate: Bool

    static let abstainTool = "abstain"
    static let clarifyTool = "ask_for_missing_values"
    static let generateTool = "write_workflow"

    // MARK: - Structured output

    /// Strict structured output needs every property listed and typed; a template with a free-form
    /// object parameter (`env`) cannot be, so the schema is strict only when none has one.
    var isStrict: Bool { candidates.allSatisfy { $0.template.parameters.allSatisfy { $0.type != .object } } }

    var responseFormat: ResponseFormat {
        .jsonSchema(name: "baton_plan", schema: answerSchema, strict: isStrict)
    }

    var answerSchema: JSONValue {
        let strict = isStrict
        var branches: [JSONValue] = candidates.map { templateBranch($0.template, strict: strict) }
        branches.append(Self.object(["decision": Self.constant("abstain"), "reason": Self.text("why no template fits the request")]))
        if mayGenerate {
            branches.append(Self.object([
                "decision": Self.constant("generate"),
                "workflow": Self.text("the whole OWS 1.0.3 workflow document, as YAML"),
                "reason": Self.text("why no template fits and what the workflow does"),
            ]))
        }
        return Self.object(["answer": ["anyOf": .array(branches)]])
    }

    private func templateBranch(_ template: WorkflowTemplate, strict: Bool) -> JSONValue {
        var properties: [String: JSONValue] = [:]
        for parameter in template.parameters { properties[parameter.name] = parameter.modelSchema(nullable: strict) }
        var parameters: [String: JSONValue] = ["type": "object", "properties": .object(properties), "additionalProperties": false]
        parameters["required"] = .array(strict ? template.parameters.map { JSONValue.string($0.name) } : [])
        return Self.object([
            "decision": ["type": "string", "enum": ["plan", "clarify"]],
            "template": Self.constant(template.id),
            "parameters": .object(parameters),
            "missing": [
                "type": "array", "description": "for clarify: the required parameters the request does not state",
                "items": ["type": "string", "enum": .array(template.parameters.map { JSONValue.string($0.name) })],
            ],
            "question": Self.text("for clarify: the question to ask, in the request's language; empty for plan"),
            "reason": Self.text("why this template, and how the values were read from the request"),
        ])
    }

    static func object(_ properties: [String: JSONValue]) -> JSONValue {
        ["type": "object", "properties": .object(properties), "required": .array(properties.keys.sorted().map(JSONValue.string)), "additionalProperties": false]
    }

    static func constant(_ value: String) -> JSONValue { ["type": "string", "enum": [.string(value)]] }
    static func text(_ description: String) -> JSONValue { ["type": "string", "description": .string(description)] }

    // MARK: - Tool calling

    /// One tool per template (its parameters typed by its input schema, with a `reason`), one to
    /// ask for missing values, one to abstain, and one to write a workflow when that is allowed.
    var tools: [ToolDefinition] {
        var tools: [ToolDefinition] = candidates.map { candidate in
            let template = candidate.template
            var properties: [String: JSONValue] = ["reason": Self.text("why this template, and how the values were read from the request")]
            for parameter in template.parameters { properties[parameter.name] = parameter.modelSchema(nullable: false) }
            return ToolDefinition(
                name: template.id, description: "\(template.summary) Call it when the request states every required value.",
                parameters: [
                    "type": "object", "properties": .object(properties), "additionalProperties": false,
                    "required": .array(["reason"] + template.requiredParameters.map { JSONValue.string($0.name) }),
                ])
        }
        tools.append(ToolDefinition(
            name: Self.clarifyTool, description: "Ask the operator for required values the request does not state, for one template.",
            parameters: [
                "type": "object", "additionalProperties": false, "required": ["template", "missing", "question", "reason"],
                "properties": [
                    "template": ["type": "string", "enum": .array(candidates.map { JSONValue.string($0.template.id) })],
                    "parameters": ["type": "object", "description": "the values the request does state"],
                    "missing": ["type": "array", "items": ["type": "string"]],
                    "question": Self.text("the question to ask, in the request's language"),
                    "reason": Self.text("why this template"),
                ],
            ]))
        tools.append(ToolDefinition(
            name: Self.abstainTool, description: "Refuse: no template fits the request (it is outside what Baton does).",
            parameters: Self.object(["reason": Self.text("why no template fits")])))
        if mayGenerate {
            tools.append(ToolDefinition(
                name: Self.generateTool, description: "Write a new OWS 1.0.3 workflow when no template fits but the catalog functions can do it.",
                parameters: Self.object(["workflow": Self.text("the whole workflow document, as YAML"), "reason": Self.text("what it does and why")])))
        }
        return tools
    }

    /// A tool call as the answer object the JSON mode would have given.
    static func answer(fromToolCall call: ToolCall, arguments: JSONValue) -> JSONValue {
        var members = arguments.objectValue ?? [:]
        switch call.name {
        case abstainTool: return ["decision": "abstain", "reason": members["reason"] ?? ""]
        case generateTool: return ["decision": "generate", "workflow": members["workflow"] ?? .null, "reason": members["reason"] ?? ""]
        case clarifyTool:
            members["decision"] = "clarify"
            return .object(members)
        default:
            let reason = members.removeValue(forKey: "reason") ?? ""
            return ["decision": "plan", "template": .string(call.name), "parameters": .object(members), "reason": reason]
        }
    }

    // MARK: - The system prompt

    var system: String {
        var text = """
            You are the planner of Baton, a service orchestrator. An operator's request (English or Chinese) must become \
            one of the workflow templates below with its parameters filled in, a question for missing values, or a refusal.

            Rules:
            - Choose only among the templates listed here. If none does what the request asks, abstain and say why.
            - Fill only values the request states. A REQUIRED parameter that the request does not state makes the answer \
            a clarify that lists it in `missing` (never guess a name, a command or an image). Leave out optional parameters \
            the request does not mention: their defaults apply.
            - Normalize values by the catalog's conventions: durations in integer seconds ("10 minutes" → 600, "半小时" → 1800); \
            percents as numbers 0..100 ("10%" → 10); rates as fractions 0..1 ("1%" → 0.01); sizes in integer GiB ("20G" → 20); \
            schedules as 5-field cron ("every night at 2am", "每天凌晨2点" → "0 2 * * *"); names as written, lower-cased \
            ("Checkout" → "checkout"); booleans true/false; enums one of the listed words.
            - Text like ⟦SECRET_1⟧, ⟦EMAIL_1⟧ or ⟦IP_1⟧ stands for a value hidden from you: copy it unchanged where the value belongs.
            - Give a short reason: which template and why, how you read each value.
            - Write a clarify question in the request's language.

            Templates:
            """
        for candidate in candidates {
            let template = candidate.template
            text += "\n\n## \(template.id)\n\(template.description)\nParameters:"
            for parameter in template.parameters {
                text += "\n- \(parameter.name) (\(parameter.type.rawValue)): \(parameter.modelDescription)"
            }
            for group in template.oneOf { text += "\nAt least one of \(group.joined(separator: ", ")) is required." }
            let examples = (template.examples[.en] ?? []).prefix(2) + (template.examples[.zh] ?? []).prefix(2)
            if !examples.isEmpty { text += "\nExample requests: " + examples.map { "\"\($0)\"" }.joined(separator: "; ") }
        }
        if candidates.isEmpty { text += "\n(none matched the request)" }
        if mayGenerate { text += "\n\n" + generationGuide }
        return text
    }

    private var generationGuide: String {
        var text = """
            Writing a workflow: when no template above fits but the request is an orchestration of Baton's services that the \
            catalog functions below can do, you may answer `generate` with a new workflow in the Open Workflow Specification \
            (OWS, formerly Serverless Workflow) DSL 1.0.3, as YAML. A person reviews it before it runs. If the request is not \
            about operating services, abstain instead. The essentials:

            document:
              dsl: '1.0.3'
              namespace: generated
              name: a-kebab-case-name
              version: '1.0.0'
              summary: what it does
            do:
              - firstStep:
                  call: service-deploy:1.0.0@default
                  with:
                    name: shop
              - secondStep:
                  wait:
                    seconds: 30

            - `do` is a list of one-key maps (the step's name → the task). Tasks: `call` (a catalog function as \
            `NAME:1.0.0@default`, its arguments in `with`), `set`, `wait` (`seconds`, `minutes`), `switch`, `for`, `try`/`catch`, `do`.
            - `if: ${ jq }` guards a task; `${ … }` values are jq over the task's input; `$workflow.input` is the workflow's input.
            - Use no `run: shell` and no `call: http` unless the request names them.

            Catalog functions (the JSON Schema of each one's `with`):
            """
        for name in functionSchemas.keys.sorted() {
            text += "\n- \(name):1.0.0@default: \(functionSchemas[name]?.jsonText() ?? "{}")"
        }
        return text
    }
}
