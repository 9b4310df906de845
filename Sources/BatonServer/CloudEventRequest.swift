import BatonEngine
import BatonWorkflow
import Foundation
import Hummingbird
import NIOCore

/// The CloudEvents in a `POST /events` request, as the CloudEvents 1.0 HTTP protocol binding
/// carries them:
/// - structured mode, `Content-Type: application/cloudevents+json`: the body is the event;
/// - batched mode, `Content-Type: application/cloudevents-batch+json`: the body is an array of
///   events;
/// - binary mode, anything else: the context attributes are `ce-*` headers (percent-decoded),
///   the body is the data and its `Content-Type` the `datacontenttype`. A JSON body (a JSON media
///   type, `+json` included) becomes JSON `data`; any other body `data_base64`.
///
/// Every event is checked (`CloudEvent.validate`) before any is published, so a batch with a bad
/// event stores none of them.
struct CloudEventRequest {
    enum Mode: String {
        case structured, batch, binary
    }

    var mode: Mode
    var events: [JSONValue]

    static let structuredType = "application/cloudevents+json"
    static let batchType = "application/cloudevents-batch+json"
    static let requiredHeaders = ["ce-id", "ce-source", "ce-type", "ce-specversion"]

    /// - Throws: 400 saying which attribute is missing or wrong, and where.
    init(headers: HTTPFields, mediaType: String?, body: ByteBuffer) throws(APIError) {
        switch mediaType {
        case Self.structuredType?:
            mode = .structured
            let event = try Self.json(body, what: "the structured-mode event")
            try Self.check(event, at: nil)
            events = [event]
        case Self.batchType?:
            mode = .batch
            guard case .array(let items) = try Self.json(body, what: "the batch") else {
                throw .invalidInput("a batch (\(Self.batchType)) must be a JSON array of events")
            }
            for (index, event) in items.enumerated() { try Self.check(event, at: index) }
            events = items
        default:
            mode = .binary
            events = [try Self.binaryEvent(headers: headers, body: body)]
        }
    }

    private static func binaryEvent(headers: HTTPFields, body: ByteBuffer) throws(APIError) -> JSONValue {
        var members: [String: JSONValue] = [:]
        for field in headers {
            let name = field.name.canonicalName.lowercased()
            guard name.hasPrefix("ce-"), name.count > 3 else { continue }
            members[String(name.dropFirst(3))] = .string(field.value.removingPercentEncoding ?? field.value)
        }
        if members.isEmpty {
            throw .invalidInput(
                "the request is not a CloudEvent: send it in structured mode (`Content-Type: \(structuredType)`, the event as the body) or in binary mode (headers \(requiredHeaders.map { "`\($0)`" }.joined(separator: ", ")), the data as the body)"
            )
        }
        let missing = requiredHeaders.filter { members[String($0.dropFirst(3))] == nil }
        if !missing.isEmpty {
            throw .invalidInput(
                "the binary-mode event has no \(missing.map { "`\($0)`" }.joined(separator: ", ")) header; binary mode needs \(requiredHeaders.map { "`\($0)`" }.joined(separator: ", "))",
                path: missing[0])
        }
        if body.readableBytes > 0 {
            let contentType = headers[.contentType] ?? "application/octet-stream"
            members["datacontenttype"] = .string(contentType)
            if isJSON(contentType) {
                members["data"] = try json(body, what: "the event data (`Content-Type: \(contentType)`)")
            } else {
                members["data_base64"] = .string(Data(body.readableBytesView).base64EncodedString())
            }
        } else if let contentType = headers[.contentType] {
            members["datacontenttype"] = .string(contentType)
        }
        let event = JSONValue.object(members)
        do {
            try CloudEvent.validate(event)
        } catch {
            let detail = error.detail ?? error.title ?? "the event is not valid"
            throw .invalidInput("the binary-mode event is not valid: \(detail) (binary mode carries each attribute `<name>` as a `ce-<name>` header)")
        }
        return event
    }

    private static func check(_ event: JSONValue, at index: Int?) throws(APIError) {
        do {
            try CloudEvent.validate(event)
        } catch {
            let detail = error.detail ?? error.title ?? "the event is not valid"
            if let index { throw .invalidInput("event [\(index)] of the batch is not valid: \(detail)", path: "[\(index)]") }
            throw .invalidInput("the structured-mode event is not valid: \(detail)")
        }
    }

    private static func json(_ body: ByteBuffer, what: String) throws(APIError) -> JSONValue {
        guard let text = String(validating: body.readableBytesView, as: UTF8.self) else {
            throw .invalidInput("\(what) is not UTF-8 text")
        }
        if text.allSatisfy(\.isWhitespace) { throw .invalidInput("\(what) is empty") }
        do {
            return try JSONValue(jsonText: text, file: "request body")
        } catch {
            throw .invalidInput("\(what) is \(error.message)")
        }
    }

    /// `application/json`, `text/json` and any `+json` media type.
    static func isJSON(_ contentType: String) -> Bool {
        let media = (contentType.split(separator: ";").first.map(String.init) ?? contentType).trimmingCharacters(in: .whitespaces).lowercased()
        return media == "application/json" || media == "text/json" || media.hasSuffix("+json")
    }
}
