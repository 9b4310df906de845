import BatonWorkflow
import Foundation

/// A workflow of the template library: an OWS document whose `input.schema` holds the
/// parameters of its catalog entry, and whose `document.metadata.baton` describes it for the
/// planner (description, example requests in English and Chinese, retrieval keywords, the
/// parameters of which at least one is required, how risky it is, and what it will change).
public struct WorkflowTemplate: Sendable {
    /// How much a template changes: what an approval policy and the preview go by.
    public enum Risk: String, Sendable, Hashable, CaseIterable {
        /// Reads and reports; changes nothing.
        case readOnly = "read-only"
        /// Starts, updates or reconfigures something.
        case mutating
        /// Stops, removes or overwrites something.
        case destructive
    }

    /// The catalog id, also `document.name`.
    public var id: String
    public var summary: String
    public var description: String
    /// The parameters in the order the schema lists them.
    public var parameters: [TemplateParameter]
    /// Groups of parameters of which at least one is required (`one_of` in the catalog).
    public var oneOf: [[String]]
    /// Example requests by language (`en`, `zh`).
    public var examples: [RequestLanguage: [String]]
    /// Words and phrases that point to this template, by language, for retrieval.
    public var keywords: [RequestLanguage: [String]]
    public var risk: Risk
    /// A jq expression over the input that gives the list of changes the plan will make, in
    /// English (`metadata.baton.changes`); nil when the template changes nothing.
    public var changesExpression: String?
    /// The workflow as written, and where it was read from.
    public var source: String
    public var file: String
    public var workflow: Workflow

    public init(
        id: String, summary: String, description: String, parameters: [TemplateParameter], oneOf: [[String]],
        examples: [RequestLanguage: [String]], keywords: [RequestLanguage: [String]], risk: Risk, changesExpression: String?,
        source: String, file: String, workflow: Workflow
    ) {
        self.id = id
        self.summary = summary
        self.description = description
        self.parameters = parameters
        self.oneOf = oneOf
        self.examples = examples
        self.keywords = keywords
        self.risk = risk
        self.changesExpression = changesExpression
        self.source = source
        self.file = file
        self.workflow = workflow
    }

    public func parameter(_ name: String) -> TemplateParameter? {
        parameters.first { $0.name == name }
    }

    public var requiredParameters: [TemplateParameter] { parameters.filter(\.required) }

    /// What `values` leaves unanswered: each required parameter not given (alone), and each
    /// `one_of` group with no member given (all its members).
    public func unansweredRequirements(given values: [String: JSONValue]) -> [[String]] {
        requiredParameters.map(\.name).filter { values[$0] == nil }.map { [$0] }
            + oneOf.filter { group in !group.contains { values[$0] != nil } }
    }

    /// The parameters to ask for, once each: ``unansweredRequirements(given:)`` flattened.
    public func missingParameters(given values: [String: JSONValue]) -> [String] {
        var missing: [String] = []
        for name in unansweredRequirements(given: values).joined() where !missing.contains(name) { missing.append(name) }
        return missing
    }

    /// Every parameter's default, by name.
    public var defaults: [String: JSONValue] {
        Dictionary(uniqueKeysWithValues: parameters.compactMap { parameter in parameter.defaultValue.map { (parameter.name, $0) } })
    }
}
