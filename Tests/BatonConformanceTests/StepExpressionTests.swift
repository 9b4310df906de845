import BatonConformance
import Testing

@Suite struct StepExpressionTests {
    @Test func quotedStringListsAreSplit() {
        let expression = StepExpression("the workflow output should have properties {strings}")
        #expect(expression.match("the workflow output should have properties 'id', 'name',  'status'") == [.strings(["id", "name", "status"])])
        #expect(expression.match("the workflow output should have properties \"a.b\"") == [.strings(["a.b"])])
        #expect(expression.match("the workflow output should have properties id") == nil)
    }

    @Test func wordsAndIntegers() {
        let order = StepExpression("{word} should run before {word}")
        #expect(order.match("setRed should run before setGreen") == [.word("setRed"), .word("setGreen")])
        #expect(order.match("the workflow should run before setGreen") == nil)
        let count = StepExpression("the workflow output should have a {string} property containing {int} items")
        #expect(count.match("the workflow output should have a 'colors' property containing 1 items") == [.string("colors"), .int(1)])
        #expect(count.match("the workflow output should have a 'colors' property containing many items") == nil)
    }

    @Test func optionalTextMayBeLeftOut() {
        let input = StepExpression("(given )the workflow input is:")
        #expect(input.match("given the workflow input is:") == [])
        #expect(input.match("the workflow input is:") == [])
        #expect(input.match("given given the workflow input is:") == nil)
    }

    @Test func everyKitStepMatchesExactlyOneDefinition() {
        let steps = [
            "a workflow with definition:", "given the workflow input is:", "the workflow is executed", "the workflow should cancel",
            "the workflow should complete", "the workflow should complete with output:", "the workflow should fault",
            "the workflow should fault with error:", "the workflow output should have properties 'a', 'b.c'",
            "the workflow output should have a 'a' property with value:", "the workflow output should have a 'a' property containing 2 items",
            "t should run first", "t should run last", "t should run before u", "u should run after t", "t should cancel", "t should complete",
            "t should complete with output:", "t should fault", "t should fault with error:",
        ]
        for text in steps {
            let step = GherkinStep(keyword: "Then", keywordType: .outcome, text: text, line: 1)
            guard case .matched = StepLibrary.conformanceKit.resolve(step) else {
                Issue.record("`\(text)` does not match exactly one definition")
                continue
            }
        }
        #expect(StepLibrary.conformanceKit.definitions.count == steps.count)
    }
}
