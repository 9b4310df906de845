import Foundation

/// Reads Gherkin feature files (English keywords): `Feature`, `Rule`, `Background`, `Scenario`
/// (`Example`), `Scenario Outline` (`Scenario Template`) with `Examples` (`Scenarios`), the step
/// keywords `Given`, `When`, `Then`, `And`, `But` and `*`, doc strings delimited by `"""` or
/// ```` ``` ```` with an optional content type, data tables, tags, comments and descriptions.
///
/// Doc string lines lose as much leading whitespace as the opening delimiter is indented, so a
/// YAML document keeps its own indentation. Every error names the file and line.
public struct GherkinParser: Sendable {
    public init() {}

    /// Parses a feature file.
    /// - Parameters:
    ///   - url: the file.
    ///   - displayName: how messages name it; its path by default.
    /// - Throws: `GherkinError` when the file cannot be read or is not valid Gherkin.
    public func parse(contentsOf url: URL, displayName: String? = nil) throws(GherkinError) -> GherkinFeature {
        let name = displayName ?? url.relativePath
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw GherkinError(file: name, line: 1, message: "cannot read the file as UTF-8 text: \(error.localizedDescription)")
        }
        return try parse(text: text, file: name)
    }

    /// Parses feature text.
    /// - Parameters:
    ///   - text: the content of a `.feature` file.
    ///   - file: how messages name it.
    /// - Throws: `GherkinError` at the first line that is not valid Gherkin.
    public func parse(text: String, file: String) throws(GherkinError) -> GherkinFeature {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
        }
        if lines.first?.hasPrefix("\u{FEFF}") == true { lines[0].removeFirst() }
        var state = ParserState(file: file, lines: lines)
        return try state.parse()
    }
}

/// The parser's walk over the lines of one file.
private struct ParserState {
    /// What the last line read opened, which decides what the next lines may be.
    private enum Section {
        case start, feature, rule, background, scenario, examples
    }

    let file: String
    let lines: [String]
    var index = 0

    var feature: GherkinFeature?
    var rule: GherkinRule?
    var background: GherkinBackground?
    var scenario: GherkinScenario?
    var examples: GherkinExamples?
    private var section = Section.start
    var pendingTags: [GherkinTag] = []
    /// Free text lines are a description until the first step or table of the section.
    var description: [String] = []
    var acceptsDescription = false
    /// Whether a doc string or table may attach to the last step read.
    var stepTakesArgument = false

    init(file: String, lines: [String]) {
        self.file = file
        self.lines = lines
    }

    mutating func parse() throws(GherkinError) -> GherkinFeature {
        while index < lines.count {
            let raw = lines[index]
            let line = raw.trimmingCharacters(in: .whitespaces)
            let number = index + 1
            index += 1
            if line.isEmpty {
                if acceptsDescription && !description.isEmpty { description.append("") }
                continue
            }
            if line.hasPrefix("#") {
                try checkLanguage(line, number: number)
                continue
            }
            if line.hasPrefix("@") {
                try readTags(line, number: number)
                continue
            }
            if let (keyword, name) = Self.headerKeyword(line) {
                try open(keyword, name: name, number: number)
                continue
            }
            if let (keyword, type, text) = Self.stepKeyword(line) {
                try addStep(GherkinStep(keyword: keyword, keywordType: type, text: text, line: number))
                continue
            }
            if line.hasPrefix("\"\"\"") || line.hasPrefix("```") {
                try readDocString(raw, number: number)
                continue
            }
            if line.hasPrefix("|") {
                try addTableRow(Self.cells(of: line, file: file, number: number), number: number)
                continue
            }
            guard acceptsDescription, pendingTags.isEmpty else {
                throw error(number, "unexpected text \(Self.quote(line)); expected a step (Given, When, Then, And, But, *), a doc string, a table row, a tag, a comment or a keyword (Feature, Rule, Background, Scenario, Scenario Outline, Examples)")
            }
            description.append(line)
        }
        try closeSection()
        closeRule()
        guard let feature else {
            throw error(max(lines.count, 1), "the file has no `Feature:`; a feature file starts with `Feature: <name>`")
        }
        if !pendingTags.isEmpty {
            throw error(pendingTags[0].line, "tags at the end of the file tag nothing; put them above a Feature, Rule, Scenario or Examples")
        }
        return feature
    }

    // MARK: - Keywords

    private static let headers: [(prefix: String, keyword: String)] = [
        ("Feature:", "Feature"), ("Rule:", "Rule"), ("Background:", "Background"),
        ("Scenario Outline:", "Scenario Outline"), ("Scenario Template:", "Scenario Template"),
        ("Scenario:", "Scenario"), ("Examples:", "Examples"), ("Example:", "Example"), ("Scenarios:", "Scenarios"),
    ]

