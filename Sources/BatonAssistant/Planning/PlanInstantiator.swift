import BatonWorkflow
import Foundation

/// The problems that keep a plan from running: each names the parameter (`input.port`) or the
/// place in a generated workflow, and what is wrong. A model's answer gets them back to repair.
public struct PlanProblems: Error, Sendable, Hashable, CustomStringConvertible {
    public var problems: [String]

    public init(_ problems: [String]) {
        self.problems = problems
    }

    public var description: String { problems.joined(separator: "\n") }
}

/// Instantiates a plan: checks its values against the template's input schema (and that every
/// stated parameter exists), validates the workflow it will run (a generated one in full), and
/// works out the preview — the workflow, its input, and what it will change.
public struct PlanInstantiator: Sendable {
    public var library: TemplateLibrary
    public var validator: WorkflowValidator
    private let evaluator = ExpressionEvaluator()
    private let schemas: [String: JSONSchema]

    public init(library: TemplateLibrary, validator: WorkflowValidator = WorkflowValidator()) {
        self.library = library
        self.validator = validator
        var schemas: [String: JSONSchema] = [:]
        for template in library.templates {
            if case .document(let schema)? = template.workflow.input?.schema?.source, let compiled = try? JSONSchema(schema) {
                schemas[template.id] = compiled
            }
        }
        self.schemas = schemas
        // jq compiles each `changes` expression on first use (milliseconds each): compile them
        // now, so that no plan waits for it.
        for template in library.templates {
            guard let expression = template.changesExpression else { continue }
            _ = try? evaluator.evaluate(expression, on: .object(template.defaults))
        }
    }

    /// The plan with its preview, or every problem found.
    public func instantiate(_ plan: Plan) throws(PlanProblems) -> Plan {
        if let generated = plan.generatedWorkflow { return try instantiateGenerated(plan, source: generated) }
        guard let template = library[plan.templateID] else {
            throw PlanProblems(["template: no template `\(plan.templateID)`; use one of \(library.ids.joined(separator: ", "))"])
        }
        var problems: [String] = []
        for name in plan.parameters.keys.sorted() where template.parameter(name) == nil {
            problems.append("input.\(name): `\(template.id)` has no parameter `\(name)`; its parameters are \(template.parameters.map(\.name).joined(separator: ", "))")
        }
        let input = JSONValue.object(plan.input)
        if let schema = schemas[template.id] {
            problems += schema.validate(input, reporting: .all).map { error in
                let path = error.instancePath.isRoot ? "input" : "input.\(error.instancePath)"
                return "\(path): \(error.message)"
            }
        }
        if !problems.isEmpty { throw PlanProblems(problems) }
        var changes: [String] = []
        if let expression = template.changesExpression {
            do throws(ExpressionError) {
                let value = try evaluator.evaluate(expression, on: input)
                changes = value.arrayValue?.compactMap(\.stringValue) ?? value.stringValue.map { [$0] } ?? []
            } catch {
                throw PlanProblems(["\(template.file): document.metadata.baton.changes: \(error)"])
            }
        }
        var planned = plan
        planned.preview = PlanPreview(workflow: template.source, input: input, changes: changes, risk: template.risk)
        return planned
    }

    /// A workflow a model wrote: it must load and validate like any other.
    private func instantiateGenerated(_ plan: Plan, source: String) throws(PlanProblems) -> Plan {
        let report = validator.validate(text: source, file: "generated.yaml")
        let errors = report.diagnostics.filter { $0.severity == .error }
        guard report.workflow != nil, errors.isEmpty else { throw PlanProblems(errors.map(\.description)) }
        var planned = plan
        planned.preview = PlanPreview(
            workflow: source, input: .object(plan.input),
            changes: ["runs a workflow written by a model (not from the template library): review it before it runs"],
            risk: .destructive
        )
        return planned
    }
}
