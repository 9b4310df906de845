/// A chat completion endpoint. ``OpenAICompatibleProvider`` is the one that talks HTTP; the
/// planner takes any, so that what it does with an answer is testable on its own.
public protocol ModelProvider: Sendable {
    /// The model's name, as the planner reports it in an answer's origin.
    var model: String { get }
    /// The URL requests go to, for messages.
    var endpoint: String { get }
    /// Sends `request` and returns the model's answer.
    /// - Throws: ``ModelProviderError`` when no answer came: its status, the server's message,
    ///   the endpoint and how many attempts were made.
    func complete(_ request: ChatRequest) async throws(ModelProviderError) -> ChatResponse
}
