import ArgumentParser
import BatonEngine
import BatonWorkflow
import Foundation

/// Evaluations per second of runtime expressions through libjq, warm and cold, on one and more threads.
struct ExpressionsBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "expressions",
        abstract: "Measure runtime expression evaluations per second."
    )

    @Option(help: "Seconds to run each case.")
    var duration: Double = 2

    @Option(help: "Threads for the concurrent cases.")
    var threads: Int = 2

    @Option(help: "Records in the larger input.")
    var records: Int = 1000

    @Option(help: "Run only the cases whose name contains this text.")
    var filter: String?

    func run() throws {
        let evaluator = ExpressionEvaluator()
        let started = Date(timeIntervalSince1970: 1_700_000_000)
        let definition = Self.definition(tasks: 20)
        // Typical bindings of a task definition's expression: everything but $output.
        let arguments = ExpressionArguments(
            context: ["offset": 1, "region": "eu-west", "attempt": 2],
            input: ["a": ["b": 1]],
            secrets: ["db": ["password": "hunter2"]],
            task: RuntimeDescriptors.task(
                name: "step3", reference: ["do", 3, "step3"], definition: definition[DocumentPath(["do", 3, "step3"])] ?? nil,
                input: ["a": ["b": 1]], startedAt: started),
            workflow: RuntimeDescriptors.workflow(id: "run-1", definition: definition, input: ["a": ["b": 1]], startedAt: started),
            runtime: RuntimeDescriptors.runtime(),
            authorization: RuntimeDescriptors.authorization(scheme: "Bearer", parameter: "token")
        )
        let input: JSONValue = ["a": ["b": 1]]
        let large: JSONValue = [
            "items": .array((0..<records).map { index in
                ["id": .integer(index), "name": .string("item-\(index)"), "active": .bool(index % 3 == 0), "tags": ["x", "y"]]
            })
        ]

        try Self.expect(evaluator.evaluate("${ .a.b + 1 }", on: input, arguments: arguments), 2)
        try Self.expect(evaluator.evaluate("${ .a.b + $context.offset }", on: input, arguments: arguments), 2)
        try Self.expect(evaluator.evaluate("${ $workflow.id }", on: input, arguments: arguments), "run-1")
        try Self.expect(evaluator.evaluate("${ .items | map(select(.active)) | length }", on: large, arguments: arguments),
            .integer((records + 2) / 3))

        print("Runtime expressions through libjq (\(duration)s per case)")
        print("workflow definition: \(definition.jsonText().utf8.count) bytes of JSON; larger input: \(large.jsonText().utf8.count) bytes")
        var results: [Measurement] = []
        let selected = { (name: String) in filter.map { name.contains($0) } ?? true }
        for threadCount in Set([1, threads]).sorted() {
            results.append(contentsOf: Measurement.runIf(selected, "${ .a.b + 1 } on {\"a\":{\"b\":1}}", threads: threadCount, duration: duration) { _, _ in
                _ = try? evaluator.evaluate("${ .a.b + 1 }", on: input, arguments: arguments)
            })
        }
        for threadCount in Set([1, threads]).sorted() {
            results.append(contentsOf: Measurement.runIf(selected, "${ .a.b + $context.offset }", threads: threadCount, duration: duration) { _, _ in
                _ = try? evaluator.evaluate("${ .a.b + $context.offset }", on: input, arguments: arguments)
            })
        }
        results.append(contentsOf: Measurement.runIf(selected, "${ $workflow.id } (converts the definition)", duration: duration) { _, _ in
            _ = try? evaluator.evaluate("${ $workflow.id }", on: input, arguments: arguments)
        })
        results.append(contentsOf: Measurement.runIf(selected, "${ .items | map(select(.active)) | length }, \(records) records", duration: duration, warmUp: 10) { _, _ in
            _ = try? evaluator.evaluate("${ .items | map(select(.active)) | length }", on: large, arguments: arguments)
        })
        results.append(contentsOf: Measurement.runIf(selected, "${ .items } (\(records) records in and out)", duration: duration, warmUp: 10) { _, _ in
            _ = try? evaluator.evaluate("${ .items }", on: large, arguments: arguments)
        })
        results.append(contentsOf: Measurement.runIf(selected, "cold: compile + run + teardown", duration: duration, warmUp: 5) { thread, count in
            _ = try? ExpressionEvaluator().evaluate("${ .a.b + \(thread * 1_000_000 + count) }", on: input, arguments: arguments)
        })

        let nameWidth = results.map(\.name.count).max() ?? 10
        print(
            pad("case", nameWidth) + "  threads  " + pad("evals/s", 10, left: true) + "  " + pad("evals/CPU-s", 11, left: true) + "  "
                + pad("CPU µs/eval", 11, left: true))
        for result in results {
            print(
                pad(result.name, nameWidth) + "  " + pad(String(result.threads), 7, left: true) + "  "
                    + pad(String(format: "%.0f", result.perSecond), 10, left: true) + "  "
                    + pad(String(format: "%.0f", result.perCPUSecond), 11, left: true) + "  "
                    + pad(String(format: "%.2f", 1e6 / result.perCPUSecond), 11, left: true))
        }
        let statistics = evaluator.statistics
        print("compilations: \(statistics.compilations), cache hits: \(statistics.cacheHits)")
    }

    private static func expect(_ value: JSONValue, _ expected: JSONValue) throws {
        guard value == expected else { throw ValidationError("benchmark expression gave \(value.jsonText()), expected \(expected.jsonText())") }
    }

    /// A workflow definition with `tasks` HTTP calls, the size of a real one.
    private static func definition(tasks: Int) -> JSONValue {
        [
            "document": ["dsl": "1.0.3", "namespace": "bench", "name": "shop", "version": "1.0.0"],
            "do": .array((0..<tasks).map { index in
                [
                    "step\(index)": [
                        "call": "http",
                        "with": [
                            "method": "post", "endpoint": .string("https://svc-\(index).local/api/items"),
                            "body": ["id": "${ .id }", "name": "${ .name }", "attempt": "${ $context.attempt }"],
                            "headers": ["content-type": "application/json", "x-run": "${ $workflow.id }"],
                        ],
                        "output": ["as": "${ .body }"],
                    ]
                ]
            }),
        ]
    }
}

private func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
    let padding = String(repeating: " ", count: max(0, width - text.count))
    return left ? padding + text : text + padding
}
