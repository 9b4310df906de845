import CJQ

// Conversions between JSONValue and libjq's `jv`.
//
// libjq's rule (jv.h): every jv_* function consumes (frees) the jv values it is given and returns
// a new reference, except jv_copy. The exceptions that only look at a value and leave it alone are
// jv_get_kind, jv_number_value, jv_string_value and the jv_object_iter* functions (whose key and
// value results are new references). Reference counts are not atomic: a jv is only ever touched by
// the one thread that runs the jq_state it belongs to.

extension JSONValue {
    /// The value as a new jv, owned by the caller.
    func makeJV() -> jv {
        switch self {
        case .null:
            return jv_null()
        case .bool(let value):
            return jv_bool(value ? 1 : 0)
        case .integer(let value):
            return jv_number(Double(value))
        case .number(let value):
            return jv_number(value)
        case .string(let value):
            return Self.makeJV(string: value)
        case .array(let items):
            var array = jv_array_sized(Int32(clamping: items.count))
            for item in items {
                array = jv_array_append(array, item.makeJV())
            }
            return array
        case .object(let members):
            var object = jv_object()
            for (key, value) in members {
                object = jv_object_set(object, Self.makeJV(string: key), value.makeJV())
            }
            return object
        }
    }

    private static func makeJV(string: String) -> jv {
        if let made = string.utf8.withContiguousStorageIfAvailable({ makeJV(utf8: $0) }) {
            return made
        }
        return Array(string.utf8).withUnsafeBufferPointer { makeJV(utf8: $0) }
    }

    private static func makeJV(utf8: UnsafeBufferPointer<UInt8>) -> jv {
        guard let base = utf8.baseAddress, !utf8.isEmpty else { return jv_string("") }
        return base.withMemoryRebound(to: CChar.self, capacity: utf8.count) {
            jv_string_sized($0, Int32(clamping: utf8.count))
        }
    }

    /// The value of a jv, which this consumes.
    ///
    /// Numbers that are whole and within `Int`'s range become `.integer`, others `.number`; NaN
    /// becomes null and infinities the largest finite doubles, as jq itself prints them.
    init(consuming value: jv) {
        switch jv_get_kind(value) {
        case JV_KIND_NULL:
            self = .null
        case JV_KIND_TRUE:
            self = .bool(true)
        case JV_KIND_FALSE:
            self = .bool(false)
        case JV_KIND_NUMBER:
            self = Self.fromJQNumber(jv_number_value(value))
        case JV_KIND_STRING:
            self = .string(Self.string(borrowing: value))
            jv_free(value)
        case JV_KIND_ARRAY:
            let count = Int(jv_array_length(jv_copy(value)))
            var items: [JSONValue] = []
            items.reserveCapacity(count)
            for index in 0..<count {
                items.append(JSONValue(consuming: jv_array_get(jv_copy(value), Int32(index))))
            }
            jv_free(value)
            self = .array(items)
        case JV_KIND_OBJECT:
            var members = [String: JSONValue](minimumCapacity: Int(jv_object_length(jv_copy(value))))
            var iterator = jv_object_iter(value)
            while jv_object_iter_valid(value, iterator) != 0 {
                let key = jv_object_iter_key(value, iterator)
                members[Self.string(borrowing: key)] = JSONValue(consuming: jv_object_iter_value(value, iterator))
                jv_free(key)
                iterator = jv_object_iter_next(value, iterator)
            }
            jv_free(value)
            self = .object(members)
        default:
            // An invalid value is never a result (jq_next reports the end of output with it);
            // treat a stray one as null rather than trap.
            jv_free(value)
            self = .null
        }
    }

    private static func fromJQNumber(_ value: Double) -> JSONValue {
        if value.isNaN { return .null }
        if value.isInfinite { return .number(value > 0 ? .greatestFiniteMagnitude : -.greatestFiniteMagnitude) }
        // Int(exactly:) is nil for fractions and for doubles outside Int's range.
        if let integer = Int(exactly: value) { return .integer(integer) }
        return .number(value)
    }

    /// The text of a string jv, which this leaves alone.
    static func string(borrowing value: jv) -> String {
        let length = Int(jv_string_length_bytes(jv_copy(value)))
        guard length > 0, let pointer = jv_string_value(value) else { return "" }
        return pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
    }
}
