import ArgumentParser
import BatonAssistant
import BatonEngine
import BatonServices
import BatonWorkflow
import Foundation

/// `baton ask "..."`: a request in plain language (English or Chinese) becomes a plan from the
/// template library — shown with its reasons and what it will change — a clarifying question
/// (answered here, interactively or with `--set`), or a reasoned refusal. A plan runs on the
/// server only once confirmed (`--yes` confirms ahead, `--dry-run` only shows it).
struct AskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ask",
        abstract: "Ask for something in plain language (English or Chinese); review the plan, then run it.",
        discussion: """
            Examples:
              baton ask "restart the checkout service"
              baton ask "我想部署一个新的Web应用程序"          asks for the name and what to run
              baton ask --dry-run "canary api 2.1 to 10% for 15 minutes"
              baton ask --set name=shop --set command="baton-demo serve" "deploy a web app" --yes

            Planning works offline with the built-in planner (no model). Running a plan needs a \
            server (--server or BATON_SERVER; start one with `baton serve`): the plan becomes a \
            durable run there, and this command follows it to its end.

            Exit status: 0 when the plan ran (or was shown, with --dry-run); 1 when the request \
            was refused (abstain), the plan was not confirmed, or its run failed; 2 for a usage error.
            """
    )

    @Argument(help: "What you want done, in English or Chinese.")
    var words: [String]

    @Option(help: ArgumentHelp("The Baton server; default: $BATON_SERVER. Without one, the plan is made here and cannot run.", valueName: "url"))
    var server: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("A parameter's value, as NAME=VALUE (repeatable): answers a question before it is asked.", valueName: "name=value"))
    var assignments: [String] = []

    @Option(help: "Use this template rather than the one the planner would pick.")
    var template: String?

    @Flag(help: "Run the plan without asking for confirmation.")
    var yes = false

    @Flag(help: "Only show the plan; do not run it.")
    var dryRun = false

    @Flag(help: "Print the workflow the plan will run in full.")
    var showWorkflow = false

    @Option(help: "How to print the answer: text or json (json never asks: a question is printed and the command exits 1).")
    var format: ServerOptions.OutputFormat = .text

    @Option(help: ArgumentHelp("The template library when planning without a server; default: BATON_TEMPLATES or the installed one.", valueName: "dir"))
    var templates: String?

    @Option(help: ArgumentHelp("How long to follow the run, in seconds.", valueName: "seconds"))
    var timeout = 600

    func validate() throws {
        guard !words.joined().trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("say what you want done, e.g. baton ask \"restart checkout\"") }
        _ = try answersFromOptions()
        if let server { _ = try ServerOptions.url(server) }
    }

    func run() async throws {
        let request = words.joined(separator: " ")
        let planner = try makePlanner()
        var answers = try answersFromOptions()
        var templateID = template
        var answer = try await planner.plan(request, template: templateID, answers: answers)
        // A clarifying question is asked until the plan has what it needs (or the operator
        // stops answering).
        while answer["kind"]?.stringValue == "clarify" {
            guard format == .text else {
                print(answer.jsonText(pretty: true))
                throw ExitCode.failure
            }
            print(AnswerText.clarification(answer))
            let missing = answer["missing"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let given = try askFor(missing)
            if given.isEmpty { throw ExitCode.failure }
            answers.merge(given) { _, new in new }
            templateID = answer["template"]?.stringValue
            answer = try await planner.plan(request, template: templateID, answers: answers)
        }
        switch answer["kind"]?.stringValue {
        case "abstain":
            if format == .json { print(answer.jsonText(pretty: true)) } else { print(AnswerText.abstention(answer)) }
            throw ExitCode.failure
        case "plan":
            if format == .json { print(answer.jsonText(pretty: true)) } else { print(AnswerText.plan(answer, showWorkflow: showWorkflow)) }
        default:
            throw ValidationError("the planner gave an answer of no known kind: \(answer.jsonText())")
        }
        if dryRun { return }
        guard let client = planner.client else {
            printError("baton ask: running a plan needs a Baton server: start one with `baton serve` and pass --server URL (or set BATON_SERVER); --dry-run only shows the plan")
            throw ExitCode.failure
        }
        if !yes {
            guard confirm(language: RequestLanguage(detectingIn: request)) else {
                printError("not run: the plan was not confirmed (pass --yes to run without asking)")
                throw ExitCode.failure
            }
        }
        try await execute(answer, request: request, client: client)
    }

    // MARK: Planning

    /// Plans here (the built-in planner over the local library) or on the server.
    struct PlannerClient {
        var client: BatonClient?
        var assistant: Assistant?

        func plan(_ request: String, template: String?, answers: [String: JSONValue]) async throws -> JSONValue {
            if let client {
                var body: [String: JSONValue] = ["request": .string(request), "answers": .object(answers)]
                if let template { body["template"] = .string(template) }
                do {
                    return try await client.request(.POST, "/assistant/plan", json: .object(body))
                } catch {
                    printError("baton ask: " + error.description)
                    throw ExitCode.failure
                }
            }
            guard let assistant else { throw ExitCode.failure }
            return await assistant.answer(PlanRequest(text: request, templateID: template, answers: answers)).jsonValue
        }
    }

    private func makePlanner() throws -> PlannerClient {
        if let text = server ?? ProcessInfo.processInfo.environment["BATON_SERVER"], !text.isEmpty {
            return PlannerClient(client: BatonClient(server: try ServerOptions.url(text)))
        }
        guard let directory = templates.map({ URL(fileURLWithPath: $0) }) ?? TemplateLibrary.defaultDirectory() else {
            printError("baton ask: no template library found: pass --templates DIR or set BATON_TEMPLATES")
            throw ExitCode.failure
        }
        do {
            let library = try TemplateLibrary.load(directory: directory)
            return PlannerClient(assistant: try Assistant.configured(
                library: library, secrets: .fromEnvironment(), exchangeLog: Self.localExchangeLog, functionSchemas: ServiceFunctions.schemas))
        } catch {
            printError("baton ask: the assistant did not start:\n\(error)")
            throw ExitCode.failure
        }
    }

    /// Where a model's exchanges are recorded when `baton ask` plans without a server:
    /// `BATON_LLM_LOG`, else `$XDG_STATE_HOME/baton/` (`~/.local/state/baton/`).
    static var localExchangeLog: URL {
        let environment = ProcessInfo.processInfo.environment
        if let named = environment["BATON_LLM_LOG"], !named.isEmpty { return URL(fileURLWithPath: named) }
        let state = environment["XDG_STATE_HOME"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".local/state")
        return state.appendingPathComponent("baton/model-exchanges.jsonl")
    }

    private func answersFromOptions() throws -> [String: JSONValue] {
        var answers: [String: JSONValue] = [:]
        for assignment in assignments {
            let parts = assignment.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty else { throw ValidationError("--set \(assignment): expected NAME=VALUE, such as --set replicas=3") }
            answers[parts[0]] = .string(parts[1])
        }
        return answers
    }

    // MARK: Asking

    /// Asks for each missing value on standard input; a group of alternatives (a command or an
    /// image) is one question, its answer going to the alternative it looks like.
    private func askFor(_ missing: [String]) throws -> [String: JSONValue] {
        var given: [String: JSONValue] = [:]
        var asked = Set<String>()
        for name in missing where !asked.contains(name) {
            let group = name == "command" || name == "image" ? missing.filter { $0 == "command" || $0 == "image" } : [name]
            asked.formUnion(group)
            FileHandle.standardError.write(Data("\(group.joined(separator: " or ")): ".utf8))
            guard let line = readLine(strippingNewline: true)?.trimmingCharacters(in: .whitespaces), !line.isEmpty else {
                printError("\nno answer for \(group.joined(separator: " or ")): give it with --set \(group[0])=VALUE")
                return [:]
            }
            let looksLikeImage = !line.contains(" ") && (line.contains(":") || line.contains("/")) && !line.hasPrefix("/") && !line.hasPrefix(".")
            let target = group.count > 1 ? (looksLikeImage && group.contains("image") ? "image" : group.first { $0 != "image" } ?? group[0]) : name
            given[target] = .string(line)
        }
        return given
    }

    private func confirm(language: RequestLanguage) -> Bool {
        FileHandle.standardError.write(Data((language == .zh ? "运行这个计划吗？[y/N] " : "Run this plan? [y/N] ").utf8))
        guard let line = readLine(strippingNewline: true)?.trimmingCharacters(in: .whitespaces).lowercased() else {
            printError("")
            return false
        }
        return ["y", "yes", "是", "好", "确认", "运行"].contains(line)
    }

    // MARK: Running

    private func execute(_ plan: JSONValue, request: String, client: BatonClient) async throws {
        var members: [String: JSONValue] = ["template": plan["template"] ?? .null, "parameters": plan["parameters"] ?? [:], "request": .string(request)]
        if let generated = plan["generated_workflow"] { members["generated_workflow"] = generated }
        let body = JSONValue.object(members)
        let started: JSONValue
        let finished: JSONValue
        do {
            started = try await client.request(.POST, "/assistant/execute", json: body)
            guard let runID = started["run"]?["id"]?.stringValue else { throw ClientError("the server answered a run without an id: \(started.jsonText())") }
            printError("run \(runID) started; following it (baton runs show \(runID))")
            let deadline = ContinuousClock.now + .seconds(timeout)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await client.followEvents("/runs/\(runID)/events") { _, _ in } }
                group.addTask {
                    try await Task.sleep(until: deadline)
                    throw ClientError("the run \(runID) did not finish within \(timeout) s; it goes on: follow it with `baton runs events \(runID) --follow`")
                }
                try await group.next()
                group.cancelAll()
            }
            finished = try await client.request(.GET, "/runs/\(runID)")
        } catch let error as ClientError {
            printError("baton ask: " + error.description)
            throw ExitCode.failure
        }
        let status = finished["status"]?.stringValue ?? "?"
        if format == .json {
            print(finished.jsonText(pretty: true))
        } else {
            print("run \(finished["id"]?.stringValue ?? "?") \(status)")
            if let output = finished["output"], status == "completed" { print(output.jsonText(pretty: true)) }
        }
        guard status == "completed" else {
            if let error = finished["error"] { printError(error.jsonText(pretty: true)) }
            throw ExitCode.failure
        }
    }
}

