import BatonWorkflow
import Foundation

/// One request to a model and what came back, as it was on the wire: the request body as sent
/// (already redacted) and the response body as received (placeholders not yet restored).
public struct ModelExchange: Sendable, Hashable {
    public var time: Date
    public var endpoint: String
    public var model: String
    /// What the request was for (`plan`, `repair 1` …).
    public var purpose: String
    /// 1 for the first request, 2 for the first retry …
    public var attempt: Int
    public var requestBody: JSONValue
    /// The body as received (for a stream: the event lines); nil when nothing came.
    public var responseBody: String?
    /// The HTTP status; nil when no response came.
    public var status: Int?
    public var duration: Duration
    /// What went wrong, when something did.
    public var error: String?

    public init(
        time: Date, endpoint: String, model: String, purpose: String, attempt: Int, requestBody: JSONValue, responseBody: String?,
        status: Int?, duration: Duration, error: String?
    ) {
        self.time = time
        self.endpoint = endpoint
        self.model = model
        self.purpose = purpose
        self.attempt = attempt
        self.requestBody = requestBody
        self.responseBody = responseBody
        self.status = status
        self.duration = duration
        self.error = error
    }

    /// The exchange as one JSON object (a line of the audit file).
    public var jsonValue: JSONValue {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        let members: [String: JSONValue] = [
            "time": .string(time.formatted(.iso8601)), "endpoint": .string(endpoint), "model": .string(model),
            "purpose": .string(purpose), "attempt": .integer(attempt), "request": requestBody,
            "response": responseBody.map(JSONValue.string) ?? .null, "status": status.map(JSONValue.integer) ?? .null,
            "duration_seconds": .number((seconds * 1000).rounded() / 1000), "error": error.map(JSONValue.string) ?? .null,
        ]
        return .object(members)
    }
}

/// Where model exchanges are recorded: every request a provider makes, retries and repairs
/// included, so that what left the machine can be checked afterwards.
public protocol ModelExchangeLog: Sendable {
    func record(_ exchange: ModelExchange)
}
