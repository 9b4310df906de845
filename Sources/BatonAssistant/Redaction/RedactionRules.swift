import Foundation

/// The patterns of secrets, addresses and tokens that the redactor hides, in the order they
/// apply: the most specific first, so that a key inside `api_key: sk-…` is taken whole by its
/// token shape before the `name: value` rule sees it.
///
/// Boundaries are ASCII classes, not `\b` or `\w`: those count Han characters as word
/// characters, and Chinese writes an address or a token right against its words (`地址10.0.0.5`).
enum RedactionRules {
    /// Names of variables and fields whose values are secret: ones that end in password, secret,
    /// token, credentials…, and `key` alone or after a separator or a word that makes it a secret
    /// (`api_key`, `SECRET_KEY`, `access-key`), not `monkey` or `keyword`.
    static let secretName =
        #"(?:[A-Za-z0-9_.-]*(?:password|passwd|passphrase|pwd|secret|token|credentials?|apikey)|(?:[A-Za-z0-9]*[_.-])*(?:api|secret|access|private|auth|encryption|signing|master|license|ssh)?[_.-]?key)"#

    /// Words after a secret's name that are no value (`the password is required`).
    static let notValues: Set<String> = [
        "is", "was", "are", "be", "required", "missing", "set", "unset", "not", "empty", "none", "null", "nil", "true", "false",
        "wrong", "invalid", "incorrect", "expired", "rotated", "changed", "the", "a", "an", "of", "in", "for", "from", "to",
        "stored", "needed", "optional", "bearer", "basic", "redacted", "***", "<redacted>",
    ]

    static func keepsWord(_ value: String) -> Bool {
        notValues.contains(value.lowercased()) || value.hasPrefix("${") || value.hasPrefix("$secrets") || value.hasPrefix("{{")
    }

    static let octet = #"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"#

    static func rules(emailAddresses: Bool, ipAddresses: Bool) -> [RedactionRule] {
        var rules: [RedactionRule] = [
            // PEM private keys, whole.
            RedactionRule(#"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----[\s\S]*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----"#),
            // Authorization: Bearer …, Basic … — a value with a digit or long enough not to be a word.
            RedactionRule(
                #"(?i)(?<![A-Za-z0-9_])(?:bearer|basic)\s+([A-Za-z0-9._~+/=-]{8,})"#, groups: [1],
                keeps: { value in !value.contains(where: \.isNumber) && value.count < 20 }),
            // The password of a connection string (scheme://user:password@host); the user stays,
            // it tells the model which account without opening it.
            RedactionRule(#"(?i)(?<![A-Za-z0-9_])[a-z][a-z0-9+.-]*://[^\s:/@]+:([^\s@/]+)@"#, groups: [1]),
            // Well-known token shapes.
            RedactionRule(#"(?<![A-Za-z0-9_])(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{10,}"#),
            RedactionRule(#"(?<![A-Za-z0-9_-])sk-(?:[A-Za-z0-9_-]*-)?[A-Za-z0-9_-]{16,}"#),
            RedactionRule(#"(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{20,}"#),
            RedactionRule(#"(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9_]{20,}"#),
            RedactionRule(#"(?<![A-Za-z0-9_])glpat-[A-Za-z0-9_-]{20,}"#),
            RedactionRule(#"(?<![A-Za-z0-9_])(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}(?![A-Za-z0-9_])"#),
            RedactionRule(#"(?<![A-Za-z0-9_])xox[abprs]-[A-Za-z0-9-]{10,}"#),
            RedactionRule(#"(?<![A-Za-z0-9_])AIza[0-9A-Za-z_-]{35}"#),
            RedactionRule(#"(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}"#),
            RedactionRule(#"(?<![A-Za-z0-9_])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"#),
            // name = value, name: value, "name": "value" (env files, YAML, JSON, URLs' queries).
            RedactionRule(
                #"(?i)(?<![A-Za-z0-9_])["']?"# + secretName + #"["']?\s*(?:=|:|：)\s*(?:"([^"\n]*)"|'([^'\n]*)'|([^\s"',;&}\]]+))"#,
                groups: [1, 2, 3], keeps: keepsWord),
            // --password value, -token value
            RedactionRule(
                #"(?i)(?<![A-Za-z0-9_-])--?"# + secretName + #"\s+(?:"([^"\n]*)"|'([^'\n]*)'|([^\s"'-][^\s"']*))"#,
                groups: [1, 2, 3], keeps: keepsWord),
            // 密码是…, 口令：…, 令牌为…
            RedactionRule(
                #"(?:密码|口令|令牌|密钥|秘钥|私钥|凭证|凭据|访问密钥|token|password)\s*(?:[:：=]|是|为|為)\s*["'“「]?([^\s"'”」，。；、,;]+)"#,
                groups: [1], keeps: keepsWord, inProse: true),
            // the password is hunter2
            RedactionRule(
                #"(?i)(?<![A-Za-z0-9_])(?:password|passwd|passphrase|api key|token|secret)\s+(?:is|was|of)\s+["'“]?([^\s"'”,;]+)"#,
                groups: [1], keeps: keepsWord, inProse: true),
        ]
        if emailAddresses {
            rules.append(RedactionRule(#"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![A-Za-z0-9-])"#, kind: .email))
        }
        if ipAddresses {
            rules.append(RedactionRule(
                #"(?<![A-Za-z0-9_:.])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![A-Za-z0-9_:])"#, kind: .ipAddress, keeps: { !isIPv6($0) }))
            rules.append(RedactionRule(
                #"(?<![A-Za-z0-9_.])"# + octet + #"(?:\."# + octet + #"){3}(?![A-Za-z0-9_])(?!\.\d)"#, kind: .ipAddress,
                keeps: { $0.hasPrefix("127.") || $0 == "0.0.0.0" }))
        }
        return rules
    }

    /// Whether text that looks like colon-separated hex is an IPv6 address worth hiding: eight
    /// groups, or one `::` with at least four hex digits (not `::`, `::1`, `a::b`, nor `10:30:00`).
    static func isIPv6(_ text: String) -> Bool {
        let digits = text.filter(\.isHexDigit).count
        let compressed = text.components(separatedBy: "::").count - 1
        let groups = text.split(separator: ":", omittingEmptySubsequences: true)
        guard groups.allSatisfy({ $0.count <= 4 }) else { return false }
        if compressed == 0 { return groups.count == 8 && text.split(separator: ":", omittingEmptySubsequences: false).count == 8 }
        return compressed == 1 && digits >= 4 && groups.count >= 2 && groups.count <= 7
    }
}
