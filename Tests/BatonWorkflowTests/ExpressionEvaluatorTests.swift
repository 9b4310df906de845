import Testing
@testable import BatonWorkflow

@Suite struct ExpressionEvaluatorTests {
    let evaluator = ExpressionEvaluator()

    @Test func evaluatesOnTheInput() throws {
        #expect(try evaluator.evaluate("${ .a.b + 1 }", on: ["a": ["b": 1]]) == 2)
        #expect(try evaluator.evaluate(".a.b + 1", on: ["a": ["b": 1]]) == 2)
        #expect(try evaluator.evaluate("${ {name: .n, tags: [.t[] | ascii_upcase]} }", on: ["n": "shop", "t": ["a", "b"]])
            == ["name": "shop", "tags": ["A", "B"]])
    }

    @Test func integersStayIntegersAndFractionsStayNumbers() throws {
        let sum = try evaluator.evaluate(".a + .b", on: ["a": 2, "b": 3])
        #expect(sum.jsonText() == "5")
        #expect(try evaluator.evaluate(".a / 2", on: ["a": 3]).jsonText() == "1.5")
        #expect(try evaluator.evaluate("1e300", on: nil) == .number(1e300))
        #expect(try evaluator.evaluate("{s: \"é\\u0000x\", t: true, n: null}", on: nil) == ["s": "é\u{0}x", "t": true, "n": nil])
        // jq prints NaN as null and infinity as the largest double; so do we.
        #expect(try evaluator.evaluate("nan", on: nil) == nil)
        #expect(try evaluator.evaluate("infinite", on: nil) == .number(.greatestFiniteMagnitude))
    }

    @Test(arguments: ExpressionArguments.Name.allCases)
    func everyArgumentReachesJQ(name: ExpressionArguments.Name) throws {
        var arguments = ExpressionArguments()
        arguments[name] = ["marker": .string(name.rawValue)]
        let result = try evaluator.evaluate("${ $\(name.rawValue).marker }", on: ["ignored": true], arguments: arguments)
        #expect(result == .string(name.rawValue))
    }

    @Test func allArgumentsTogether() throws {
        let arguments = ExpressionArguments(
            context: ["c": 1], input: ["i": 2], output: ["o": 3], secrets: ["s": 4],
            task: ["name": "t"], workflow: ["id": "w"], runtime: ["name": "Baton"], authorization: ["scheme": "Bearer"]
        )
        let result = try evaluator.evaluate(
            "[$context.c, $input.i, $output.o, $secrets.s, $task.name, $workflow.id, $runtime.name, $authorization.scheme, .x]",
            on: ["x": 9], arguments: arguments)
        #expect(result == [1, 2, 3, 4, "t", "w", "Baton", "Bearer", 9])
    }

    @Test func unavailableArgumentIsAClearError() {
        let arguments = ExpressionArguments(context: ["a": 1])
        #expect {
            try evaluator.evaluate("${ $context.a + $output.b }", on: nil, arguments: arguments)
        } throws: { error in
            let error = error as! ExpressionError
            return error.kind == .unavailableArgument && error.message == "$output is not available in this expression"
                && error.expression == "$context.a + $output.b"
        }
    }

    @Test func anArgumentTheExpressionBindsItselfIsNotUnavailable() throws {
        #expect(try evaluator.evaluate("1 as $output | $output + 1", on: nil) == 2)
    }

    @Test func zeroOutputsGiveNullAndSeveralGiveAnArray() throws {
        #expect(try evaluator.evaluate("empty", on: [1, 2]) == nil)
        #expect(try evaluator.evaluate(".[] | select(. > 5)", on: [1, 2]) == nil)
        #expect(try evaluator.evaluate(".[]", on: [1, 2, 3]) == [1, 2, 3])
        #expect(try evaluator.evaluate("1, \"two\"", on: nil) == [1, "two"])
        #expect(try evaluator.evaluate("[.[]]", on: [1]) == [1])
        #expect(try evaluator.evaluate("first(.[])", on: [7, 8]) == 7)
    }

    @Test func compileErrorsCarryJQsMessage() {
        let error = evaluator.check("${ .a + }")
        #expect(error?.kind == .compile)
        #expect(error?.expression == ".a +")
        #expect(error?.message == "syntax error, unexpected $end")
        #expect(evaluator.check(".a | no_such_function")?.message == "no_such_function/0 is not defined")
        #expect(evaluator.check("$nope")?.message == "$nope is not defined")
        #expect(evaluator.check(".a | length") == nil)
        // In a multi-line expression the line number is the expression's own.
        #expect(evaluator.check(".a |\n  map(.b) |\n  bogus")?.message == "bogus/0 is not defined at line 3")
    }

    @Test func checkKnowsWhichArgumentsAreAvailable() {
        #expect(evaluator.check("$output.x", availableArguments: [.context]) ==
            .unavailableArgument("$output.x", name: "output"))
        #expect(evaluator.check("$output.x", availableArguments: .all) == nil)
        #expect(evaluator.check("$context.x") == nil)
    }

    @Test func evaluateThrowsCompileErrors() {
        #expect(throws: ExpressionError.compile(".a +", message: "syntax error, unexpected $end")) {
            try evaluator.evaluate("${.a +}", on: nil)
        }
    }

    @Test func runtimeErrorsCarryJQsMessage() {
        #expect(throws: ExpressionError.runtime("error(\"boom\")", message: "boom")) {
            try evaluator.evaluate("error(\"boom\")", on: nil)
        }
        #expect(throws: ExpressionError.runtime("1 + \"a\"", message: #"number (1) and string ("a") cannot be added"#)) {
            try evaluator.evaluate("1 + \"a\"", on: nil)
        }
        #expect(throws: ExpressionError.runtime("error({code: 7})", message: #"{"code":7} (not a string)"#)) {
            try evaluator.evaluate("error({code: 7})", on: nil)
        }
        #expect(throws: ExpressionError.runtime(".a.b", message: #"Cannot index number with string "b""#)) {
            try evaluator.evaluate(".a.b", on: ["a": 1])
        }
    }

    @Test func anEvaluationAfterAnErrorStartsClean() throws {
        let expression = "if . then error(\"bad\") else 1, 2 end"
        #expect(throws: ExpressionError.self) { try evaluator.evaluate(expression, on: true) }
        #expect(try evaluator.evaluate(expression, on: false) == [1, 2])
    }

    @Test func jqSpecificsFailClearly() throws {
        #expect(throws: ExpressionError.runtime("input", message: "input is not available in runtime expressions: there is no input stream")) {
            try evaluator.evaluate("input", on: nil)
        }
        #expect(throws: ExpressionError.runtime("[inputs]", message: "inputs is not available in runtime expressions: there is no input stream")) {
            try evaluator.evaluate("[inputs]", on: nil)
        }
        #expect(throws: ExpressionError.unavailableArgument("$ENV.HOME", name: "ENV")) {
            try evaluator.evaluate("$ENV.HOME", on: nil)
        }
        #expect(throws: ExpressionError.self) { try evaluator.evaluate("env.HOME", on: nil) }
        // Modules would read files: they do not compile.
        #expect(evaluator.check("import \"a\" as a; a::f")?.kind == .compile)
        #expect(evaluator.check("include \"a\"; f")?.kind == .compile)
        #expect(try evaluator.evaluate("$__loc__", on: nil) == ["file": "<top-level>", "line": 1])
        // In jq 1.6, error(null) is no error: it backtracks like empty.
        #expect(try evaluator.evaluate("1, error(null), 2", on: nil) == [1, 2])
    }

    @Test func haltEndsTheOutputAndHaltErrorFails() throws {
        #expect(try evaluator.evaluate("1, halt, 2", on: nil) == 1)
        #expect(try evaluator.evaluate("halt", on: nil) == nil)
        #expect(throws: ExpressionError.halted("\"stop\" | halt_error", message: "stop")) {
            try evaluator.evaluate("\"stop\" | halt_error", on: nil)
        }
        // The halted state is reset for the next evaluation of the same program.
        let expression = "if . == 1 then halt else . * 10 end"
        #expect(try evaluator.evaluate(expression, on: 1) == nil)
        #expect(try evaluator.evaluate(expression, on: 2) == 20)
    }

    @Test func expressionsOfAnyShapeKeepTheirMeaningInsideTheWrapper() throws {
        #expect(try evaluator.evaluate("${ .a # the a }", on: ["a": 1]) == 1)
        #expect(try evaluator.evaluate("def twice: . * 2; .a | twice", on: ["a": 4], arguments: .init(context: 1)) == 8)
        #expect(try evaluator.evaluate(".a as $x | $x + $context", on: ["a": 4], arguments: .init(context: 1)) == 5)
        #expect(try evaluator.evaluate("reduce .[] as $n (0; . + $n)", on: [1, 2, 3], arguments: .init(context: 1)) == 6)
        #expect(try evaluator.evaluate(".a // $context, 3", on: [:], arguments: .init(context: 1)) == [1, 3])
        #expect(evaluator.check("\"x\" | modulemeta")?.kind == nil)
        #expect(throws: ExpressionError.self) { try evaluator.evaluate("\"x\" | modulemeta", on: nil) }
    }

    @Test func compiledProgramsAreReused() throws {
        let evaluator = ExpressionEvaluator()
        for value in 0..<20 {
            #expect(try evaluator.evaluate("${ .n * 2 }", on: ["n": .integer(value)]) == .integer(value * 2))
        }
        #expect(evaluator.statistics.compilations == 1)
        #expect(evaluator.statistics.cacheHits == 19)
        #expect(evaluator.check("${ .n * 2 }") == nil)
        #expect(evaluator.statistics.compilations == 1)

        // The same text with different bound arguments is another program; unmentioned ones do not matter.
        _ = try evaluator.evaluate("${ .n * 2 }", on: ["n": 1], arguments: .init(context: ["big": true]))
        #expect(evaluator.statistics.compilations == 1)
        #expect(try evaluator.evaluate("$context + .n", on: ["n": 1], arguments: .init(context: 5)) == 6)
        #expect(try evaluator.evaluate("$context + .n", on: ["n": 1], arguments: .init(context: 6)) == 7)
        #expect(evaluator.statistics.compilations == 2)
        #expect(evaluator.check("$context + .n", availableArguments: []) == .unavailableArgument("$context + .n", name: "context"))
        #expect(evaluator.statistics.compilations == 3)
    }

    @Test func failuresAreCachedToo() {
        let evaluator = ExpressionEvaluator()
        for _ in 0..<5 { #expect(evaluator.check(".a +") != nil) }
        #expect(evaluator.statistics.compilations == 1)
    }

    @Test func theCacheIsBounded() throws {
        let evaluator = ExpressionEvaluator(configuration: .init(cacheCapacity: 3))
        for value in 0..<10 {
            #expect(try evaluator.evaluate(". + \(value)", on: 1) == .integer(1 + value))
        }
        #expect(evaluator.statistics.cachedExpressions == 3)
        // The most recent expressions are still there.
        _ = try evaluator.evaluate(". + 9", on: 1)
        #expect(evaluator.statistics.compilations == 10)
        // An evicted one is compiled again.
        _ = try evaluator.evaluate(". + 0", on: 1)
        #expect(evaluator.statistics.compilations == 11)
    }
}

