import BatonWorkflow

extension JSONValue {
    /// Compact JSON for a failure message, shortened past `limit` characters.
    func summary(limit: Int = 600) -> String {
        let text = jsonText()
        guard text.count > limit else { return text }
        return text.prefix(limit - 3) + "..."
    }
}
