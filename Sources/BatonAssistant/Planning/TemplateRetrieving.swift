/// A template found for a request, with how well it matched (0…1, higher is better).
public struct RetrievedTemplate: Sendable {
    public var template: WorkflowTemplate
    public var score: Double

    public init(template: WorkflowTemplate, score: Double) {
        self.template = template
        self.score = score
    }
}

/// Finds the templates a request most likely means: the shortlist a model chooses from, so that
/// its prompt and answer schema stay small whatever the size of the library.
public protocol TemplateRetrieving: Sendable {
    /// At most `limit` templates, best first.
    func shortlist(_ request: PlanRequest, limit: Int) -> [RetrievedTemplate]
}
