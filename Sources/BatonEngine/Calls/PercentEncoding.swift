/// Percent-encoding of the values Baton puts into URLs (RFC 3986 §2.1): URI template variables,
/// path parameters and query parameters of HTTP and OpenAPI calls.
enum PercentEncoding {
    /// Encodes every byte of the UTF-8 text but the unreserved characters (`A-Z a-z 0-9 - . _ ~`),
    /// as RFC 6570 simple string expansion does: `a b/c` gives `a%20b%2Fc`.
    static func encode(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if isUnreserved(byte) {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                result += "%"
                result.append(hexDigits[Int(byte >> 4)])
                result.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return result
    }

    /// `name=value` pairs joined with `&`, each side encoded: a query string or a
    /// `application/x-www-form-urlencoded` body.
    static func encodeForm(_ pairs: [(name: String, value: String)]) -> String {
        pairs.map { "\(encode($0.name))=\(encode($0.value))" }.joined(separator: "&")
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"): true
        default: false
        }
    }

    private static let hexDigits: [Character] = Array("0123456789ABCDEF")
}
