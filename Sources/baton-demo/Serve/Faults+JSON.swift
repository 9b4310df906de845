import Foundation

extension Faults {
    /// These switches with the ones a JSON object sets changed: the keys it leaves out keep their
    /// value (`{"error_rate": 0.5}` changes only the error rate).
    /// - Throws: ``FaultsError`` when the text is not a JSON object, has a key that is not a
    ///   switch, a value of the wrong type, or one out of range.
    func applying(json text: String) throws(FaultsError) -> Faults {
        guard !text.allSatisfy(\.isWhitespace) else {
            throw FaultsError("the faults are empty; send a JSON object, such as {\"error_rate\": 0.5}")
        }
        let object: [String: FaultValue]
        do {
            object = try JSONDecoder().decode([String: FaultValue].self, from: Data(text.utf8))
        } catch DecodingError.typeMismatch(_, let context) where context.codingPath.isEmpty {
            throw FaultsError("the faults must be a JSON object, such as {\"error_rate\": 0.5}")
        } catch DecodingError.dataCorrupted(let context) where !context.codingPath.isEmpty {
            throw FaultsError(context.debugDescription)
        } catch {
            throw FaultsError("the faults are not valid JSON: \(error)")
        }
        var faults = self
        for (name, value) in object.sorted(by: { $0.key < $1.key }) {
            guard let key = CodingKeys(rawValue: name) else {
                let known = CodingKeys.allCases.map(\.rawValue).joined(separator: ", ")
                throw FaultsError("`\(name)` is not a fault switch; the switches are \(known)")
            }
            switch (key, value) {
            case (.crash, .bool(let on)): faults.crash = on
            case (.hang, .bool(let on)): faults.hang = on
            case (.unhealthy, .bool(let on)): faults.unhealthy = on
            case (.latencyMs, .number(let number)): faults.latencyMs = number
            case (.errorRate, .number(let number)): faults.errorRate = number
            case (.memoryMBPerSecond, .number(let number)): faults.memoryMBPerSecond = number
            case (.cpuPercent, .number(let number)): faults.cpuPercent = number
            case (.crash, _), (.hang, _), (.unhealthy, _):
                throw FaultsError("`\(name)` must be true or false")
            case (.latencyMs, _), (.errorRate, _), (.memoryMBPerSecond, _), (.cpuPercent, _):
                throw FaultsError("`\(name)` must be a number")
            }
        }
        return try faults.validated()
    }

    /// The switches as a JSON object with sorted keys.
    var jsonText: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Encoding plain numbers and booleans cannot fail.
        return (try? String(decoding: encoder.encode(self), as: UTF8.self)) ?? "{}"
    }
}

/// One value of a faults object: a boolean, a number, or something else (refused).
private enum FaultValue: Decodable {
    case bool(Bool)
    case number(Double)
    case other

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let bool = try? container.decode(Bool.self) {
            self = .bool(bool)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else {
            self = .other
        }
    }
}
