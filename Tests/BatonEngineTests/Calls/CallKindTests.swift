import BatonEngine
import BatonWorkflow
import Testing

@Suite struct CallKindTests {
    static let unsupported: [(kind: String, yaml: String)] = [
        ("grpc", """
            call: grpc
            with:
              proto: { endpoint: file://app/greet.proto }
              service: { name: GreeterApi.Greeter, host: localhost, port: 5011 }
              method: SayHello
            """),
        ("asyncapi", """
            call: asyncapi
            with:
              document: { endpoint: https://fake.com/docs/asyncapi.json }
              operation: greet
              message: { payload: { greetings: hello } }
            """),
        ("a2a", """
            call: a2a
            with:
              method: message/send
              agentCard: { endpoint: https://example.com/.well-known/agent-card.json }
            """),
        ("mcp", """
            call: mcp
            with:
              method: tools/list
              transport:
                stdio: { command: npx }
            """),
    ]

    @Test(arguments: unsupported.map(\.kind))
    func unsupportedKindsAreConfigurationErrors(kind: String) async throws {
        let yaml = try #require(Self.unsupported.first { $0.kind == kind }?.yaml)
        let fault = try #require(await CallTesting.fault(StandardCallHandler(), try CallTesting.call(yaml), context: CallTesting.context()))
        #expect(fault.type == WorkflowError.StandardType.configuration.rawValue)
        #expect(fault.status == 400)
        #expect(fault.detail?.hasPrefix("`call: \(kind)` is not supported yet by Baton") == true)
        #expect(fault.instance == CallTesting.reference)
    }

    @Test func customFunctionsAreNotTheHandlers() async throws {
        let call = try CallTesting.call("call: approval:1.0.0@default\nwith: { reason: deploy }\n")
        let fault = try #require(await CallTesting.fault(StandardCallHandler(), call, context: CallTesting.context()))
        #expect(fault.type == WorkflowError.StandardType.configuration.rawValue)
        #expect(fault.detail?.contains("approval:1.0.0@default") == true)
    }

    @Test(arguments: [
        ("ftp://files.example/x", "only http and https"),
        ("/relative/path", "not an absolute URL"),
    ])
    func endpointsThatCannotBeCalled(endpoint: String, message: String) async throws {
        let call = try CallTesting.call("call: http\nwith:\n  method: get\n  endpoint: \(endpoint)\n")
        let fault = try #require(await CallTesting.fault(StandardCallHandler(), call, context: CallTesting.context()))
        #expect(fault.type == WorkflowError.StandardType.configuration.rawValue)
        #expect(fault.detail?.contains(message) == true)
    }

    @Test func badMethodsAreConfigurationErrors() async throws {
        let call = try CallTesting.call("call: http\nwith:\n  method: 'get pets'\n  endpoint: http://127.0.0.1:9/\n")
        let fault = try #require(await CallTesting.fault(StandardCallHandler(), call, context: CallTesting.context()))
        #expect(fault.type == WorkflowError.StandardType.configuration.rawValue)
        #expect(fault.detail?.contains("not an HTTP method") == true)
    }
}
