/// The language of a request: what the planner's questions and reasons are written in.
public enum RequestLanguage: String, Sendable, Hashable, CaseIterable, Codable {
    case en, zh

    /// Chinese when the text holds any Han character, English otherwise.
    public init(detectingIn text: String) {
        self = text.unicodeScalars.contains(where: \.isHan) ? .zh : .en
    }
}

extension Unicode.Scalar {
    /// A CJK ideograph (the unified blocks and their extension A, and the compatibility block).
    var isHan: Bool {
        switch value {
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF: true
        default: false
        }
    }
}
