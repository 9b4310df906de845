import BatonWorkflow
import Foundation

/// The final response of a call (after any redirects it followed), its body read whole within
/// the task's output limit, and the task output made from it.
struct HTTPCallResponse: Sendable {
    var statusCode: Int
    /// The headers, names in lower case (as HTTP/2 writes them) so that expressions can rely on
    /// `.headers["content-type"]`; repeated headers are joined with `, `.
    var headers: [String: String]
    var body: Data

    /// The body decoded for the `content` output: JSON when the content type says JSON or the
    /// body parses as JSON, otherwise the text, or base64 when the body is not UTF-8; null when
    /// the body is empty.
    var content: JSONValue {
        guard !body.isEmpty else { return .null }
        let text = String(data: body, encoding: .utf8)
        if let text, let value = try? JSONValue(jsonText: text) {
            return value
        }
        if let text { return .string(text) }
        return .string(body.base64EncodedString())
    }

    /// The task's output in the format the call asks for (dsl-reference.md §HTTP Call, `output`):
    /// `content` (the default), `response` (`{ request, statusCode, headers, content }`) or `raw`
    /// (the body in base64).
    func output(_ format: HTTPArguments.OutputFormat?, request: HTTPCallRequest) -> JSONValue {
        switch format ?? .content {
        case .content:
            return content
        case .raw:
            return .string(body.base64EncodedString())
        case .response:
            return [
                "request": request.documentValue,
                "statusCode": .integer(statusCode),
                "headers": .object(headers.mapValues(JSONValue.string)),
                "content": content,
            ]
        }
    }

    /// The first characters of the body, on one line, to show in an error.
    var snippet: String {
        guard !body.isEmpty else { return "" }
        let text = String(decoding: body.prefix(Self.snippetBytes), as: UTF8.self)
        let oneLine = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        let limit = 200
        return oneLine.count > limit ? String(oneLine.prefix(limit)) + "…" : oneLine
    }

    /// How much of an error response's body is read for its snippet.
    static let snippetBytes = 2_048
}
