/// The metrics of a report by name, for thresholds a run must meet (`--require
/// template-accuracy=0.9`) and for the JSON form.
public enum EvaluationMetric: String, Sendable, Hashable, CaseIterable {
    case templateAccuracy = "template-accuracy"
    case parameterAccuracy = "parameter-accuracy"
    case frameExactMatch = "frame-exact-match"
    case clarifyPrecision = "clarify-precision"
    case clarifyRecall = "clarify-recall"
    case abstainPrecision = "abstain-precision"
    case abstainRecall = "abstain-recall"
    case abstainF1 = "abstain-f1"
    case validPlans = "valid-plans"

    /// How the text report names it.
    public var label: String {
        switch self {
        case .templateAccuracy: "template accuracy"
        case .parameterAccuracy: "parameter accuracy"
        case .frameExactMatch: "frame exact match"
        case .clarifyPrecision: "clarify precision"
        case .clarifyRecall: "clarify recall"
        case .abstainPrecision: "abstain precision"
        case .abstainRecall: "abstain recall"
        case .abstainF1: "abstain F1"
        case .validPlans: "valid plans"
        }
    }

    /// The ratio behind the metric; nil for F1, which is not a count over a total.
    public func ratio(in report: EvaluationReport) -> EvaluationRatio? {
        switch self {
        case .templateAccuracy: report.templateAccuracy
        case .parameterAccuracy: report.parameterAccuracy
        case .frameExactMatch: report.frameExactMatch
        case .clarifyPrecision: report.clarifyPrecision
        case .clarifyRecall: report.clarifyRecall
        case .abstainPrecision: report.abstainPrecision
        case .abstainRecall: report.abstainRecall
        case .abstainF1: nil
        case .validPlans: report.validPlans
        }
    }

    /// The metric's value 0…1, or nil when it has nothing to be computed over.
    public func value(in report: EvaluationReport) -> Double? {
        self == .abstainF1 ? report.abstainF1 : ratio(in: report)?.value
    }
}
