import ArgumentParser
import BatonAssistant
import BatonWorkflow
import Foundation

/// `baton eval …`: measurements of Baton's parts over written sets of cases.
struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure Baton's parts over evaluation sets.",
        subcommands: [PlannerEvalCommand.self]
    )
}

/// `baton eval planner FILE.jsonl`: runs the built-in planner over a case file and scores it.
struct PlannerEvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "planner",
        abstract: "Score the planner over a JSON Lines case file (see docs/evaluation.md).",
        discussion: """
            Each line of the file is a case: {"id", "request", "expect"} with expect one of \
            {"template", "params"}, {"template", "clarify": [missing names]} or {"abstain": true}. \
            The file is checked first, against the template library too; every problem is printed \
            as FILE:LINE:COLUMN: FIELD: MESSAGE and nothing is scored (exit status 1).

            The report gives template accuracy, parameter accuracy, frame exact match, clarify \
            precision and recall, abstain precision, recall and F1, valid plans and the p50/p99 \
            latency, then the failed cases, and ends with `N passed, N failed`.

            Exit status: 0 when the set was scored and every --require threshold is met (failed \
            cases alone do not fail the command); 1 when the case file or the templates are \
            invalid, or a required metric is below its threshold or has no value.

            A case that expects a template the library does not have is an error (most often a \
            typo); with --allow-missing-templates it is scored anyway and fails, and a warning \
            names those templates.

            Example: baton eval planner eval/planner-dev.jsonl --require template-accuracy=0.9 --require valid-plans=100%
            """
    )

    @Argument(help: "The case file (JSON Lines).", completion: .file(extensions: ["jsonl"]))
    var file: String

    @Option(help: "The template directory (default: BATON_TEMPLATES, or the templates directory found beside baton).")
    var templates: String?

    @Flag(help: "Score cases whose template the library does not have (each fails) instead of refusing the file; a warning names the templates.")
    var allowMissingTemplates = false

    @Option(help: "text for a person, json for machines.")
    var format: ReportFormat = .text

    @Option(
        name: .customLong("require"),
        help: ArgumentHelp(
            "A minimum a metric must reach, METRIC=VALUE with VALUE a fraction (0.9) or a percentage (90%); repeatable.",
            discussion: "Metrics: \(EvaluationMetric.allCases.map(\.rawValue).joined(separator: ", "))."
        )
    )
    var requirements: [MetricRequirement] = []

    func run() async throws {
        let library = try loadLibrary()
        let cases: [EvaluationCase]
        do throws(EvaluationCaseFileError) {
            cases = try EvaluationCaseReader(library: library, allowsUnknownTemplates: allowMissingTemplates)
                .read(contentsOf: URL(fileURLWithPath: file), displayName: file)
        } catch {
            printError(error.description)
            printError("\(file): not scored: \(error.diagnostics.count) problem(s) in the case file")
            throw ExitCode.failure
        }
        let missing = Dictionary(grouping: cases.filter { $0.expectation.templateID.map { library[$0] == nil } ?? false }) { $0.expectation.templateID ?? "" }
        if !missing.isEmpty {
            let list = missing.keys.sorted().map { "\($0) (\(missing[$0]?.count ?? 0))" }.joined(separator: ", ")
            printError("warning: \(missing.values.reduce(0) { $0 + $1.count }) case(s) expect templates the library does not have, so they fail: \(list)")
        }
        let report = await PlannerEvaluation(library: library).run(BuiltInPlanner(library: library), on: cases)
        let unmet = requirements.compactMap { $0.failure(in: report) }
        switch format {
        case .text:
            print(report.text(title: file))
        case .json:
            var value = report.jsonValue
            if case .object(var members) = value {
                members["file"] = .string(file)
                members["unmet_requirements"] = .array(unmet.map(JSONValue.string))
                value = .object(members)
            }
            print(value.jsonText(pretty: true))
        }
        if !unmet.isEmpty {
            for failure in unmet { printError("requirement not met: \(failure)") }
            throw ExitCode.failure
        }
    }

    private func loadLibrary() throws -> TemplateLibrary {
        guard let directory = templates.map({ URL(fileURLWithPath: $0) }) ?? TemplateLibrary.defaultDirectory() else {
            printError("no template directory found: pass --templates DIR or set BATON_TEMPLATES")
            throw ExitCode.failure
        }
        do throws(DocumentErrors) {
            return try TemplateLibrary.load(directory: directory)
        } catch {
            printError(error.description)
            throw ExitCode.failure
        }
    }
}

/// `template-accuracy=0.9` or `valid-plans=100%`: a metric and the least value it must have.
struct MetricRequirement: ExpressibleByArgument, Sendable {
    var metric: EvaluationMetric
    var minimum: Double

    init?(argument: String) {
        let parts = argument.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let metric = EvaluationMetric(rawValue: parts[0]) else { return nil }
        let text = parts[1]
        if text.hasSuffix("%") {
            guard let percent = Double(text.dropLast()), (0...100).contains(percent) else { return nil }
            minimum = percent / 100
        } else {
            guard let fraction = Double(text), (0...1).contains(fraction) else { return nil }
            minimum = fraction
        }
        self.metric = metric
    }

    static var defaultCompletionKind: CompletionKind {
        .list(EvaluationMetric.allCases.map { "\($0.rawValue)=" })
    }

    /// What is wrong, or nil when the report meets the requirement.
    func failure(in report: EvaluationReport) -> String? {
        guard let value = metric.value(in: report) else {
            return "\(metric.rawValue) has no value (nothing to compute it over); it must be at least \(Self.format(minimum))"
        }
        return value + 1e-12 >= minimum ? nil : "\(metric.rawValue) is \(Self.format(value)), below \(Self.format(minimum))"
    }

    private static func format(_ fraction: Double) -> String {
        let tenths = (fraction * 1000).rounded() / 10
        return tenths == tenths.rounded() ? "\(Int(tenths))%" : "\(tenths)%"
    }
}
