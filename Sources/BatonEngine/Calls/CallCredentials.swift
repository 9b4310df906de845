import BatonWorkflow
import Foundation

/// The `Authorization` header value of a call, resolved from its authentication policy
/// (dsl-reference.md §Authentication), with the values that must never appear in errors.
///
/// `basic` and `bearer` are supported, inline (their `${ }` expressions evaluated on the task's
/// input) or from a secret (`use: secretName`: a basic secret holds `username` and `password`,
/// a bearer secret `token`). `digest`, `oauth2` and `oidc` are refused with a configuration
/// error naming the scheme, so that a request is never sent without the authentication the
/// workflow asked for.
struct CallCredentials: Sendable {
    /// The value of the `Authorization` header, e.g. `Basic dXNlcjpwYXNz`.
    var authorization: String
    /// The secret values behind the header (password, token, the encoded pair), to redact from
    /// anything that leaves the call.
    var sensitiveValues: [String]

    /// Resolves a policy, following `use: name` to the workflow's `use.authentications`.
    /// - Throws: a configuration error for an unknown policy or secret, a secret of the wrong
    ///   shape, or an unsupported scheme; an expression error from an inline `${ }` value.
    static func resolve(_ policy: ReferenceableAuthenticationPolicy, context: TaskContext) throws(WorkflowFault) -> CallCredentials {
        switch policy {
        case .policy(let inline):
            return try resolve(inline, context: context)
        case .reference(let name):
            guard let declared = context.authentications[name] else {
                let known = context.authentications.keys.sorted()
                let hint = known.isEmpty ? "the workflow declares none" : "declared: \(known.map { "`\($0)`" }.joined(separator: ", "))"
                throw .configuration(
                    "the authentication policy `\(name)` is not declared in `use.authentications` (\(hint))", instance: context.reference)
            }
            return try resolve(declared, context: context)
        }
    }

    /// Resolves an inline or declared policy.
    static func resolve(_ policy: AuthenticationPolicy, context: TaskContext) throws(WorkflowFault) -> CallCredentials {
        switch policy {
        case .basic(let scheme):
            let pair = try usernamePassword(scheme, scheme: "basic", context: context)
            let encoded = Data("\(pair.username):\(pair.password)".utf8).base64EncodedString()
            return CallCredentials(authorization: "Basic \(encoded)", sensitiveValues: [pair.password, encoded])
        case .bearer(let scheme):
            let token: String
            switch scheme {
            case .properties(let properties):
                token = try context.scope.string(properties.token, on: context.input, describing: "the bearer token")
            case .secret(let name):
                let secret = try self.secret(name, scheme: "bearer", context: context)
                guard let value = secret["token"]?.stringValue else {
                    throw .configuration(
                        "the secret `\(name)` used for bearer authentication must be a mapping with a string `token`", instance: context.reference)
                }
                token = value
            }
            return CallCredentials(authorization: "Bearer \(token)", sensitiveValues: [token])
        case .digest, .oauth2, .oidc:
            throw .configuration(
                "authentication scheme `\(policy.schemeName)` is not supported yet by Baton; use basic or bearer", instance: context.reference)
        }
    }

    /// Credentials from the user information of a URL (`https://user:password@host/`), sent as
    /// basic authentication.
    static func basic(username: String, password: String) -> CallCredentials {
        let encoded = Data("\(username):\(password)".utf8).base64EncodedString()
        return CallCredentials(authorization: "Basic \(encoded)", sensitiveValues: [password, encoded].filter { !$0.isEmpty })
    }

    private static func usernamePassword(
        _ scheme: AuthenticationScheme<UsernamePassword>, scheme name: String, context: TaskContext
    ) throws(WorkflowFault) -> (username: String, password: String) {
        switch scheme {
        case .properties(let properties):
            let username = try context.scope.string(properties.username, on: context.input, describing: "the \(name) username")
            let password = try context.scope.string(properties.password, on: context.input, describing: "the \(name) password")
            return (username, password)
        case .secret(let secretName):
            let secret = try self.secret(secretName, scheme: name, context: context)
            guard let username = secret["username"]?.stringValue, let password = secret["password"]?.stringValue else {
                throw .configuration(
                    "the secret `\(secretName)` used for \(name) authentication must be a mapping with string `username` and `password`",
                    instance: context.reference)
            }
            return (username, password)
        }
    }

    private static func secret(_ name: String, scheme: String, context: TaskContext) throws(WorkflowFault) -> JSONValue {
        guard let value = context.secrets[name] else {
            throw .configuration(
                "the secret `\(name)` used for \(scheme) authentication is not available; declare it in `use.secrets` and set BATON_SECRET_\(name) or add it to the secrets file",
                instance: context.reference)
        }
        return value
    }
}