/// How `baton ask` prints the planner's answers (JSON, as the API gives them) for people.
enum AnswerText {
    static func plan(_ answer: JSONValue, showWorkflow: Bool) -> String {
        let template = answer["template"]?.stringValue ?? "?"
        let risk = answer["preview"]?["risk"]?.stringValue ?? "?"
        var lines = ["Plan: \(template) (\(risk))\(origin(answer))"]
        let stated = answer["parameters"]?.objectValue ?? [:]
        let defaults = answer["defaults"]?.objectValue ?? [:]
        for (name, value) in stated.sorted(by: { $0.key < $1.key }) { lines.append("  \(name) = \(value.jsonText())") }
        for (name, value) in defaults.sorted(by: { $0.key < $1.key }) { lines.append("  \(name) = \(value.jsonText())  (default)") }
        let changes = answer["preview"]?["changes"]?.arrayValue?.compactMap(\.stringValue) ?? []
        lines.append(changes.isEmpty ? "It changes nothing (it reads and reports)." : "It will:")
        lines += changes.map { "  - \($0)" }
        lines.append("Why:")
        lines += (answer["reasons"]?.arrayValue?.compactMap(\.stringValue) ?? []).map { "  - \($0)" }
        if answer["needs_review"]?.boolValue == true { lines.append("This workflow was written by a model, not taken from the template library: review it before it runs.") }
        // A workflow a model wrote is always shown in full: it is what needs reviewing.
        if showWorkflow || answer["needs_review"]?.boolValue == true, let workflow = answer["preview"]?["workflow"]?.stringValue {
            lines.append("Workflow:")
            lines.append(workflow)
        } else {
            lines.append("Workflow: the template \(template) (--show-workflow prints it)")
        }
        return lines.joined(separator: "\n")
    }

    static func clarification(_ answer: JSONValue) -> String {
        var lines = [answer["question"]?.stringValue ?? "More is needed."]
        let known = answer["known"]?.objectValue ?? [:]
        if !known.isEmpty { lines.append("  (so far: \(known.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value.jsonText())" }.joined(separator: ", ")))") }
        return lines.joined(separator: "\n")
    }

    static func abstention(_ answer: JSONValue) -> String {
        let reasons = answer["reasons"]?.arrayValue?.compactMap(\.stringValue) ?? []
        return (["Not something Baton can plan\(origin(answer)):"] + reasons.map { "  - \($0)" }).joined(separator: "\n")
    }

    private static func origin(_ answer: JSONValue) -> String {
        switch answer["origin"]?["kind"]?.stringValue {
        case "model": " — planned by \(answer["origin"]?["model"]?.stringValue ?? "a model")"
        case "fallback": " — built-in planner (the model failed: \(answer["origin"]?["reason"]?.stringValue ?? "?"))"
        default: ""
        }
    }
}
