import Foundation
import BatonWorkflow

/// Reads a value the operator typed for a parameter (an answer to a clarifying question, or
/// `--set name=value`) by the parameter's type and convention: "10 minutes" for a duration is
/// 600, "20G" for a size is 20, "每天凌晨2点" for a cron is `0 2 * * *`, "Shop" for a name is
/// `shop`. A value of the parameter's JSON type is taken as it is.
public enum ParameterAnswers {
    public enum Problem: Error, Sendable, Hashable, CustomStringConvertible {
        case unknownParameter(String, known: [String])
        case unreadable(String, value: String, expected: String)

        public var description: String {
            switch self {
            case .unknownParameter(let name, let known): "`\(name)` is not a parameter of this template; its parameters are \(known.joined(separator: ", "))"
            case .unreadable(let name, let value, let expected): "\(name): cannot read `\(value)` as \(expected)"
            }
        }
    }

    public static func value(_ answer: JSONValue, for name: String, in template: WorkflowTemplate) throws(Problem) -> JSONValue {
        guard let parameter = template.parameter(name) else { throw .unknownParameter(name, known: template.parameters.map(\.name)) }
        guard case .string(let raw) = answer else { return answer }
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        let normalized = NormalizedRequest(text).text
        switch parameter.type {
        case .string:
            switch parameter.kind {
            case .name: return .string(normalized)
            case .cron: return .string(CronPhrases.read(normalized)?.value ?? text)
            default:
                if let choices = parameter.enumValues {
                    guard let choice = choices.first(where: { $0 == normalized }) else {
                        throw .unreadable(name, value: text, expected: "one of \(choices.joined(separator: ", "))")
                    }
                    return .string(choice)
                }
                return .string(text)
            }
        case .integer, .number:
            let number: Double?
            switch parameter.kind {
            case .duration: number = ValueReaders.durations(in: normalized).first.map { Double($0.value) } ?? Double(normalized)
            case .size: number = ValueReaders.sizes(in: normalized).first.map { Double($0.value) } ?? Double(normalized)
            case .percent: number = ValueReaders.percents(in: normalized).first?.value ?? Double(normalized)
            case .rate: number = ValueReaders.percents(in: normalized).first.map { $0.value / 100 } ?? Double(normalized)
            default: number = Double(normalized)
            }
            guard let number else { throw .unreadable(name, value: text, expected: parameter.type == .integer ? "a whole number" : "a number") }
            if parameter.type == .integer {
                guard number.rounded() == number else { throw .unreadable(name, value: text, expected: "a whole number") }
                return .integer(Int(number))
            }
            return ParameterExtractor.number(number)
        case .boolean:
            switch normalized {
            case "true", "yes", "y", "on", "是", "要", "对", "好": return .bool(true)
            case "false", "no", "n", "off", "否", "不", "不要", "不用": return .bool(false)
            default: throw .unreadable(name, value: text, expected: "yes or no")
            }
        case .object:
            // `KEY=VALUE` pairs, separated by commas or spaces, or JSON.
            if let object = try? JSONValue(jsonText: text), object.objectValue != nil { return object }
            var pairs: [String: JSONValue] = [:]
            for pair in text.split(whereSeparator: { $0 == "," || $0 == " " }) {
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, !parts[0].isEmpty else { throw .unreadable(name, value: text, expected: "KEY=VALUE pairs or a JSON object") }
                pairs[parts[0]] = ParameterExtractor.settingValue(parts[1])
            }
            return .object(pairs)
        }
    }
}
