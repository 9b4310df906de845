/// How strings in a workflow definition are told apart from runtime expressions (dsl-reference.md,
/// "Evaluate", `mode`).
public enum ExpressionMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// Only a string whose trimmed form is `${ ... }` is an expression; every other string is a
    /// plain string. The default.
    case strict
    /// Every string is evaluated as jq (an enclosing `${ }` is removed first); when it does not
    /// compile or its evaluation fails, the result is the string itself.
    case loose
}
