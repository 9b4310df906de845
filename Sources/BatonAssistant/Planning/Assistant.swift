import BatonWorkflow
import Foundation

/// What `baton ask` and the `/assistant` routes use: the template library, the planner that
/// answers requests (the built-in one unless a model is configured), and the checks a plan
/// passes again before it runs — a plan comes back from a person or a client and is never
/// trusted as sent.
public struct Assistant: Sendable {
    public let library: TemplateLibrary
    public let planner: any Planner
    public let instantiator: PlanInstantiator

    public init(library: TemplateLibrary, planner: (any Planner)? = nil, instantiator: PlanInstantiator? = nil) {
        self.library = library
        let builtIn = planner == nil ? BuiltInPlanner(library: library) : nil
        self.planner = planner ?? builtIn!
        // The built-in planner's instantiator has every template's jq compiled already.
        self.instantiator = instantiator ?? builtIn?.instantiator ?? PlanInstantiator(library: library)
    }

    public func answer(_ request: PlanRequest) async -> PlannerAnswer {
        await planner.answer(request)
    }

    /// The plan for a template and the values to run it with, checked and previewed.
    /// - Parameter parameters: the values to run with; every one is read by its parameter's
    ///   type and convention (as answers are), and the template's defaults fill the rest.
    public func checkedPlan(template id: String, parameters: [String: JSONValue], reasons: [String] = []) throws(PlanProblems) -> Plan {
        guard let template = library[id] else {
            throw PlanProblems(["template: no template `\(id)`; use one of \(library.ids.joined(separator: ", "))"])
        }
        var values: [String: JSONValue] = [:]
        var problems: [String] = []
        for (name, value) in parameters.sorted(by: { $0.key < $1.key }) {
            do throws(ParameterAnswers.Problem) {
                values[name] = try ParameterAnswers.value(value, for: name, in: template)
            } catch {
                problems.append("parameters.\(name): \(error)")
            }
        }
        if !problems.isEmpty { throw PlanProblems(problems) }
        let missing = template.unansweredRequirements(given: values).map { $0.joined(separator: " or ") }
        if !missing.isEmpty { throw PlanProblems(missing.map { "parameters.\($0): required, and not given" }) }
        var defaults = template.defaults
        for name in values.keys { defaults[name] = nil }
        return try instantiator.instantiate(Plan(templateID: id, parameters: values, defaults: defaults, reasons: reasons))
    }

    /// A workflow a model wrote (a plan marked as needing review), checked like any document:
    /// it must load and validate in full.
    public func checkedGeneratedPlan(workflow source: String, input: [String: JSONValue], reasons: [String] = []) throws(PlanProblems) -> Plan {
        try instantiator.instantiate(Plan(templateID: "generated", parameters: input, reasons: reasons, generatedWorkflow: source))
    }

    /// The workflow to store and run for a plan: the template (or the generated workflow) as
    /// JSON, its version carrying a digest of its content (`1.0.0+c3f9a…`), so that a template
    /// edited without a new version is stored beside the old one rather than refused.
    public func runnableSource(for plan: Plan) -> String {
        let source = plan.generatedWorkflow ?? library[plan.templateID]?.source ?? ""
        let document: JSONValue
        if let generated = plan.generatedWorkflow {
            document = (try? Workflow.load(text: generated, file: "generated.yaml").documentValue) ?? .null
        } else {
            document = library[plan.templateID]?.workflow.documentValue ?? .null
        }
        guard var members = document.objectValue, var header = members["document"]?.objectValue, let version = header["version"]?.stringValue else {
            return source
        }
        let base = version.split(separator: "+", maxSplits: 1).first.map(String.init) ?? version
        header["version"] = .string("\(base)+c\(Self.digest(source))")
        members["document"] = .object(header)
        return JSONValue.object(members).jsonText(pretty: true)
    }

    /// FNV-1a, 64 bits, as 12 hex digits: enough to tell versions of a template apart.
    private static func digest(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(String(hash, radix: 16).suffix(12))
    }
}
