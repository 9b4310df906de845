import BatonWorkflow

/// A property of an output, written as the conformance kit writes it: keys separated by dots,
/// `request.headers`; a key that is a number indexes an array, `items.0.id`.
public struct PropertyPath: Sendable, Hashable, CustomStringConvertible {
    public let keys: [String]
    public let description: String

    public init(_ text: String) {
        description = text
        keys = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    }

    /// The value at the path.
    /// - Throws: `StepFailure` saying which key is missing, or what stood where an object was needed.
    public func value(in root: JSONValue) throws(StepFailure) -> JSONValue {
        var current = root
        var walked: [String] = []
        for key in keys {
            let here = walked.isEmpty ? "the output" : "'\(walked.joined(separator: "."))'"
            switch current {
            case .object(let members):
                guard let next = members[key] else {
                    let known = members.keys.sorted().map { "'\($0)'" }.joined(separator: ", ")
                    throw StepFailure("\(here) has no '\(key)' property (it has \(known.isEmpty ? "none" : known))")
                }
                current = next
            case .array(let items):
                guard let index = Int(key), items.indices.contains(index) else {
                    throw StepFailure("\(here) is an array of \(items.count) items, which has no item '\(key)'")
                }
                current = items[index]
            default:
                throw StepFailure("\(here) is \(current.typeNameWithArticle), not an object with a '\(key)' property")
            }
            walked.append(key)
        }
        return current
    }
}
