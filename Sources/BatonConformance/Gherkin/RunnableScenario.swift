/// One scenario as it runs: the background steps followed by the scenario's own, with an
/// outline's `<placeholders>` filled from one row of its examples.
public struct RunnableScenario: Sendable, Hashable, Identifiable {
    /// How messages name the feature file.
    public var file: String
    /// The line of the `Scenario:` keyword, or for an outline, of its example row.
    public var line: Int
    public var name: String
    public var featureName: String
    /// The rule the scenario belongs to, if any.
    public var ruleName: String?
    /// The tags of the feature, rule, scenario and examples, in that order, without duplicates.
    public var tags: [String]
    public var steps: [GherkinStep]

    public init(
        file: String, line: Int, name: String, featureName: String, ruleName: String? = nil, tags: [String] = [], steps: [GherkinStep]
    ) {
        self.file = file
        self.line = line
        self.name = name
        self.featureName = featureName
        self.ruleName = ruleName
        self.tags = tags
        self.steps = steps
    }

    /// `call.feature:10`, unique within a run.
    public var location: String { "\(file):\(line)" }

    public var id: String { location }
}

extension GherkinFeature {
    /// The scenarios to run, in file order: plain scenarios once, outlines once per example row.
    public var runnableScenarios: [RunnableScenario] {
        var result: [RunnableScenario] = []
        let featureTags = tags.map(\.name)
        let featureSteps = background?.steps ?? []
        for scenario in scenarios {
            result += Self.expand(scenario, file: file, feature: name, rule: nil, tags: featureTags, background: featureSteps)
        }
        for rule in rules {
            let ruleTags = featureTags + rule.tags.map(\.name)
            let ruleSteps = featureSteps + (rule.background?.steps ?? [])
            for scenario in rule.scenarios {
                result += Self.expand(scenario, file: file, feature: name, rule: rule.name, tags: ruleTags, background: ruleSteps)
            }
        }
        return result
    }

    private static func expand(
        _ scenario: GherkinScenario, file: String, feature: String, rule: String?, tags: [String], background: [GherkinStep]
    ) -> [RunnableScenario] {
        let scenarioTags = tags + scenario.tags.map(\.name)
        guard scenario.isOutline else {
            return [RunnableScenario(
                file: file, line: scenario.line, name: scenario.name, featureName: feature, ruleName: rule,
                tags: unique(scenarioTags), steps: background + scenario.steps
            )]
        }
        var result: [RunnableScenario] = []
        for examples in scenario.examples {
            guard let header = examples.header else { continue }
            for row in examples.rows {
                let values = Dictionary(zip(header.cells, row.cells), uniquingKeysWith: { first, _ in first })
                result.append(RunnableScenario(
                    file: file, line: row.line, name: substitute(scenario.name, values), featureName: feature, ruleName: rule,
                    tags: unique(scenarioTags + examples.tags.map(\.name)),
                    steps: background + scenario.steps.map { substitute($0, values) }
                ))
            }
        }
        return result
    }

    private static func substitute(_ step: GherkinStep, _ values: [String: String]) -> GherkinStep {
        var step = step
        step.text = substitute(step.text, values)
        if var docString = step.docString {
            docString.content = substitute(docString.content, values)
            docString.contentType = docString.contentType.map { substitute($0, values) }
            step.docString = docString
        }
        step.dataTable = step.dataTable?.map { row in
            GherkinTableRow(line: row.line, cells: row.cells.map { substitute($0, values) })
        }
        return step
    }

    /// Replaces every `<name>` whose name is a column of the examples; other text is left alone.
    static func substitute(_ text: String, _ values: [String: String]) -> String {
        guard text.contains("<") else { return text }
        var result = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "<") {
            result += rest[..<open]
            let afterOpen = rest.index(after: open)
            if let close = rest[afterOpen...].firstIndex(of: ">"), let value = values[String(rest[afterOpen..<close])] {
                result += value
                rest = rest[rest.index(after: close)...]
            } else {
                result.append("<")
                rest = rest[afterOpen...]
            }
        }
        return result + rest
    }

    private static func unique(_ tags: [String]) -> [String] {
        var seen: Set<String> = []
        return tags.filter { seen.insert($0).inserted }
    }
}
