extension String {
    /// Spaces in front up to `width` characters (`"0.5"` as `" 0.5"` for 4).
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
