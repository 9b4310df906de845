import BatonConformance
import Testing

@Suite struct GherkinParserTests {
    let parser = GherkinParser()

    @Test func readsFeatureScenariosStepsAndDocStrings() throws {
        let text = """
            # A comment before the feature
            @ctk @http
            Feature: Call Task
              As an implementer
              I want calls to work

              # Tests HTTP calls
              Scenario: Call HTTP
                Given a workflow with definition:
                \"\"\"yaml
                document:
                  dsl: '1.0.3'
                \"\"\"
                And given the workflow input is:
                  \"\"\"json
                  { "status": "available" }
                  \"\"\"
                When the workflow is executed
                Then the workflow should complete
                But setRed should run first
            """
        let feature = try parser.parse(text: text, file: "call.feature")
        #expect(feature.name == "Call Task")
        #expect(feature.line == 3)
        #expect(feature.tags.map(\.name) == ["@ctk", "@http"])
        #expect(feature.description == "As an implementer\nI want calls to work")
        #expect(feature.scenarios.count == 1)
        let scenario = try #require(feature.scenarios.first)
        #expect(scenario.name == "Call HTTP")
        #expect(scenario.line == 8)
        #expect(scenario.steps.map(\.keyword) == ["Given", "And", "When", "Then", "But"])
        #expect(scenario.steps.map(\.line) == [9, 14, 18, 19, 20])
        #expect(scenario.steps[1].text == "given the workflow input is:")
        #expect(scenario.steps[2].keywordType == .action)
        let definition = try #require(scenario.steps[0].docString)
        #expect(definition.contentType == "yaml")
        #expect(definition.line == 10)
        // Indentation is removed as far as the opening quotes are indented; deeper indentation stays.
        #expect(definition.content == "document:\n  dsl: '1.0.3'")
        let input = try #require(scenario.steps[1].docString)
        #expect(input.contentType == "json")
        #expect(input.content == "{ \"status\": \"available\" }")
    }

    @Test func backgroundStepsRunBeforeEachScenario() throws {
        let text = """
            Feature: Shared setup
              Background:
                Given a workflow with definition:
                  ```
                  document: {}
                  ```
              Scenario: One
                When the workflow is executed
              Scenario: Two
                When the workflow is executed
                Then the workflow should complete
            """
        let scenarios = try parser.parse(text: text, file: "b.feature").runnableScenarios
        #expect(scenarios.map(\.name) == ["One", "Two"])
        #expect(scenarios.map(\.steps.count) == [2, 3])
        #expect(scenarios[1].steps.first?.docString?.content == "document: {}")
        #expect(scenarios[1].steps.first?.docString?.contentType == nil)
        #expect(scenarios.map(\.location) == ["b.feature:7", "b.feature:9"])
    }

    @Test func outlinesRunOncePerExampleRow() throws {
        let text = """
            Feature: Outline
              @outline
              Scenario Outline: Pet <id>
                Given the workflow input is:
                  \"\"\"yaml
                  petId: <id>
                  \"\"\"
                Then <task> should run first

                @fast
                Examples: Pets
                  | id | task   |
                  | 1  | getPet |
                  | 2  | a \\| b |
            """
        let scenarios = try parser.parse(text: text, file: "o.feature").runnableScenarios
        #expect(scenarios.count == 2)
        #expect(scenarios.map(\.name) == ["Pet 1", "Pet 2"])
        #expect(scenarios.map(\.line) == [13, 14])
        #expect(scenarios[0].tags == ["@outline", "@fast"])
        #expect(scenarios[0].steps[0].docString?.content == "petId: 1")
        #expect(scenarios[0].steps[1].text == "getPet should run first")
        #expect(scenarios[1].steps[1].text == "a | b should run first")
    }

    @Test func dataTablesAndRulesAreRead() throws {
        let text = """
            Feature: Rules
              Background:
                Given a workflow with definition:
                  \"\"\"
                  x
                  \"\"\"
              Rule: Tables
                Background:
                  Given the workflow input is:
                    \"\"\"
                    y
                    \"\"\"
                Example: With a table
                  Given some values
                    | a | b |
                    | 1 | 2 |
            """
        let feature = try parser.parse(text: text, file: "r.feature")
        #expect(feature.rules.count == 1)
        let scenario = try #require(feature.runnableScenarios.first)
        #expect(scenario.ruleName == "Tables")
        #expect(scenario.steps.count == 3)
        #expect(scenario.steps[2].dataTable?.map(\.cells) == [["a", "b"], ["1", "2"]])
    }

    @Test(arguments: [
        ("Feature: F\n  Scenario: S\n    Given x:\n    \"\"\"\n    never closed\n", 4, "never closed"),
        ("Feature: F\n  Given a step outside\n", 2, "outside any scenario"),
        ("Scenario: S\n", 1, "before `Feature:`"),
        ("Feature: F\n  Scenario: S\n    Given x\n      | a | b |\n      | 1 |\n", 5, "has 1 cells"),
        ("Feature: F\n  Scenario: S\n    Given x\n    what is this?\n", 4, "unexpected text"),
        ("# language: fr\nFonctionnalité: F\n", 1, "English"),
        ("Feature: F\n  Scenario Outline: S <a>\n    Given <a>\n", 2, "has no `Examples:`"),
        ("Feature: F\nFeature: G\n", 2, "second"),
        ("", 1, "no `Feature:`"),
    ])
    func errorsNameTheFileAndLine(text: String, line: Int, fragment: String) {
        #expect {
            try parser.parse(text: text, file: "bad.feature")
        } throws: { error in
            guard let error = error as? GherkinError else { return false }
            return error.file == "bad.feature" && error.line == line && error.message.contains(fragment)
                && error.description.hasPrefix("bad.feature:\(line): ")
        }
    }
}
