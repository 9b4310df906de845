import BatonEngine
import BatonWorkflow
import Foundation

/// Where an OpenAI-compatible chat completions endpoint is and how to talk to it.
///
/// Read from the environment by ``fromEnvironment(_:)``:
/// - `BATON_LLM_BASE_URL`: the API's base URL, up to and including `/v1`
///   (`http://localhost:11434/v1` for Ollama, `http://localhost:8000/v1` for vLLM,
///   `http://localhost:8080/v1` for llama.cpp's server, `https://api.openai.com/v1`). Unset: no model.
/// - `BATON_LLM_MODEL`: the model's name as the server knows it (required with the URL).
/// - `BATON_LLM_API_KEY`: the API key, sent as `Authorization: Bearer …`; local servers need none.
/// - `BATON_LLM_API_KEY_ENV`: the name of another variable that holds the key.
/// - `BATON_LLM_API_KEY_SECRET`: the name of a secret of Baton's secret store that holds the key.
/// - `BATON_LLM_TIMEOUT`: seconds one request may take (default 60).
/// - `BATON_LLM_MAX_RETRIES`: retries after a 429, a 5xx, a timeout or a lost connection (default 2).
/// - `BATON_LLM_MODE`: `json` (structured output, the default) or `tools` (one tool per template).
/// - `BATON_LLM_STREAM`: `1`/`true` to stream answers (server-sent events).
public struct ModelConfiguration: Sendable, Hashable {
    /// Where the API key comes from.
    public enum APIKeySource: Sendable, Hashable {
        case none
        /// The value itself (from `BATON_LLM_API_KEY`, or given by a program).
        case value(String)
        /// An environment variable, by name.
        case environment(String)
        /// A secret of Baton's secret store, by name.
        case secret(String)
    }

    /// How the model gives its answer.
    public enum AnswerMode: String, Sendable, Hashable {
        /// A JSON document under `response_format: json_schema` (falling back to `json_object`,
        /// then to the schema in the prompt, as far as the server goes).
        case json
        /// A call of one of the tools: one per shortlisted template, one to ask, one to abstain.
        case tools
    }

    public var baseURL: String
    public var model: String
    public var apiKey: APIKeySource
    /// How long one request may take.
    public var timeout: Duration
    /// Retries after a retryable failure; the total of requests is `maxRetries + 1`.
    public var maxRetries: Int
    public var answerMode: AnswerMode
    public var stream: Bool
    /// Sampling temperature: 0 by default, since a plan should not be creative.
    public var temperature: Double?

    public init(
        baseURL: String, model: String, apiKey: APIKeySource = .none, timeout: Duration = .seconds(60), maxRetries: Int = 2,
        answerMode: AnswerMode = .json, stream: Bool = false, temperature: Double? = 0
    ) {
        self.baseURL = baseURL
        self.model = model
        self.apiKey = apiKey
        self.timeout = timeout
        self.maxRetries = maxRetries
        self.answerMode = answerMode
        self.stream = stream
        self.temperature = temperature
    }

    /// The chat completions URL: the base URL with `/chat/completions`.
    public var chatCompletionsURL: String {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        return base + "/chat/completions"
    }

    /// The configuration the `BATON_LLM_*` variables describe, or nil when `BATON_LLM_BASE_URL`
    /// is not set (no model: the built-in planner answers alone).
    /// - Throws: ``ModelProviderError`` (`configuration`) naming the variable whose value is wrong.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws(ModelProviderError) -> ModelConfiguration? {
        guard let baseURL = environment["BATON_LLM_BASE_URL"]?.trimmingCharacters(in: .whitespaces), !baseURL.isEmpty else { return nil }
        func invalid(_ message: String) -> ModelProviderError { ModelProviderError(.configuration, endpoint: baseURL, message: message) }
        guard let url = URL(string: baseURL), let scheme = url.scheme, ["http", "https"].contains(scheme.lowercased()), url.host != nil else {
            throw invalid("BATON_LLM_BASE_URL `\(baseURL)` is not an http(s) URL; set it to the API's base, e.g. http://localhost:11434/v1")
        }
        guard let model = environment["BATON_LLM_MODEL"]?.trimmingCharacters(in: .whitespaces), !model.isEmpty else {
            throw invalid("BATON_LLM_BASE_URL is set but BATON_LLM_MODEL is not; set it to the model's name (e.g. qwen2.5:7b)")
        }
        var configuration = ModelConfiguration(baseURL: baseURL, model: model)
        if let key = environment["BATON_LLM_API_KEY"], !key.isEmpty {
            configuration.apiKey = .value(key)
        } else if let name = environment["BATON_LLM_API_KEY_ENV"], !name.isEmpty {
            configuration.apiKey = .environment(name)
        } else if let name = environment["BATON_LLM_API_KEY_SECRET"], !name.isEmpty {
            configuration.apiKey = .secret(name)
        }
        if let text = environment["BATON_LLM_TIMEOUT"], !text.isEmpty {
            guard let seconds = Double(text), seconds > 0 else { throw invalid("BATON_LLM_TIMEOUT `\(text)` is not a positive number of seconds") }
            configuration.timeout = .milliseconds(Int64(seconds * 1000))
        }
        if let text = environment["BATON_LLM_MAX_RETRIES"], !text.isEmpty {
            guard let retries = Int(text), retries >= 0 else { throw invalid("BATON_LLM_MAX_RETRIES `\(text)` is not a whole number ≥ 0") }
            configuration.maxRetries = retries
        }
        if let text = environment["BATON_LLM_MODE"], !text.isEmpty {
            guard let mode = AnswerMode(rawValue: text.lowercased()) else { throw invalid("BATON_LLM_MODE `\(text)`: use `json` or `tools`") }
            configuration.answerMode = mode
        }
        if let text = environment["BATON_LLM_STREAM"], !text.isEmpty {
            configuration.stream = ["1", "true", "yes", "on"].contains(text.lowercased())
        }
        return configuration
    }

    /// The API key, read where the configuration says.
    /// - Throws: ``ModelProviderError`` (`configuration`) when the named variable or secret is not set.
    public func resolveAPIKey(
        environment: [String: String] = ProcessInfo.processInfo.environment, secrets: SecretStore = SecretStore()
    ) throws(ModelProviderError) -> String? {
        switch apiKey {
        case .none: return nil
        case .value(let key): return key
        case .environment(let name):
            guard let key = environment[name], !key.isEmpty else {
                throw ModelProviderError(.configuration, endpoint: baseURL, message: "the API key variable `\(name)` is not set")
            }
            return key
        case .secret(let name):
            guard let key = secrets.values[name]?.stringValue, !key.isEmpty else {
                throw ModelProviderError(
                    .configuration, endpoint: baseURL, message: "the secret `\(name)` that should hold the API key is not set (or not a string); set BATON_SECRET_\(name)")
            }
            return key
        }
    }
}
