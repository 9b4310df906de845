/// The step definitions a runner matches steps against.
public struct StepLibrary: Sendable {
    /// How a step's text matched the library.
    public enum Resolution: Sendable {
        case matched(StepDefinition, [StepArgument])
        /// No definition matches the text.
        case undefined
        /// More than one does; the expressions that match.
        case ambiguous([String])
    }

    public var definitions: [StepDefinition]

    public init(_ definitions: [StepDefinition]) {
        self.definitions = definitions
    }

    /// Finds the one definition whose expression matches the whole of the step's text.
    public func resolve(_ step: GherkinStep) -> Resolution {
        var matches: [(StepDefinition, [StepArgument])] = []
        for definition in definitions {
            if let arguments = definition.expression.match(step.text) {
                matches.append((definition, arguments))
            }
        }
        switch matches.count {
        case 0: return .undefined
        case 1: return .matched(matches[0].0, matches[0].1)
        default: return .ambiguous(matches.map(\.0.expression.description))
        }
    }
}
