import BatonWorkflow
import Foundation
import Hummingbird
import NIOCore

extension Request {
    /// The whole body, refused with 413 when it is larger than the configured limit — at once
    /// when `Content-Length` says so, otherwise when the limit is reached while reading.
    func bodyBytes(limit: Int, describedAs limitText: String) async throws(APIError) -> ByteBuffer {
        let tooLarge = APIError(
            .contentTooLarge, .tooLarge,
            "the request body is larger than the limit of \(limitText); start `baton serve` with a larger `--max-body-size` (in MiB) to accept it")
        if let length = headers[.contentLength].flatMap({ Int($0) }), length > limit { throw tooLarge }
        do {
            return try await body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw tooLarge
        } catch {
            throw APIError.invalidInput("the request body could not be read: \(error)")
        }
    }

    /// The body as UTF-8 text.
    func bodyText(limit: Int, describedAs limitText: String) async throws(APIError) -> String {
        let bytes = try await bodyBytes(limit: limit, describedAs: limitText)
        guard let text = String(validating: bytes.readableBytesView, as: UTF8.self) else {
            throw APIError.invalidInput("the request body is not UTF-8 text")
        }
        return text
    }

    /// The body parsed as JSON.
    func jsonBody(limit: Int, describedAs limitText: String) async throws(APIError) -> JSONValue {
        let text = try await bodyText(limit: limit, describedAs: limitText)
        if text.allSatisfy(\.isWhitespace) { throw APIError.invalidInput("the request body is empty; send a JSON object") }
        do {
            return try JSONValue(jsonText: text, file: "request body")
        } catch {
            throw APIError.invalidInput("the request body is \(error.message)")
        }
    }

    /// The body parsed as JSON; an empty body is an empty object (operations without arguments).
    func optionalJSONBody(limit: Int, describedAs limitText: String) async throws(APIError) -> JSONValue {
        let text = try await bodyText(limit: limit, describedAs: limitText)
        if text.allSatisfy(\.isWhitespace) { return .object([:]) }
        do {
            return try JSONValue(jsonText: text, file: "request body")
        } catch {
            throw APIError.invalidInput("the request body is \(error.message)")
        }
    }

    /// The media type of `Content-Type` without parameters, lower-cased (`application/json`).
    var mediaType: String? {
        headers[.contentType].map { $0.split(separator: ";", maxSplits: 1).first.map(String.init) ?? $0 }?
            .trimmingCharacters(in: .whitespaces).lowercased()
    }
}
