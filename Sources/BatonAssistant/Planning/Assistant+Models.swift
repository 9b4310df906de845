import BatonEngine
import BatonWorkflow
import Foundation
import Logging

extension Assistant {
    /// The assistant as configured by the environment: the model planner when
    /// `BATON_LLM_BASE_URL` is set (``ModelConfiguration/fromEnvironment(_:)``), with the
    /// built-in planner as its retrieval and its fallback, redaction of the secret store's
    /// values, and every exchange recorded in `exchangeLog`; otherwise the built-in planner.
    /// - Parameters:
    ///   - functionSchemas: the catalog functions a model may call in a workflow it writes when
    ///     no template fits (name → JSON Schema of `with`); empty: it may not write workflows.
    /// - Throws: the configuration's error when a variable is set wrong (named in the message),
    ///   or when the exchange log cannot be opened.
    public static func configured(
        library: TemplateLibrary, environment: [String: String] = ProcessInfo.processInfo.environment, secrets: SecretStore = SecretStore(),
        exchangeLog: URL, functionSchemas: [String: JSONValue] = [:], logger: Logger = Logger(label: "baton.assistant")
    ) throws -> Assistant {
        let builtIn = BuiltInPlanner(library: library)
        guard let configuration = try ModelConfiguration.fromEnvironment(environment) else {
            return Assistant(library: library, planner: builtIn, instantiator: builtIn.instantiator)
        }
        try FileManager.default.createDirectory(at: exchangeLog.deletingLastPathComponent(), withIntermediateDirectories: true)
        let provider = OpenAICompatibleProvider(
            configuration: configuration, apiKey: try configuration.resolveAPIKey(environment: environment, secrets: secrets),
            exchangeLog: try JSONLinesModelExchangeLog(url: exchangeLog, logger: logger), logger: logger)
        let planner = ModelPlanner(
            provider: provider, library: library, retriever: builtIn, fallback: builtIn, redactor: Redactor(secrets: secrets),
            functionSchemas: functionSchemas, answerMode: configuration.answerMode, logger: logger)
        return Assistant(library: library, planner: planner, instantiator: builtIn.instantiator)
    }
}
