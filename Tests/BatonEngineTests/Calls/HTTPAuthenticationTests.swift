import BatonEngine
import BatonWorkflow
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Testing

@Suite(.timeLimit(.minutes(2))) struct HTTPAuthenticationTests {
    let handler = StandardCallHandler()

    /// A server whose `/basic` wants `serverless-workflow:conformance-test` and whose `/bearer`
    /// wants the token `t0k3n-value`; refusals echo the Authorization header they got, as
    /// httpbin does. It counts the requests it receives.
    static func secured(_ requests: Recorder<String>) -> Router<BasicRequestContext> {
        let router = Router()
        let basic = "Basic " + Data("serverless-workflow:conformance-test".utf8).base64EncodedString()
        router.get("/basic/**") { request, _ -> Response in
            requests.record(request.uri.path)
            let received = request.headers[.authorization] ?? ""
            return received == basic
                ? TestServer.json(#"{"authenticated": true}"#)
                : TestServer.json(#"{"authenticated": false, "received": "\#(received)"}"#, status: .unauthorized)
        }
        router.get("/bearer") { request, _ -> Response in
            requests.record(request.uri.path)
            let received = request.headers[.authorization] ?? ""
            return received == "Bearer t0k3n-value"
                ? TestServer.json(#"{"authenticated": true}"#)
                : TestServer.json(#"{"received": "\#(received)"}"#, status: .unauthorized)
        }
        return router
    }

    @Test func basicWithInlineExpressions() async throws {
        let requests = Recorder<String>()
        try await TestServer.run(Self.secured(requests)) { base in
            let call = try CallTesting.call("""
                call: http
                with:
                  method: get
                  endpoint:
                    uri: \(base)/basic/{username}
                    authentication:
                      basic:
                        username: ${ .username }
                        password: ${ .password }
                """)
            let input: JSONValue = ["username": "serverless-workflow", "password": "conformance-test"]
            let output = try await handler.call(call, context: CallTesting.context(input: input))
            #expect(output == ["authenticated": true])
        }
    }

    @Test func aRefusalNamesNoPassword() async throws {
        let requests = Recorder<String>()
        try await TestServer.run(Self.secured(requests)) { base in
            let call = try CallTesting.call("""
                call: http
                with:
                  method: get
                  endpoint:
                    uri: \(base)/basic/x
                    authentication:
                      basic:
                        username: someone
                        password: wrong-password-123
                """)
            let fault = try #require(await CallTesting.fault(handler, call, context: CallTesting.context()))
            #expect(fault.status == 401)
            #expect(fault.type == WorkflowError.StandardType.communication.rawValue)
            let detail = try #require(fault.detail)
            #expect(!detail.contains("wrong-password-123"))
            #expect(!detail.contains(Data("someone:wrong-password-123".utf8).base64EncodedString()))
            #expect(detail.contains("received"))
        }
    }

    @Test func basicFromASecretThroughAReusablePolicy() async throws {
        let requests = Recorder<String>()
        try await TestServer.run(Self.secured(requests)) { base in
            let call = try CallTesting.call("""
                call: http
                with:
                  method: get
                  endpoint:
                    uri: \(base)/basic/secret
                    authentication:
                      use: petstoreLogin
                """)
            let context = CallTesting.context(
                secrets: ["login": ["username": "serverless-workflow", "password": "conformance-test"]],
                authentications: ["petstoreLogin": try CallTesting.policy("basic:\n  use: login\n")])
            #expect(try await handler.call(call, context: context) == ["authenticated": true])
        }
    }

    @Test func bearerFromASecret() async throws {
        let requests = Recorder<String>()
        try await TestServer.run(Self.secured(requests)) { base in
            let call = try CallTesting.call("""
                call: http
                with:
                  method: get
                  endpoint:
                    uri: \(base)/bearer
                    authentication:
                      bearer:
                        use: apiToken
                  output: response
                """)
            let context = CallTesting.context(secrets: ["apiToken": ["token": "t0k3n-value"]])
            let output = try await handler.call(call, context: context)
            #expect(output["content"] == ["authenticated": true])
            // The response output describes the request without its credentials.
            #expect(output["request"]?["headers"]?["Authorization"] == "[redacted]")
            #expect(!output.jsonText().contains("t0k3n-value"))
        }
    }

    @Test func aBearerTokenEchoedInAnErrorIsRedacted() async throws {
        let requests = Recorder<String>()
        try await TestServer.run(Self.secured(requests)) { base in
            let call = try CallTesting.call("""
                call: http
                with:
                  method: get
                  endpoint:
                    uri: \(base)/bearer
                    authentication:
                      bearer:
                        token: ${ $secrets.apiToken.token }
                """)
            let context = CallTesting.context(secrets: ["apiToken": ["token": "not-the-right-token"]])
            let fault = try #require(await CallTesting.fault(handler, call, context: context))
            #expect(fault.status == 401)
            #expect(fault.detail?.contains("not-the-right-token") == false)
        }
    }

    @Test(arguments: [
        ("oauth2", "oauth2:\n  authority: http://127.0.0.1:9/realm\n  grant: client_credentials\n  client:\n    id: baton\n    secret: s3cr3t\n"),
        ("oidc", "oidc:\n  authority: http://127.0.0.1:9/realm\n  grant: client_credentials\n  client:\n    id: baton\n"),
        ("digest", "digest:\n  username: admin\n  password: password123\n"),
    ])
    func unsupportedSchemesAreConfigurationErrorsAndSendNothing(scheme: String, policy: String) async throws {
        let requests = Recorder<String>()
        try await TestServer.run(Self.secured(requests)) { base in
            let call = try CallTesting.call("""
                call: http
                with:
                  method: get
                  endpoint:
                    uri: \(base)/bearer
                    authentication:
                      use: corporate
                """)
            let context = CallTesting.context(authentications: ["corporate": try CallTesting.policy(policy)])
            let fault = try #require(await CallTesting.fault(handler, call, context: context))
            #expect(fault.type == WorkflowError.StandardType.configuration.rawValue)
            #expect(fault.status == 400)
            #expect(fault.detail == "authentication scheme `\(scheme)` is not supported yet by Baton; use basic or bearer")
            #expect(fault.instance == CallTesting.reference)
            #expect(requests.values.isEmpty)
        }
    }

    @Test func anUnknownPolicyOrSecretIsAConfigurationError() async throws {
        let call = try CallTesting.call("""
            call: http
            with:
              method: get
              endpoint:
                uri: http://127.0.0.1:9/x
                authentication:
                  use: missing
            """)
        let fault = try #require(await CallTesting.fault(handler, call, context: CallTesting.context()))
        #expect(fault.type == WorkflowError.StandardType.configuration.rawValue)
        #expect(fault.detail?.contains("`missing`") == true)

        let fromSecret = try CallTesting.call("""
            call: http
            with:
              method: get
              endpoint:
                uri: http://127.0.0.1:9/x
                authentication:
                  basic:
                    use: absent
            """)
        let secretFault = try #require(await CallTesting.fault(handler, fromSecret, context: CallTesting.context(secrets: ["other": "x"])))
        #expect(secretFault.type == WorkflowError.StandardType.configuration.rawValue)
        #expect(secretFault.detail?.contains("`absent`") == true)

        let badShape = CallTesting.context(secrets: ["absent": ["user": "a", "pass": "super-secret-value"]])
        let shapeFault = try #require(await CallTesting.fault(handler, fromSecret, context: badShape))
        #expect(shapeFault.detail?.contains("username") == true)
        #expect(shapeFault.detail?.contains("super-secret-value") == false)
    }

    @Test func userInformationInTheURLIsSentAsBasicAndNotShown() async throws {
        let requests = Recorder<String>()
        try await TestServer.run(Self.secured(requests)) { base in
            let port = base.port ?? 0
            let call = try CallTesting.call("""
                call: http
                with:
                  method: get
                  endpoint: http://serverless-workflow:conformance-test@127.0.0.1:\(port)/basic/userinfo
                  output: response
                """)
            let output = try await handler.call(call, context: CallTesting.context())
            #expect(output["content"] == ["authenticated": true])
            #expect(output["request"]?["uri"] == .string("http://127.0.0.1:\(port)/basic/userinfo"))
        }
    }

    @Test func credentialsAreNotSentToAnotherOriginAfterARedirect() async throws {
        let seen = Recorder<String>()
        let other = Router()
        other.get("/landing") { request, _ -> Response in
            seen.record(request.headers[.authorization] ?? "none")
            return TestServer.json("{}")
        }
        try await TestServer.run(other) { otherBase in
            let first = Router()
            first.get("/away") { _, _ in Response(status: .temporaryRedirect, headers: [.location: "\(otherBase)/landing"]) }
            first.get("/here") { _, _ in Response(status: .temporaryRedirect, headers: [.location: "/bearer"]) }
            first.get("/bearer") { request, _ -> Response in
                seen.record(request.headers[.authorization] ?? "none")
                return TestServer.json("{}")
            }
            try await TestServer.run(first) { base in
                for path in ["away", "here"] {
                    let call = try CallTesting.call("""
                        call: http
                        with:
                          method: get
                          redirect: true
                          endpoint:
                            uri: \(base)/\(path)
                            authentication:
                              bearer:
                                token: t0k3n-value
                        """)
                    _ = try await handler.call(call, context: CallTesting.context())
                }
            }
        }
        #expect(seen.values == ["none", "Bearer t0k3n-value"])
    }
}
