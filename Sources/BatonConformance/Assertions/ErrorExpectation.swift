import BatonEngine
import BatonWorkflow

/// An expected error, as a scenario writes it: a partial error document. Every key it gives must
/// be in the actual error with an equal value; keys it leaves out are not checked. Error types
/// compare with `WorkflowFault.sameType`, so both spellings of the standard types are accepted.
public struct ErrorExpectation: Sendable, Hashable {
    public let document: [String: JSONValue]

    /// - Throws: `StepFailure` when the expectation is not an object.
    public init(_ value: JSONValue) throws(StepFailure) {
        guard case .object(let members) = value else {
            throw StepFailure("the expected error must be an object such as `type: ...`, `status: 400`; it is \(value.typeNameWithArticle)")
        }
        document = members
    }

    /// What differs between the expectation and `fault`, one line per key; empty when it matches.
    public func mismatches(_ fault: WorkflowFault) -> [String] {
        let actual = fault.documentValue
        var result: [String] = []
        for key in document.keys.sorted() {
            let expected = document[key] ?? .null
            guard let value = actual[key] else {
                result.append("\(key): expected \(expected.summary()), but the error has none")
                continue
            }
            let equal: Bool
            if key == "type", let expectedType = expected.stringValue, let actualType = value.stringValue {
                equal = WorkflowFault.sameType(expectedType, actualType)
            } else {
                equal = expected == value
            }
            if !equal {
                result.append("\(key): expected \(expected.summary()), got \(value.summary())")
            }
        }
        return result
    }
}