@Suite struct ExpressionScopedVariableTests {
    let evaluator = ExpressionEvaluator()

    @Test func scopedVariablesAreBoundByName() throws {
        let arguments = ExpressionArguments(context: ["n": 1], variables: ["pet": ["name": "Rex"], "index": 2, "unused": "x"])
        #expect(try evaluator.evaluate("${ $pet.name + ($index | tostring) }", on: nil, arguments: arguments) == "Rex2")
        #expect(try evaluator.evaluate("${ $context.n + $index }", on: nil, arguments: arguments) == 3)
    }

    @Test func eachIterationSeesItsOwnValueWithOneCompilation() throws {
        let before = evaluator.statistics.compilations
        for index in 0..<20 {
            let arguments = ExpressionArguments(variables: ["item": .integer(index * 10), "index": .integer(index)])
            #expect(try evaluator.evaluate("${ $item + $index }", on: nil, arguments: arguments) == .integer(index * 11))
        }
        #expect(evaluator.statistics.compilations - before == 1)
    }

    @Test func errorsNameTheExpressionAsWritten() {
        let arguments = ExpressionArguments(variables: ["item": 1])
        #expect(throws: ExpressionError.self) { try evaluator.evaluate("${ $item + \"a\" }", on: nil, arguments: arguments) }
        let error = evaluator.check("${ $item + }", variables: ["item"])
        #expect(error?.expression == "$item +")
        #expect(evaluator.check("${ $item + 1 }", variables: ["item"]) == nil)
        #expect(evaluator.check("${ $item + 1 }")?.message == "$item is not defined")
    }
}