    private static func headerKeyword(_ line: String) -> (String, String)? {
        for (prefix, keyword) in headers where line.hasPrefix(prefix) {
            return (keyword, line.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }

    private static let stepKeywords: [(String, GherkinStep.KeywordType)] = [
        ("Given", .context), ("When", .action), ("Then", .outcome), ("And", .conjunction), ("But", .conjunction), ("*", .conjunction),
    ]

    private static func stepKeyword(_ line: String) -> (String, GherkinStep.KeywordType, String)? {
        for (keyword, type) in stepKeywords where line.hasPrefix(keyword + " ") || line.hasPrefix(keyword + "\t") {
            let text = line.dropFirst(keyword.count).trimmingCharacters(in: .whitespaces)
            if !text.isEmpty { return (keyword, type, text) }
        }
        return nil
    }

    private func checkLanguage(_ line: String, number: Int) throws(GherkinError) {
        // `# language: fr` before the feature selects translated keywords, which this parser lacks.
        guard feature == nil else { return }
        let comment = line.dropFirst().trimmingCharacters(in: .whitespaces)
        guard comment.hasPrefix("language:") else { return }
        let language = comment.dropFirst("language:".count).trimmingCharacters(in: .whitespaces)
        if language != "en" {
            throw error(number, "only English Gherkin keywords are supported; remove `# language: \(language)` and write the keywords in English")
        }
    }

    private mutating func readTags(_ line: String, number: Int) throws(GherkinError) {
        var text = Substring(line)
        // A comment may follow the tags: `@slow @http # needs the fakes`.
        if let hash = text.range(of: " #") { text = text[..<hash.lowerBound] }
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            guard word.hasPrefix("@"), word.count > 1 else {
                throw error(number, "\(Self.quote(String(word))) is not a tag; tags start with @ and have no spaces")
            }
            pendingTags.append(GherkinTag(name: String(word), line: number))
        }
    }

    private mutating func open(_ keyword: String, name: String, number: Int) throws(GherkinError) {
        let tags = pendingTags
        pendingTags = []
        switch keyword {
        case "Feature":
            guard feature == nil else { throw error(number, "a file holds one Feature; this one is the second") }
            feature = GherkinFeature(file: file, line: number, name: name, tags: tags)
            section = .feature
        case "Rule":
            try requireFeature(keyword, number)
            try closeSection()
            closeRule()
            rule = GherkinRule(line: number, name: name, tags: tags)
            section = .rule
        case "Background":
            try requireFeature(keyword, number)
            if !tags.isEmpty { throw error(tags[0].line, "a Background cannot have tags") }
            try closeSection()
            let existing = rule == nil ? feature?.background : rule?.background
            let hasScenarios = rule == nil ? (feature?.scenarios.isEmpty == false || feature?.rules.isEmpty == false) : rule?.scenarios.isEmpty == false
            if existing != nil { throw error(number, "a second Background; a \(rule == nil ? "feature" : "rule") has at most one") }
            if hasScenarios { throw error(number, "the Background must come before the scenarios") }
            background = GherkinBackground(line: number, name: name)
            section = .background
        case "Scenario", "Example", "Scenario Outline", "Scenario Template":
            try requireFeature(keyword, number)
            try closeSection()
            scenario = GherkinScenario(keyword: keyword, line: number, name: name, tags: tags)
            section = .scenario
        default: // Examples, Scenarios
            guard var current = scenario else {
                throw error(number, "`\(keyword):` belongs under a Scenario Outline")
            }
            closeExamples(into: &current)
            scenario = current
            examples = GherkinExamples(line: number, name: name, tags: tags)
            section = .examples
        }
        description = []
        acceptsDescription = true
        stepTakesArgument = false
    }

    private func requireFeature(_ keyword: String, _ number: Int) throws(GherkinError) {
        if feature == nil { throw error(number, "`\(keyword):` before `Feature:`; a feature file starts with `Feature: <name>`") }
    }

    // MARK: - Steps and their arguments

    private mutating func addStep(_ step: GherkinStep) throws(GherkinError) {
        if !pendingTags.isEmpty { throw error(pendingTags[0].line, "tags cannot stand before a step") }
        switch section {
        case .scenario:
            scenario?.steps.append(step)
        case .background:
            background?.steps.append(step)
        case .examples:
            throw error(step.line, "a step after `Examples:`; the steps of an outline come before its examples")
        case .start, .feature, .rule:
            throw error(step.line, "a step outside any scenario; put it under a `Scenario:` or `Background:`")
        }
        finishDescription()
        stepTakesArgument = true
    }

    private mutating func readDocString(_ raw: String, number: Int) throws(GherkinError) {
        let indentation = raw.prefix(while: { $0 == " " || $0 == "\t" }).count
        let opening = raw.dropFirst(indentation)
        let delimiter = opening.hasPrefix("\"\"\"") ? "\"\"\"" : "```"
        let contentType = opening.dropFirst(3).trimmingCharacters(in: .whitespaces)
        guard stepTakesArgument, var step = lastStep else {
            throw error(number, "a doc string must follow a step directly")
        }
        var content: [String] = []
        while index < lines.count {
            let line = lines[index]
            index += 1
            if line.trimmingCharacters(in: .whitespaces) == delimiter {
                step.docString = GherkinDocString(
                    contentType: contentType.isEmpty ? nil : contentType, content: content.joined(separator: "\n"), line: number,
                    indentation: indentation
                )
                replaceLastStep(with: step)
                stepTakesArgument = false
                return
            }
            var stripped = Substring(line)
            var removed = 0
            while removed < indentation, let first = stripped.first, first == " " || first == "\t" {
                stripped = stripped.dropFirst()
                removed += 1
            }
            let escaped = delimiter == "\"\"\"" ? "\\\"\\\"\\\"" : "\\`\\`\\`"
            content.append(stripped.replacingOccurrences(of: escaped, with: delimiter))
        }
        throw error(number, "the doc string opened here is never closed; end it with \(delimiter) on a line of its own")
    }

    private mutating func addTableRow(_ cells: [String], number: Int) throws(GherkinError) {
        let row = GherkinTableRow(line: number, cells: cells)
        if section == .examples, var table = examples {
            if let header = table.header {
                guard cells.count == header.cells.count else {
                    throw error(number, "this row has \(cells.count) cells and the header (line \(header.line)) has \(header.cells.count)")
                }
                table.rows.append(row)
            } else {
                table.header = row
            }
            examples = table
            finishDescription()
            return
        }
        guard stepTakesArgument, var step = lastStep else {
            throw error(number, "a table row must follow a step (a data table) or `Examples:` (an examples table)")
        }
        var table = step.dataTable ?? []
        if let first = table.first, first.cells.count != cells.count {
            throw error(number, "this row has \(cells.count) cells and the table's first row (line \(first.line)) has \(first.cells.count)")
        }
        table.append(row)
        step.dataTable = table
        replaceLastStep(with: step)
    }

    private var lastStep: GherkinStep? {
        switch section {
        case .scenario: scenario?.steps.last
        case .background: background?.steps.last
        default: nil
        }
    }

    private mutating func replaceLastStep(with step: GherkinStep) {
        switch section {
        case .scenario:
            guard var current = scenario, !current.steps.isEmpty else { return }
            current.steps[current.steps.count - 1] = step
            scenario = current
        case .background:
            guard var current = background, !current.steps.isEmpty else { return }
            current.steps[current.steps.count - 1] = step
            background = current
        default: break
        }
    }

    /// The cells of `| a | b \| c |`: split on unescaped bars, `\|`, `\\` and `\n` unescaped, trimmed.
    static func cells(of line: String, file: String, number: Int) throws(GherkinError) -> [String] {
        guard line.count >= 2, line.hasSuffix("|"), !line.hasSuffix("\\|") || line.hasSuffix("\\\\|") else {
            throw GherkinError(file: file, line: number, message: "a table row must end with |")
        }
        var cells: [String] = []
        var cell = ""
        var characters = line.dropFirst().makeIterator()
        while let character = characters.next() {
            switch character {
            case "|":
                cells.append(cell.trimmingCharacters(in: .whitespaces))
                cell = ""
            case "\\":
                switch characters.next() {
                case "|": cell.append("|")
                case "n": cell.append("\n")
                case "\\": cell.append("\\")
                case let other?: cell.append("\\"); cell.append(other)
                case nil: cell.append("\\")
                }
            default:
                cell.append(character)
            }
        }
        return cells
    }

    // MARK: - Closing sections

    private mutating func finishDescription() {
        guard acceptsDescription else { return }
        let text = description.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        switch section {
        case .feature: feature?.description = text
        case .rule: rule?.description = text
        case .scenario: scenario?.description = text
        case .start, .background, .examples: break
        }
        acceptsDescription = false
        description = []
    }

    /// Ends the background or scenario being read and files it under the rule or the feature.
    private mutating func closeSection() throws(GherkinError) {
        finishDescription()
        if let finished = background {
            if rule != nil { rule?.background = finished } else { feature?.background = finished }
            background = nil
        }
        if var finished = scenario {
            closeExamples(into: &finished)
            if finished.isOutline && finished.examples.isEmpty {
                throw error(finished.line, "the \(finished.keyword) `\(finished.name)` has no `Examples:`; add a table of values for its <placeholders>")
            }
            if rule != nil { rule?.scenarios.append(finished) } else { feature?.scenarios.append(finished) }
            scenario = nil
        }
        examples = nil
        stepTakesArgument = false
    }

    private mutating func closeExamples(into scenario: inout GherkinScenario) {
        guard let finished = examples else { return }
        scenario.examples.append(finished)
        examples = nil
    }

    private mutating func closeRule() {
        guard let finished = rule else { return }
        feature?.rules.append(finished)
        rule = nil
    }

    private func error(_ line: Int, _ message: String) -> GherkinError {
        GherkinError(file: file, line: line, message: message)
    }

    private static func quote(_ text: String) -> String {
        "`\(text.count > 60 ? text.prefix(57) + "..." : text)`"
    }
}
