import BatonWorkflow
import Foundation

extension TemplateParameter {
    /// What a model must know to fill this parameter: its meaning, the catalog's convention for
    /// its kind, its default, and whether it is required.
    var modelDescription: String {
        var parts: [String] = []
        if let description { parts.append(description) }
        if let kind { parts.append(kind.convention) }
        if let enumValues { parts.append("one of: \(enumValues.joined(separator: ", "))") }
        if let minimum { parts.append("minimum \(minimum.formatted())") }
        if required { parts.append("REQUIRED: if the request does not state it, answer clarify") }
        if let defaultValue { parts.append("default \(defaultValue.jsonText()) (leave out unless the request states another value)") }
        return parts.joined(separator: "; ")
    }

    /// The JSON Schema of the parameter for a model's answer. `nullable` for strict structured
    /// output, where every property is required and an unstated one is `null`.
    func modelSchema(nullable: Bool) -> JSONValue {
        var members: [String: JSONValue] = [
            "type": nullable ? .array([.string(type.rawValue), "null"]) : .string(type.rawValue),
            "description": .string(modelDescription),
        ]
        if let enumValues { members["enum"] = .array(enumValues.map(JSONValue.string) + (nullable ? [.null] : [])) }
        if let minimum, type == .integer || type == .number { members["minimum"] = .number(minimum) }
        return .object(members)
    }
}

extension TemplateParameter.Kind {
    /// The catalog's value convention for the kind, as the model is told.
    var convention: String {
        switch self {
        case .duration: "a duration in integer seconds (\"10 minutes\" → 600, \"1h\" → 3600, \"半小时\" → 1800)"
        case .percent: "a percentage as a number 0..100 (\"10%\" → 10)"
        case .rate: "a rate as a fraction 0..1 (\"error rate above 1%\" → 0.01)"
        case .size: "a size in integer GiB (\"20G\", \"20 GB\" → 20)"
        case .cron: "a 5-field cron string (\"every night at 2am\", \"每天凌晨2点\" → \"0 2 * * *\")"
        case .name: "a name exactly as the request writes it, lower-cased (\"Checkout\" → \"checkout\")"
        case .command: "a command line as written"
        case .image: "a container image reference as written (shop:1.4)"
        case .version: "a version label or image tag as written (v2, 1.4.2)"
        case .url: "a URL or repository address as written"
        case .location: "a path or URL as written"
        case .text: "text as written"
        }
    }
}
