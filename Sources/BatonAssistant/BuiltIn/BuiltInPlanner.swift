import BatonWorkflow
import Foundation

/// The planner that needs no model: offline, deterministic, English and Chinese.
///
/// understand (normalize the request) → retrieve (score every template by its keywords and by
/// similarity to its description and examples) → fill (read parameters by the catalog's
/// conventions) → instantiate and validate (the template's input schema) → repair (a value
/// that does not fit is dropped, and said so) → present (a plan with its preview, a clarifying
/// question for what is required and missing, or an abstention when nothing fits well).
public struct BuiltInPlanner: Planner, TemplateRetrieving {
    public let library: TemplateLibrary
    /// The keyword score below which no template fits: the request is out of scope.
    public var abstainBelow: Double
    private let index: TemplateIndex
    /// Checks and previews plans; shared with the ``Assistant`` that uses this planner.
    public let instantiator: PlanInstantiator
    private let extractor = ParameterExtractor()
    /// The templates with an object parameter (settings, environment).
    private let settingsTemplates: Set<String>

    /// How many of the best-retrieved templates are filled in to choose among.
    static let shortlistSize = 5
    /// What one parameter value read by its own cue adds to a template's score.
    static let evidenceWeight = 0.9
    /// What each required value the request leaves unanswered takes off, in evidence units.
    static let missingPenalty = 0.5

    public init(library: TemplateLibrary, abstainBelow: Double = 1.2) {
        self.library = library
        self.abstainBelow = abstainBelow
        self.settingsTemplates = Set(library.templates.filter { $0.parameters.contains { $0.type == .object } }.map(\.id))
        self.index = TemplateIndex(library: library)
        self.instantiator = PlanInstantiator(library: library)
        // The readers' patterns compile when first used: use them all once now, so that the
        // first request is answered as fast as the others.
        _ = answerNow(PlanRequest(text: "deploy app x with command `run` on port 8080 every day at 2am, 2 replicas, 10% for 5 minutes, 20G"))
        _ = answerNow(PlanRequest(text: "把 x 服务扩容到三个实例，保留七天，每周一上午9点"))
        for template in library.templates {
            _ = extractor.extract(for: template, from: NormalizedRequest("x 1 2% 3 days \"y\" a=b"), knownServices: [])
        }
    }

    public func answer(_ request: PlanRequest) async -> PlannerAnswer {
        answerNow(request)
    }

    /// The ranked templates for a request (the model planner's shortlist), scored 0…1: the
    /// retrieval score over 8, about what two distinctive keywords give.
    public func shortlist(_ request: PlanRequest, limit: Int) -> [RetrievedTemplate] {
        let scores = index.scores(for: NormalizedRequest(request.text))
        return scores.prefix(limit).compactMap { score in
            library[score.templateID].map { RetrievedTemplate(template: $0, score: min(1, score.score / 8)) }
        }
    }

