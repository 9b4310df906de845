import BatonEngine
import BatonTesting
import BatonWorkflow
import Hummingbird
import Testing

/// `$authorization` (dsl.md §Authorization Descriptor) in the expressions of a call that
/// authenticates: the scheme and parameter of the header the call sends.
@Suite struct AuthorizationDescriptorTests {
    @Test func callsExposeTheirResolvedAuthorization() async throws {
        let router = Router()
        router.get("/whoami") { request, _ in
            TestServer.json(#"{"header": "\#(request.headers[.authorization] ?? "")"}"#)
        }
        try await TestServer.run(router) { base in
            let workflow = try Harness.workflow("""
                do:
                  - call:
                      call: http
                      with:
                        method: get
                        endpoint:
                          uri: \(base)/whoami
                          authentication:
                            bearer:
                              token: ${ .token }
                      output:
                        as: '${ {scheme: $authorization.scheme, parameter: $authorization.parameter, sent: .header} }'
                """)
            let executor = WorkflowExecutor(environment: .standard(secrets: SecretStore(), clock: ManualClock()))
            let outcome = await executor.run(workflow, input: ["token": "abc123"])
            #expect(outcome.output == ["scheme": "Bearer", "parameter": "abc123", "sent": "Bearer abc123"])
        }
    }
}
