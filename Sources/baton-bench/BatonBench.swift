import ArgumentParser

/// Benchmarks of Baton's hot paths, one subcommand each: `swift run -c release baton-bench expressions`.
@main
struct BatonBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baton-bench",
        abstract: "Measure Baton's hot paths.",
        subcommands: [ExpressionsBenchmark.self, ValidationBenchmark.self, EngineBenchmark.self, StoreBenchmark.self, DurableBenchmark.self]
    )
}
