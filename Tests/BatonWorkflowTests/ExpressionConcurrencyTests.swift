import Testing
@testable import BatonWorkflow

@Suite struct ExpressionConcurrencyTests {
    @Test(.timeLimit(.minutes(1)))
    func manyEvaluationsAtOnceGiveTheRightAnswers() async throws {
        let evaluator = ExpressionEvaluator(configuration: .init(programsPerExpression: 2))
        let expressions = ["${ .n * 3 }", "${ .n + $context.offset }", "${ [.n, $task.name] }", "${ .n | tostring }"]
        let mismatches = await withTaskGroup(of: Int.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    var wrong = 0
                    for step in 0..<400 {
                        let n = worker * 1000 + step
                        let arguments = ExpressionArguments(context: ["offset": .integer(worker)], task: ["name": .string("t\(worker)")])
                        let index = (worker + step) % expressions.count
                        let expected: JSONValue =
                            switch index {
                            case 0: .integer(n * 3)
                            case 1: .integer(n + worker)
                            case 2: [.integer(n), .string("t\(worker)")]
                            default: .string(String(n))
                            }
                        let result = try? evaluator.evaluate(expressions[index], on: ["n": .integer(n)], arguments: arguments)
                        if result != expected { wrong += 1 }
                    }
                    return wrong
                }
            }
            return await group.reduce(0, +)
        }
        #expect(mismatches == 0)
        // Programs are pooled, not compiled per evaluation.
        #expect(evaluator.statistics.compilations < 8 * expressions.count)
        #expect(evaluator.statistics.cacheHits > 3000)
    }

    @Test(.timeLimit(.minutes(1)))
    func errorsUnderConcurrencyStayWithTheirEvaluation() async {
        let evaluator = ExpressionEvaluator()
        let failures = await withTaskGroup(of: Int.self) { group in
            for worker in 0..<4 {
                group.addTask {
                    var seen = 0
                    for step in 0..<200 {
                        do throws(ExpressionError) {
                            let value = try evaluator.evaluate("if .fail then error(\"no \\(.n)\") else .n end", on: ["fail": .bool(step % 2 == 0), "n": .integer(worker * 1000 + step)])
                            if value != .integer(worker * 1000 + step) { seen += 1000 }
                        } catch {
                            if error.message == "no \(worker * 1000 + step)" { seen += 1 } else { seen += 1000 }
                        }
                    }
                    return seen
                }
            }
            return await group.reduce(0, +)
        }
        #expect(failures == 4 * 100)
    }

    @Test(.timeLimit(.minutes(1)))
    func compilingOnSeveralThreadsAtOnceIsSafe() async {
        let evaluator = ExpressionEvaluator()
        let wrong = await withTaskGroup(of: Int.self) { group in
            for worker in 0..<4 {
                group.addTask {
                    var wrong = 0
                    for step in 0..<12 {
                        let constant = worker * 100 + step
                        let result = try? evaluator.evaluate("${ [.[] | . * 2] | add + \(constant) }", on: [1, 2, 3])
                        if result != .integer(12 + constant) { wrong += 1 }
                        if evaluator.check(".a + \(constant) +") == nil { wrong += 1 }
                    }
                    return wrong
                }
            }
            return await group.reduce(0, +)
        }
        #expect(wrong == 0)
        #expect(evaluator.statistics.compilations == 4 * 12 * 2)
    }
}
