/// A parsed Gherkin feature file: its feature, the background its scenarios share, its scenarios
/// and rules, each part with the line it starts on.
///
/// The parser keeps what a runner needs and what messages cite: names, tags, steps with their
/// doc strings and data tables, and outline examples. Descriptions are kept as written.
public struct GherkinFeature: Sendable, Hashable {
    /// How messages name the file, e.g. `call.feature` or `features/call.feature`.
    public var file: String
    /// The line of the `Feature:` keyword.
    public var line: Int
    public var name: String
    /// The free text between the `Feature:` line and the first background, scenario or rule.
    public var description: String
    public var tags: [GherkinTag]
    public var background: GherkinBackground?
    /// The scenarios outside any rule, in file order.
    public var scenarios: [GherkinScenario]
    public var rules: [GherkinRule]

    public init(
        file: String, line: Int, name: String, description: String = "", tags: [GherkinTag] = [],
        background: GherkinBackground? = nil, scenarios: [GherkinScenario] = [], rules: [GherkinRule] = []
    ) {
        self.file = file
        self.line = line
        self.name = name
        self.description = description
        self.tags = tags
        self.background = background
        self.scenarios = scenarios
        self.rules = rules
    }
}

/// A `Rule:` of a feature: scenarios that illustrate one business rule, with an optional
/// background of their own that runs after the feature's.
public struct GherkinRule: Sendable, Hashable {
    public var line: Int
    public var name: String
    public var description: String
    public var tags: [GherkinTag]
    public var background: GherkinBackground?
    public var scenarios: [GherkinScenario]

    public init(
        line: Int, name: String, description: String = "", tags: [GherkinTag] = [], background: GherkinBackground? = nil,
        scenarios: [GherkinScenario] = []
    ) {
        self.line = line
        self.name = name
        self.description = description
        self.tags = tags
        self.background = background
        self.scenarios = scenarios
    }
}

/// The steps that run before every scenario of a feature (or of a rule).
public struct GherkinBackground: Sendable, Hashable {
    public var line: Int
    public var name: String
    public var steps: [GherkinStep]

    public init(line: Int, name: String = "", steps: [GherkinStep] = []) {
        self.line = line
        self.name = name
        self.steps = steps
    }
}

/// A `Scenario:` (or `Example:`), or a `Scenario Outline:` (`Scenario Template:`) whose steps
/// contain `<placeholders>` filled from its examples.
public struct GherkinScenario: Sendable, Hashable {
    /// The keyword as written, without the colon: `Scenario`, `Scenario Outline`...
    public var keyword: String
    public var line: Int
    public var name: String
    public var description: String
    public var tags: [GherkinTag]
    public var steps: [GherkinStep]
    /// The examples tables of an outline; empty for a plain scenario.
    public var examples: [GherkinExamples]

    public init(
        keyword: String, line: Int, name: String, description: String = "", tags: [GherkinTag] = [], steps: [GherkinStep] = [],
        examples: [GherkinExamples] = []
    ) {
        self.keyword = keyword
        self.line = line
        self.name = name
        self.description = description
        self.tags = tags
        self.steps = steps
        self.examples = examples
    }

    /// Whether the scenario is an outline, run once per example row.
    public var isOutline: Bool {
        keyword.hasPrefix("Scenario Outline") || keyword.hasPrefix("Scenario Template") || !examples.isEmpty
    }
}

/// An `Examples:` table of a scenario outline: a header row naming the placeholders and a row
/// per run.
public struct GherkinExamples: Sendable, Hashable {
    public var line: Int
    public var name: String
    public var tags: [GherkinTag]
    /// The header row; nil until the table is written (an `Examples:` with no table runs nothing).
    public var header: GherkinTableRow?
    public var rows: [GherkinTableRow]

    public init(line: Int, name: String = "", tags: [GherkinTag] = [], header: GherkinTableRow? = nil, rows: [GherkinTableRow] = []) {
        self.line = line
        self.name = name
        self.tags = tags
        self.header = header
        self.rows = rows
    }
}

/// One step: `Given`/`When`/`Then`/`And`/`But`/`*`, its text and its optional argument.
public struct GherkinStep: Sendable, Hashable {
    /// What the keyword means; `And`, `But` and `*` take the meaning of the step before them.
    public enum KeywordType: String, Sendable, Hashable {
        case context, action, outcome, conjunction
    }

    /// The keyword as written, without its trailing space: `Given`, `And`, `*`.
    public var keyword: String
    public var keywordType: KeywordType
    /// The text after the keyword, trimmed.
    public var text: String
    public var line: Int
    public var docString: GherkinDocString?
    public var dataTable: [GherkinTableRow]?

    public init(
        keyword: String, keywordType: KeywordType, text: String, line: Int, docString: GherkinDocString? = nil,
        dataTable: [GherkinTableRow]? = nil
    ) {
        self.keyword = keyword
        self.keywordType = keywordType
        self.text = text
        self.line = line
        self.docString = docString
        self.dataTable = dataTable
    }
}

/// A doc string: the block between `"""` (or ```` ``` ````) delimiters under a step.
public struct GherkinDocString: Sendable, Hashable {
    /// The media type written after the opening delimiter, e.g. `yaml` or `json`.
    public var contentType: String?
    /// The content, with the indentation of the opening delimiter removed from every line.
    public var content: String
    /// The line of the opening delimiter; the content starts on the next line.
    public var line: Int
    /// How many columns of indentation were removed from each content line.
    public var indentation: Int

    public init(contentType: String?, content: String, line: Int, indentation: Int) {
        self.contentType = contentType
        self.content = content
        self.line = line
        self.indentation = indentation
    }
}

/// A row of a data table or examples table.
public struct GherkinTableRow: Sendable, Hashable {
    public var line: Int
    public var cells: [String]

    public init(line: Int, cells: [String]) {
        self.line = line
        self.cells = cells
    }
}

/// A tag such as `@http`, with the line it is written on.
public struct GherkinTag: Sendable, Hashable {
    /// The tag with its `@`.
    public var name: String
    public var line: Int

    public init(name: String, line: Int) {
        self.name = name
        self.line = line
    }
}
