import BatonWorkflow

/// One thing a diagnosis or an audit found about a service: how bad, where, what, what to do.
public struct Finding: Sendable, Hashable {
    public enum Severity: String, Sendable, Hashable, Comparable, CaseIterable {
        case critical, high, medium, low

        private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
        /// `critical` first.
        public static func < (left: Severity, right: Severity) -> Bool { left.rank < right.rank }
    }

    public var severity: Severity
    public var service: String
    /// Where in the definition (`environment.DB_PASSWORD`, `ports[0]`) or in what runs
    /// (`instances.web-2`); nil for the service as a whole.
    public var field: String?
    public var message: String
    public var advice: String?

    public init(severity: Severity, service: String, field: String? = nil, message: String, advice: String? = nil) {
        self.severity = severity
        self.service = service
        self.field = field
        self.message = message
        self.advice = advice
    }

    public var jsonValue: JSONValue {
        var object: [String: JSONValue] = ["severity": .string(severity.rawValue), "service": .string(service), "message": .string(message)]
        if let field { object["field"] = .string(field) }
        if let advice { object["advice"] = .string(advice) }
        return .object(object)
    }
}
