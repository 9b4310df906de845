import BatonWorkflow
import Foundation
import Hummingbird

/// A local stand-in for httpbin (`https://httpbin.org`), with the one route the conformance kit
/// calls: `GET /basic-auth/{user}/{password}`, which answers 200 with `{authenticated, user}`
/// when the request's `Authorization: Basic` header carries that user and password, and 401
/// with a `WWW-Authenticate` challenge otherwise — as httpbin does.
public enum HTTPBinFake {
    /// The host the scenarios name.
    public static let host = "httpbin.org"

    /// The fake's routes, logging each request to `log` when given.
    public static func router(log: (@Sendable (String) -> Void)? = nil) -> Router<BasicRequestContext> {
        let router = Router()
        if let log { router.add(middleware: RequestLogMiddleware(host: host, log: log)) }
        router.get("basic-auth/:user/:password") { request, context in
            let user = context.parameters.get("user") ?? ""
            let password = context.parameters.get("password") ?? ""
            guard let credentials = basicCredentials(request.headers[.authorization]), credentials == (user, password) else {
                return Response(status: .unauthorized, headers: [.wwwAuthenticate: "Basic realm=\"Fake Realm\""])
            }
            return FakeResponse.json(["authenticated": true, "user": .string(user)])
        }
        return router
    }

    /// The user and password of a `Basic` authorization header, nil for any other header.
    static func basicCredentials(_ header: String?) -> (String, String)? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "basic",
            let data = Data(base64Encoded: String(parts[1]).trimmingCharacters(in: .whitespaces)),
            let decoded = String(data: data, encoding: .utf8), let colon = decoded.firstIndex(of: ":")
        else { return nil }
        return (String(decoded[..<colon]), String(decoded[decoded.index(after: colon)...]))
    }
}
