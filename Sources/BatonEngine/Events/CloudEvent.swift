import BatonWorkflow
import Foundation

/// CloudEvents 1.0 events in their JSON form (a JSON object whose members are the context
/// attributes, `data` and extension attributes), as `emit` publishes them and `listen` receives
/// them (OWS dsl.md §Events, dsl-reference.md §Emit, §Event Properties).
public enum CloudEvent {
    /// The CloudEvents version Baton writes and accepts.
    public static let specVersion = "1.0"

    /// The context attributes whose values must be strings (CloudEvents 1.0 §Context Attributes).
    static let stringAttributes = ["id", "source", "specversion", "type", "datacontenttype", "dataschema", "subject", "time"]
    /// The required context attributes.
    static let requiredAttributes = ["id", "source", "specversion", "type"]
    /// Members of the JSON format that are not context attributes.
    static let payloadMembers: Set<String> = ["data", "data_base64"]

    /// Builds the event an `emit` task publishes: evaluates the `${ }` expressions of its
    /// `event.with` against `input`, then completes the attributes with ``complete(_:clock:defaultSource:makeID:instance:)``.
    ///
    /// - Parameters:
    ///   - event: the task's `emit.event`.
    ///   - scope: the expression scope of the task.
    ///   - input: the task's transformed input, which the expressions see as `.`.
    ///   - clock: gives `time` when the definition sets none.
    ///   - defaultSource: the `source` to use when the definition sets none, such as the
    ///     workflow's identity `/{namespace}/{name}/{version}` (dsl-reference.md §Event
    ///     Properties); `nil` makes `source` required.
    /// - Throws: an expression error when an expression fails; a configuration error when
    ///   `with` is absent or lacks `source` or `type`; a validation error when an attribute has
    ///   the wrong shape.
    public static func evaluate(
        _ event: EmitTask.Event, scope: ExpressionScope, input: JSONValue, clock: some WorkflowClock,
        defaultSource: String? = nil, makeID: () -> String = newID
    ) throws(WorkflowFault) -> JSONValue {
        guard let with = event.with else {
            throw .configuration("the event to emit has no `with`; give at least its `source` and `type` under `emit.event.with`", instance: scope.instance)
        }
        let attributes = try scope.evaluate(template: with.documentValue, on: input)
        return try complete(attributes, clock: clock, defaultSource: defaultSource, makeID: makeID, instance: scope.instance)
    }

    /// Completes evaluated event attributes into a valid CloudEvent: `id` gets a new UUID,
    /// `specversion` `"1.0"`, `time` the clock's current time and `source` `defaultSource` when
    /// absent. Members whose value is `null` count as absent and are dropped.
    ///
    /// - Parameter instance: the JSON Pointer of the emitting task, for errors.
    /// - Throws: a configuration error naming `source` or `type` when one is missing (or `with` is
    ///   not an object); a validation error from ``validate(_:instance:)``.
    public static func complete(
        _ attributes: JSONValue, clock: some WorkflowClock, defaultSource: String? = nil,
        makeID: () -> String = newID, instance: String? = nil
    ) throws(WorkflowFault) -> JSONValue {
        guard case .object(var members) = attributes else {
            throw .configuration("the event to emit must be a mapping of CloudEvent attributes, but `emit.event.with` gave \(attributes.typeNameWithArticle)", instance: instance)
        }
        members = members.filter { !$0.value.isNull }
        if members["source"] == nil, let defaultSource { members["source"] = .string(defaultSource) }
        let missing = ["source", "type"].filter { members[$0] == nil }
        if !missing.isEmpty {
            let names = missing.map { "`\($0)`" }.joined(separator: " and ")
            throw .configuration(
                "the event to emit has no \(names); CloudEvents require both, so set them under `emit.event.with` (for example `source: https://example.com/orders` and `type: com.example.order.placed.v1`)",
                instance: instance)
        }
        if members["id"] == nil { members["id"] = .string(makeID()) }
        if members["specversion"] == nil { members["specversion"] = .string(specVersion) }
        if members["time"] == nil { members["time"] = timestamp(clock.now()) }
        let event = JSONValue.object(members)
        try validate(event, instance: instance)
        return event
    }

