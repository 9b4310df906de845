/// Why a model endpoint gave no answer: what happened, at which endpoint, after how many
/// attempts, and whether trying again could help.
public struct ModelProviderError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The server answered with an error status.
        case status(Int)
        /// No answer within the timeout.
        case timeout
        /// No connection (refused, reset, name not resolved).
        case connection
        /// An answer that is not a chat completion.
        case invalidResponse
        /// The configuration cannot work (a bad URL, an API key that is not set).
        case configuration
    }

    public var kind: Kind
    /// The URL called.
    public var endpoint: String
    /// What went wrong; for a status, the server's own error message when it gave one.
    public var message: String
    /// How many requests were made.
    public var attempts: Int

    public init(_ kind: Kind, endpoint: String, message: String, attempts: Int = 1) {
        self.kind = kind
        self.endpoint = endpoint
        self.message = message
        self.attempts = attempts
    }

    /// 429, 5xx, timeouts and lost connections may pass; other answers will not.
    public var isRetryable: Bool {
        switch kind {
        case .status(let status): status == 429 || status >= 500
        case .timeout, .connection: true
        case .invalidResponse, .configuration: false
        }
    }

    public var description: String {
        let attempts = attempts > 1 ? " (after \(attempts) attempts)" : ""
        switch kind {
        case .status(let status): return "\(endpoint) answered \(status)\(attempts): \(message)"
        case .timeout: return "\(endpoint) did not answer in time\(attempts): \(message)"
        case .connection: return "cannot reach \(endpoint)\(attempts): \(message); is the model server running at BATON_LLM_BASE_URL?"
        case .invalidResponse: return "\(endpoint) gave an answer that is not a chat completion: \(message)"
        case .configuration: return "model configuration: \(message)"
        }
    }
}
