extension Duration {
    /// A short human form for messages: `1s`, `1.5s`, `250ms`, `2m`, `0.3ms`.
    var shortDescription: String {
        let (seconds, attoseconds) = components
        if attoseconds == 0 {
            if seconds != 0, seconds % 60 == 0 { return "\(seconds / 60)m" }
            return "\(seconds)s"
        }
        let milliseconds = Double(seconds) * 1000 + Double(attoseconds) / 1e15
        if abs(milliseconds) < 1 { return "\(Self.trimmed(milliseconds, decimals: 2))ms" }
        if abs(milliseconds) < 1000 { return "\(Self.trimmed(milliseconds, decimals: 1))ms" }
        return "\(Self.trimmed(milliseconds / 1000, decimals: 3))s"
    }

    /// `value` with at most `decimals` decimals and no trailing zeros.
    private static func trimmed(_ value: Double, decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        if rounded == rounded.rounded() { return String(Int64(rounded)) }
        var text = String(rounded)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }
}