    /// The same answer, synchronously: the built-in planner never waits for anything.
    public func answerNow(_ request: PlanRequest) -> PlannerAnswer {
        let language = request.answerLanguage
        let normalized = NormalizedRequest(request.text)
        let scores = index.scores(for: normalized)
        let template: WorkflowTemplate
        let best: TemplateIndex.Score
        var reasons: [String] = []
        if let chosen = request.templateID.flatMap({ library[$0] }) {
            template = chosen
            best = scores.first { $0.templateID == chosen.id } ?? TemplateIndex.Score(templateID: chosen.id, score: 0, keywordScore: 0, similarity: 0, matched: [])
            reasons.append(language == .zh ? "使用指定的模板 \(chosen.id)" : "using the chosen template \(chosen.id)")
        } else {
            // Retrieval shortlists; filling the parameters decides among close candidates: the
            // template whose parameters the request gives values for is the one it asks for.
            var chosen: (score: TemplateIndex.Score, template: WorkflowTemplate, fit: Double, nameMarked: Bool)?
            // Templates that take settings are filled in too: `KEY=VALUE` says more than any word.
            let shortlisted = Array(scores.prefix(Self.shortlistSize)) + scores.dropFirst(Self.shortlistSize).filter { settingsTemplates.contains($0.templateID) }
            for candidate in shortlisted where candidate.keywordScore > 0 || settingsTemplates.contains(candidate.templateID) {
                guard let found = library[candidate.templateID] else { continue }
                let extracted = extractor.extract(for: found, from: normalized, knownServices: request.knownServices, keywordSpans: candidate.matchedRanges)
                // A reading that leaves required values to ask for fits less than one that does not.
                let unanswered = Double(found.unansweredRequirements(given: extracted.values).count)
                let fit = candidate.score + Self.evidenceWeight * (extracted.evidence - Self.missingPenalty * unanswered)
                // Only a candidate that matches well enough, by its words or by what the request
                // gives its parameters, may be chosen.
                guard candidate.keywordScore >= abstainBelow || fit >= abstainBelow + Self.evidenceWeight * 2 else { continue }
                if chosen == nil || fit > chosen!.fit { chosen = (candidate, found, fit, extracted.nameMarked) }
            }
            guard let chosen else {
                return .abstain(abstention(scores, language: language))
            }
            // A service named as one ("mailer's", "the cart service", "fx-rates") keeps the request
            // in scope whatever else it mentions.
            if !chosen.nameMarked, let topic = OutOfScope.topic(of: normalized), chosen.fit - chosen.score.score < Self.evidenceWeight * 2 {
                return .abstain(Abstention(
                    reasons: [language == .zh ? "请求说的是“\(topic)”，不是 Baton 管理的服务" : "the request is about “\(topic)”, not a service Baton runs"],
                    candidates: [Abstention.Candidate(templateID: chosen.template.id, score: min(1, chosen.score.score / 8))]
                ))
            }
            template = chosen.template
            best = chosen.score
            reasons.append(matchReason(best, runnerUp: scores.first { $0.templateID != best.templateID }, template: template, language: language))
        }
        let extracted = extractor.extract(for: template, from: normalized, knownServices: request.knownServices, keywordSpans: best.matchedRanges)
        var values = extracted.values
        reasons += extracted.notes
        for (name, answer) in request.answers.sorted(by: { $0.key < $1.key }) {
            do throws(ParameterAnswers.Problem) {
                values[name] = try ParameterAnswers.value(answer, for: name, in: template)
                reasons.append(language == .zh ? "\(name) 由操作员给出" : "\(name) given by the operator")
            } catch {
                reasons.append(language == .zh ? "无法使用答复：\(error)" : "could not use an answer: \(error)")
            }
        }
        // Repair: a value outside its parameter's type, enum or minimum is dropped, and said so.
        for (name, value) in values.sorted(by: { $0.key < $1.key }) {
            guard let parameter = template.parameter(name), let problem = Self.problem(with: value, for: parameter) else { continue }
            values[name] = nil
            reasons.append(language == .zh ? "忽略了 \(name) 的值 \(value.jsonText())：\(problem)" : "left out \(name) \(value.jsonText()): \(problem)")
        }

        let missing = template.missingParameters(given: values)
        if !missing.isEmpty {
            return .clarify(Clarification(
                templateID: template.id, missing: missing, known: values,
                question: Questions.ask(for: missing, template: template, language: language), reasons: reasons
            ))
        }

        var defaults = template.defaults
        for name in values.keys { defaults[name] = nil }
        if !defaults.isEmpty {
            let listed = defaults.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.jsonText())" }.joined(separator: ", ")
            reasons.append(language == .zh ? "使用默认值：\(listed)" : "defaults applied: \(listed)")
        }
        var plan = Plan(templateID: template.id, parameters: values, defaults: defaults, reasons: reasons)
        do throws(PlanProblems) {
            plan = try instantiator.instantiate(plan)
        } catch {
            // What the checks above did not catch (a rule of the schema itself): drop what the
            // problems name, once, and try again.
            for problem in error.problems {
                let name = problem.split(separator: ":").first.map { String($0.dropFirst("input.".count)) }.flatMap { $0.split(separator: ".").first.map(String.init) }
                if let name, plan.parameters[name] != nil { plan.parameters[name] = nil; plan.defaults[name] = template.defaults[name] }
                plan.reasons.append(language == .zh ? "修正：\(problem)" : "repaired: \(problem)")
            }
            let stillMissing = template.missingParameters(given: plan.parameters)
            if !stillMissing.isEmpty {
                return .clarify(Clarification(
                    templateID: template.id, missing: stillMissing, known: plan.parameters,
                    question: Questions.ask(for: stillMissing, template: template, language: language), reasons: plan.reasons
                ))
            }
            do throws(PlanProblems) {
                plan = try instantiator.instantiate(plan)
            } catch {
                return .abstain(Abstention(
                    reasons: plan.reasons + error.problems,
                    candidates: [Abstention.Candidate(templateID: template.id, score: min(1, best.score / 8))]
                ))
            }
        }
        return .plan(plan)
    }

    private func matchReason(_ best: TemplateIndex.Score, runnerUp: TemplateIndex.Score?, template: WorkflowTemplate, language: RequestLanguage) -> String {
        let words = best.matched.prefix(4).map { "“\($0)”" }.joined(separator: ", ")
        let margin = runnerUp.map { language == .zh ? "；次选 \($0.templateID)（\(String(format: "%.1f", $0.score))）" : "; next best \($0.templateID) (\(String(format: "%.1f", $0.score)))" } ?? ""
        return language == .zh
            ? "选择模板 \(template.id)：匹配 \(words)（得分 \(String(format: "%.1f", best.score))）\(margin)"
            : "chose \(template.id): matched \(words) (score \(String(format: "%.1f", best.score)))\(margin)"
    }

    private func abstention(_ scores: [TemplateIndex.Score], language: RequestLanguage) -> Abstention {
        let candidates = scores.prefix(3).map { Abstention.Candidate(templateID: $0.templateID, score: min(1, $0.score / 8)) }
        let closest = scores.first.map { "\($0.templateID) (\(String(format: "%.1f", $0.score)))" } ?? "none"
        let reason = language == .zh
            ? "没有模板与请求足够匹配（最接近：\(closest)，需要至少 \(String(format: "%.1f", abstainBelow))）：这超出了 Baton 模板库能做的事"
            : "no template fits the request well enough (closest: \(closest), needs \(String(format: "%.1f", abstainBelow))): it is outside what Baton's template library does"
        return Abstention(reasons: [reason], candidates: Array(candidates))
    }

    /// What is wrong with a value for a parameter, or nil when it fits.
    static func problem(with value: JSONValue, for parameter: TemplateParameter) -> String? {
        switch parameter.type {
        case .string:
            guard let text = value.stringValue else { return "expected a string" }
            if let choices = parameter.enumValues, !choices.contains(text) { return "expected one of \(choices.joined(separator: ", "))" }
        case .integer:
            guard case .integer(let number) = value else { return "expected a whole number" }
            if let minimum = parameter.minimum, Double(number) < minimum { return "expected at least \(ParameterExtractor.format(minimum))" }
        case .number:
            guard let number = value.doubleValue else { return "expected a number" }
            if let minimum = parameter.minimum, number < minimum { return "expected at least \(ParameterExtractor.format(minimum))" }
        case .boolean:
            if value.boolValue == nil { return "expected true or false" }
        case .object:
            if value.objectValue == nil { return "expected an object" }
        }
        return nil
    }
}
