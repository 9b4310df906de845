/// Numbers as the logs, answers and reports show them.
extension Double {
    /// `5` rather than `5.0`, `0.25` as is.
    var compact: String {
        rounded() == self && abs(self) < 1e15 ? String(Int64(self)) : String(self)
    }

    /// Rounded to one decimal, for milliseconds in reports.
    var roundedToTenths: Double {
        (self * 10).rounded() / 10
    }
}
