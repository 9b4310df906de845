import Testing
@testable import BatonWorkflow

@Suite struct ExpressionModeTests {
    let evaluator = ExpressionEvaluator()

    @Test(arguments: ["${ .a }", "${.a}", "  ${ .a }\n", "${\n  .a\n}"])
    func strictExpressionsAreRecognised(text: String) {
        #expect(RuntimeExpression(strict: text)?.program == ".a")
        #expect(RuntimeExpression.isStrictExpression(text))
    }

    @Test(arguments: [
        "plain", "$5", "{a}", "cost: ${ .price }", "${ .a } and more", "$ {.a}", "{ .a }", "$", "${", "}", "", "price in $",
        "${ .a",
    ])
    func otherStringsArePlainInStrictMode(text: String) throws {
        #expect(RuntimeExpression(strict: text) == nil)
        let result = try evaluator.evaluateExpressions(in: .string(text), on: ["a": 1, "price": 2])
        #expect(result == .string(text))
    }

    @Test func strictModeEvaluatesExpressionsAndLeavesTheRest() throws {
        let template: JSONValue = [
            "url": "${ \"http://\" + .host + \"/pets/\" + (.id | tostring) }",
            "method": "get",
            "note": "costs $5 {maybe}",
            "count": 3,
            "flag": true,
            "nothing": nil,
            "headers": ["x-run": "${ $workflow.id }", "accept": "application/json"],
            "list": ["${ .id }", "id", ["${ .id * 2 }"]],
        ]
        let result = try evaluator.evaluateExpressions(
            in: template, on: ["host": "pets.local", "id": 7], arguments: .init(workflow: ["id": "run-1"]))
        #expect(result == [
            "url": "http://pets.local/pets/7",
            "method": "get",
            "note": "costs $5 {maybe}",
            "count": 3,
            "flag": true,
            "nothing": nil,
            "headers": ["x-run": "run-1", "accept": "application/json"],
            "list": [7, "id", [14]],
        ])
    }

    @Test func strictModeReportsTheFailingExpression() {
        #expect(throws: ExpressionError.runtime(".a + \"x\"", message: #"number (1) and string ("x") cannot be added"#)) {
            try evaluator.evaluateExpressions(in: ["ok": "fine", "bad": ["${ .a + \"x\" }"]], on: ["a": 1])
        }
    }

    @Test func looseModeEvaluatesEveryStringAndKeepsTheOnesThatFail() throws {
        let template: JSONValue = [
            "sum": ".a + 1",
            "marked": "${ .a * 10 }",
            "word": "hello",
            "sentence": "Hello, world!",
            "literal": "true",
            "number": "42",
            "broken": ".a +",
            "failing": ".a | error(\"no\")",
            "unavailable": "$output",
        ]
        let result = try evaluator.evaluateExpressions(in: template, on: ["a": 1], mode: .loose)
        #expect(result == [
            "sum": 2,
            "marked": 10,
            "word": "hello",
            "sentence": "Hello, world!",
            "literal": true,
            "number": 42,
            "broken": ".a +",
            "failing": ".a | error(\"no\")",
            "unavailable": "$output",
        ])
    }

    @Test func stringsFromInputDataAreNeverEvaluated() throws {
        // The input holds expression syntax: it must come out as data, in both modes.
        let input: JSONValue = ["name": "${ $secrets.password }", "code": ".secret"]
        let arguments = ExpressionArguments(secrets: ["password": "hunter2"])
        for mode in ExpressionMode.allCases {
            let result = try evaluator.evaluateExpressions(
                in: ["copied": "${ .name }", "all": "${ . }"], on: input, arguments: arguments, mode: mode)
            #expect(result == ["copied": "${ $secrets.password }", "all": input])
        }
    }

    @Test func objectKeysAreNotEvaluated() throws {
        let result = try evaluator.evaluateExpressions(in: ["${ .k }": "${ .v }"], on: ["k": "key", "v": 1])
        #expect(result == ["${ .k }": 1])
    }
}