    /// Checks that a value is a CloudEvents 1.0 event in JSON form: an object with non-empty
    /// string `id`, `source`, `type` and `specversion` `"1.0"`; the optional attributes `subject`,
    /// `datacontenttype`, `dataschema` strings and `time` an RFC 3339 timestamp; extension
    /// attributes named with lower-case letters and digits and valued with a string, number or
    /// boolean; not both `data` and `data_base64`.
    ///
    /// - Throws: a validation error naming the first attribute that is wrong.
    public static func validate(_ event: JSONValue, instance: String? = nil) throws(WorkflowFault) {
        guard case .object(let members) = event else {
            throw .validation("a CloudEvent must be an object of attributes, not \(event.typeNameWithArticle)", instance: instance)
        }
        for name in requiredAttributes where members[name] == nil {
            throw .validation("the event has no `\(name)`; CloudEvents require `id`, `source`, `type` and `specversion`", instance: instance)
        }
        for name in stringAttributes {
            guard let value = members[name] else { continue }
            guard case .string(let text) = value else {
                throw .validation("the event attribute `\(name)` must be a string, but is \(value.typeNameWithArticle)", instance: instance)
            }
            if text.isEmpty, name != "datacontenttype" {
                throw .validation("the event attribute `\(name)` must not be empty", instance: instance)
            }
        }
        if let version = members["specversion"]?.stringValue, version != specVersion {
            throw .validation("the event's `specversion` is `\(version)`, but Baton handles CloudEvents \(specVersion)", instance: instance)
        }
        if let time = members["time"]?.stringValue, !isTimestamp(time) {
            throw .validation("the event attribute `time` must be an RFC 3339 timestamp such as `2024-05-01T12:00:00Z`, but is `\(time)`", instance: instance)
        }
        if members["data"] != nil, members["data_base64"] != nil {
            throw .validation("the event has both `data` and `data_base64`; keep one", instance: instance)
        }
        for (name, value) in members where !stringAttributes.contains(name) && !payloadMembers.contains(name) {
            guard isExtensionName(name) else {
                throw .validation("the event extension attribute `\(name)` must be named with lower-case letters and digits only (CloudEvents 1.0)", instance: instance)
            }
            switch value {
            case .string, .integer, .number, .bool: continue
            default:
                throw .validation("the event extension attribute `\(name)` must be a string, number or boolean, but is \(value.typeNameWithArticle)", instance: instance)
            }
        }
    }

    /// What a `listen` task reads from a consumed event (dsl-reference.md §Listen `read`):
    /// `envelope` the whole event; `data` its payload (`data`, or `data_base64` decoded — parsed
    /// as JSON when the content type is JSON — and `null` when there is none); `raw` the payload
    /// as carried, without decoding (`data`, else the `data_base64` text).
    public static func read(_ event: JSONValue, as mode: ListenTask.ReadMode = .data) -> JSONValue {
        switch mode {
        case .envelope:
            return event
        case .raw:
            return event["data"] ?? event["data_base64"] ?? .null
        case .data:
            if let data = event["data"] { return data }
            guard let encoded = event["data_base64"]?.stringValue, let bytes = Data(base64Encoded: encoded) else { return .null }
            let contentType = event["datacontenttype"]?.stringValue ?? "application/json"
            if isJSONContentType(contentType), let text = String(data: bytes, encoding: .utf8), let value = try? JSONValue(jsonText: text) {
                return value
            }
            return String(data: bytes, encoding: .utf8).map(JSONValue.string) ?? .string(encoded)
        }
    }

    /// A new event identifier: a lower-case UUID.
    @Sendable public static func newID() -> String {
        UUID().uuidString.lowercased()
    }

    /// `date` as an RFC 3339 timestamp in UTC, with milliseconds when they are not zero.
    public static func timestamp(_ date: Date) -> JSONValue {
        RuntimeDescriptors.dateTime(date)["iso8601"] ?? .null
    }

    /// Whether `text` is an RFC 3339 `date-time`: `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`, with the
    /// fields in range (a leap second `60` is allowed).
    public static func isTimestamp(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            var value = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        func byte(_ index: Int, _ allowed: String) -> Bool {
            index < bytes.count && allowed.utf8.contains(bytes[index])
        }
        guard let year = number(0..<4), byte(4, "-"), let month = number(5..<7), byte(7, "-"), let day = number(8..<10),
            byte(10, "Tt "), let hour = number(11..<13), byte(13, ":"), let minute = number(14..<16), byte(16, ":"),
            let second = number(17..<19)
        else { return false }
        let daysInMonth = [31, year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard (1...12).contains(month), (1...daysInMonth[month - 1]).contains(day), hour < 24, minute < 60, second <= 60 else { return false }
        var index = 19
        if byte(index, ".") {
            index += 1
            let start = index
            while number(index..<(index + 1)) != nil { index += 1 }
            guard index > start else { return false }
        }
        if byte(index, "Zz") { return index + 1 == bytes.count }
        guard byte(index, "+-"), let offsetHour = number((index + 1)..<(index + 3)), byte(index + 3, ":"),
            let offsetMinute = number((index + 4)..<(index + 6))
        else { return false }
        return offsetHour < 24 && offsetMinute < 60 && index + 6 == bytes.count
    }

    static func isExtensionName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    static func isJSONContentType(_ contentType: String) -> Bool {
        let mediaType = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        return mediaType == "application/json" || mediaType == "text/json" || mediaType.hasSuffix("+json")
    }
}
