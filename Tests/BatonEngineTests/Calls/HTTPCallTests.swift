import BatonEngine
import AsyncHTTPClient
import BatonWorkflow
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Testing

@Suite(.timeLimit(.minutes(2))) struct HTTPCallTests {
    let handler = StandardCallHandler()

    /// A server that answers `/pet/{petId}` with a pet and echoes what it was sent elsewhere.
    static func petstore() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/v2/pet/{petId}") { request, context -> Response in
            let id = context.parameters.get("petId") ?? ""
            return TestServer.json(#"{"id": \#(id), "name": "milou", "status": "pending"}"#)
        }
        router.get("/echo/**") { request, _ -> Response in
            var headers: [String: JSONValue] = [:]
            for field in request.headers { headers[field.name.rawName] = .string(field.value) }
            // HTTP/1's Host header arrives as the request's authority.
            headers["Host"] = request.head.authority.map(JSONValue.string)
            let echo: JSONValue = ["path": .string(request.uri.path), "query": .string(request.uri.query ?? ""), "headers": .object(headers)]
            return TestServer.json(echo.jsonText())
        }
        router.post("/echo") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            let echo: JSONValue = [
                "contentType": .string(request.headers[.contentType] ?? ""), "body": .string(String(buffer: body)),
                "method": .string(request.method.rawValue),
            ]
            return TestServer.json(echo.jsonText())
        }
        router.get("/text") { _, _ in TestServer.text("hello, world") }
        router.get("/redirect") { _, _ in Response(status: .found, headers: [.location: "/v2/pet/7"]) }
        router.post("/see-other") { _, _ in Response(status: .seeOther, headers: [.location: "/echo/after-post"]) }
        router.get("/missing") { _, _ in TestServer.json(#"{"code": 1, "message": "Pet not found"}"#, status: .notFound) }
        return router
    }

    @Test func getInterpolatesTheURITemplateWithTheInput() async throws {
        try await TestServer.run(Self.petstore()) { base in
            let call = try CallTesting.call("""
                call: http
                with:
                  method: get
                  endpoint:
                    uri: \(base)/v2/pet/{petId}
                """)
            let output = try await handler.call(call, context: CallTesting.context(input: ["petId": 1]))
            #expect(output == ["id": 1, "name": "milou", "status": "pending"])
        }
    }

    @Test func templateValuesArePercentEncodedAndQueryAppended() async throws {
        try await TestServer.run(Self.petstore()) { base in
            let call = try CallTesting.call("""
                call: http
                with:
                  method: get
                  endpoint: \(base)/echo/{term}?status={status}
                  query:
                    limit: '10'
                    owner: ${ .owner }
                """)
            let output = try await handler.call(
                call, context: CallTesting.context(input: ["term": "a b/c", "status": "sold & gone", "owner": "zoë"]))
            #expect(output["path"] == "/echo/a%20b%2Fc")
            #expect(output["query"] == "status=sold%20%26%20gone&limit=10&owner=zo%C3%AB")
        }
    }

    @Test func objectValuesInATemplateAreAnExpressionError() async throws {
        let call = try CallTesting.call("""
            call: http
            with:
              method: get
              endpoint: http://127.0.0.1:9/pet/{pet}
            """)
        let fault = await CallTesting.fault(handler, call, context: CallTesting.context(input: ["pet": ["id": 1]]))
        #expect(fault?.type == WorkflowError.StandardType.expression.rawValue)
        #expect(fault?.status == 400)
        #expect(fault?.detail?.contains("{pet}") == true)
        #expect(fault?.instance == CallTesting.reference)
    }

    @Test func headersAndQueryFromExpressions() async throws {
        try await TestServer.run(Self.petstore()) { base in
            let call = try CallTesting.call("""
                call: http
                with:
                  method: get
                  endpoint: \(base)/echo/headers
                  headers: '${ { "X-Trace": .trace, "X-Count": 3 } }'
                  query: '${ { tags: ["a", "b"], skip: null } }'
                """)
            let output = try await handler.call(call, context: CallTesting.context(input: ["trace": "t-1"]))
            #expect(output["headers"]?["X-Trace"] == "t-1")
            #expect(output["headers"]?["X-Count"] == "3")
            #expect(output["query"] == "tags=a&tags=b")
        }
    }

    @Test func postSendsTheEvaluatedBodyAsJSON() async throws {
        try await TestServer.run(Self.petstore()) { base in
            let call = try CallTesting.call("""
                call: http
                with:
                  method: post
                  endpoint: \(base)/echo
                  headers:
                    X-Request: ${ .name }
                  body:
                    name: ${ .name }
                    tags: [ 'dog', '${ .tag }' ]
                    age: 3
                """)
            let output = try await handler.call(call, context: CallTesting.context(input: ["name": "milou", "tag": "white"]))
            #expect(output["method"] == "POST")
            #expect(output["contentType"] == "application/json")
            let sent = try JSONValue(jsonText: try #require(output["body"]?.stringValue))
            #expect(sent == ["name": "milou", "tags": ["dog", "white"], "age": 3])
        }
    }

    @Test func aStringBodyWithATextContentTypeIsSentAsIs() async throws {
        try await TestServer.run(Self.petstore()) { base in
            let call = try CallTesting.call("""
                call: http
                with:
                  method: post
                  endpoint: \(base)/echo
                  headers:
                    Content-Type: text/plain
                  body: ${ "hello " + .name }
                """)
            let output = try await handler.call(call, context: CallTesting.context(input: ["name": "milou"]))
            #expect(output["contentType"] == "text/plain")
            #expect(output["body"] == "hello milou")
        }
    }

    @Test func responseOutputHasTheShapeTheCTKChecks() async throws {
        try await TestServer.run(Self.petstore()) { base in
            let call = try CallTesting.call("""
                call: http
                with:
                  method: get
                  endpoint:
                    uri: \(base)/v2/pet/{petId}
                  output: response
                """)
            let output = try await handler.call(call, context: CallTesting.context(input: ["petId": 1]))
            #expect(output["statusCode"] == 200)
            #expect(output["request"]?["method"] == "get")
            #expect(output["request"]?["uri"] == .string(base.absoluteString + "/v2/pet/1"))
            #expect(output["request"]?["headers"]?["Idempotency-Key"] == "run-1:/do/0/callService")
            #expect(output["headers"]?["content-type"] == "application/json")
            #expect(output["content"] == ["id": 1, "name": "milou", "status": "pending"])
        }
    }

    @Test func rawOutputIsTheBase64Body() async throws {
        try await TestServer.run(Self.petstore()) { base in
            let call = try CallTesting.call("""
                call: http
                with:
                  method: get
                  endpoint: \(base)/text
                  output: raw
                """)
            let output = try await handler.call(call, context: CallTesting.context())
            #expect(output == .string(Data("hello, world".utf8).base64EncodedString()))
        }
    }

    @Test func textContentIsAString() async throws {
        try await TestServer.run(Self.petstore()) { base in
            let call = try CallTesting.call("""
                call: http
                with:
                  method: get
                  endpoint: \(base)/text
                """)
            #expect(try await handler.call(call, context: CallTesting.context()) == "hello, world")
        }
    }

    @Test func redirectTrueFollowsTheLocation() async throws {
        try await TestServer.run(Self.petstore()) { base in
            let call = try CallTesting.call("""
                call: http
                with:
                  method: get
                  endpoint: \(base)/redirect
                  redirect: true
                  output: response
                """)
            let output = try await handler.call(call, context: CallTesting.context())
            #expect(output["statusCode"] == 200)
            #expect(output["request"]?["uri"] == .string(base.absoluteString + "/v2/pet/7"))
            #expect(output["content"]?["id"] == 7)
        }
    }

    @Test func seeOtherAfterAPostFollowsWithAGet() async throws {
        try await TestServer.run(Self.petstore()) { base in
            let call = try CallTesting.call("""
                call: http
                with:
                  method: post
                  endpoint: \(base)/see-other
                  body: { name: milou }
                  redirect: true
                """)
            let output = try await handler.call(call, context: CallTesting.context())
            #expect(output["path"] == "/echo/after-post")
        }
    }

    @Test func redirectFalseMakesA3xxAnError() async throws {
        try await TestServer.run(Self.petstore()) { base in
            let call = try CallTesting.call("""
                call: http
                with:
                  method: get
                  endpoint: \(base)/redirect
                """)
            let fault = await CallTesting.fault(handler, call, context: CallTesting.context())
            #expect(fault?.type == WorkflowError.StandardType.communication.rawValue)
            #expect(fault?.status == 302)
            #expect(fault?.detail?.contains("redirect: true") == true)
        }
    }

    @Test func notFoundIsACommunicationErrorWithTheStatusAndInstance() async throws {
        try await TestServer.run(Self.petstore()) { base in
            let call = try CallTesting.call("""
                call: http
                with:
                  method: get
                  endpoint: \(base)/missing
                """)
            let fault = try #require(await CallTesting.fault(handler, call, context: CallTesting.context()))
            #expect(fault.type == WorkflowError.StandardType.communication.rawValue)
            #expect(WorkflowFault.sameType(fault.type, "https://open-workflow-specification.org/dsl/errors/types/communication"))
            #expect(fault.status == 404)
            #expect(fault.title == "Communication error")
            #expect(fault.instance == CallTesting.reference)
            let detail = try #require(fault.detail)
            #expect(detail.contains("GET \(base.absoluteString)/missing"))
            #expect(detail.contains("404"))
            #expect(detail.contains("Pet not found"))
        }
    }

    @Test func aRefusedConnectionIsACommunicationErrorNamingTheHost() async throws {
        // A port that was just in use and is now closed.
        let base = try await TestServer.run(Router()) { $0 }
        let call = try CallTesting.call("""
            call: http
            with:
              method: get
              endpoint: \(base)/v2/pet/1
            """)
        let fault = try #require(await CallTesting.fault(handler, call, context: CallTesting.context()))
        #expect(fault.type == WorkflowError.StandardType.communication.rawValue)
        #expect(fault.status == 500)
        #expect(fault.instance == CallTesting.reference)
        #expect(fault.detail?.contains("127.0.0.1:\(base.port ?? 0)") == true)
    }

    @Test func aBodyOverTheLimitFailsClearly() async throws {
        let router = Router()
        router.get("/big") { _, _ in
            Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(repeating: UInt8(ascii: "a"), count: 50_000)))
        }
        router.get("/stream") { _, _ in
            // No Content-Length: the limit must be enforced while the body streams.
            Response(status: .ok, body: ResponseBody { writer in
                for _ in 0..<500 { try await writer.write(ByteBuffer(repeating: UInt8(ascii: "b"), count: 1_000)) }
                try await writer.finish(nil)
            })
        }
        try await TestServer.run(router) { base in
            for path in ["big", "stream"] {
                let call = try CallTesting.call("call: http\nwith:\n  method: get\n  endpoint: \(base)/\(path)\n")
                let fault = try #require(await CallTesting.fault(handler, call, context: CallTesting.context(maximumOutputBytes: 10_000)))
                #expect(fault.type == WorkflowError.StandardType.runtime.rawValue)
                #expect(fault.detail?.contains("larger than the limit of 10000 bytes") == true)
                #expect(fault.instance == CallTesting.reference)
            }
            // Under the limit, the same body is read whole.
            let call = try CallTesting.call("call: http\nwith:\n  method: get\n  endpoint: \(base)/stream\n")
            let output = try await handler.call(call, context: CallTesting.context(maximumOutputBytes: 600_000))
            #expect(output.stringValue?.count == 500_000)
        }
    }

    @Test func everyRequestCarriesTheIdempotencyKey() async throws {
        try await TestServer.run(Self.petstore()) { base in
            let call = try CallTesting.call("""
                call: http
                with:
                  method: get
                  endpoint: \(base)/echo/key
                """)
            let context = CallTesting.context()
            let output = try await handler.call(call, context: context)
            #expect(output["headers"]?["Idempotency-Key"] == .string(context.idempotencyKey))
        }
    }

    @Test func aHostOverrideSendsThePublicHostToTheLocalServerAndKeepsTheHostHeader() async throws {
        try await TestServer.run(Self.petstore()) { base in
            let call = try CallTesting.call("""
                call: http
                with:
                  method: get
                  endpoint: https://petstore.swagger.io/echo/override?x=1
                  output: response
                """)
            let handler = StandardCallHandler(hostOverrides: ["petstore.swagger.io": base])
            let output = try await handler.call(call, context: CallTesting.context())
            #expect(output["content"]?["path"] == "/echo/override")
            #expect(output["content"]?["query"] == "x=1")
            #expect(output["content"]?["headers"]?["Host"] == "petstore.swagger.io")
            #expect(output["request"]?["uri"] == "https://petstore.swagger.io/echo/override?x=1")
        }
    }

    @Test func cancellingTheTaskCancelsASlowRequest() async throws {
        let (arrivals, arrived) = AsyncStream<Void>.makeStream()
        let (releases, release) = AsyncStream<Void>.makeStream()
        let router = Router()
        router.get("/slow") { _, _ -> Response in
            arrived.yield()
            // Answers only when the test lets it, long after the call gave up.
            for await _ in releases { break }
            return TestServer.text("too late")
        }
        try await TestServer.run(router) { base in
            let call = try CallTesting.call("call: http\nwith:\n  method: get\n  endpoint: \(base)/slow\n")
            let handler = self.handler
            let fault = await withTaskGroup(of: WorkflowFault?.self) { group in
                group.addTask { await CallTesting.fault(handler, call, context: CallTesting.context()) }
                // Cancel once the server holds the request, as an executor's timeout would.
                var iterator = arrivals.makeAsyncIterator()
                await iterator.next()
                group.cancelAll()
                return await group.next() ?? nil
            }
            #expect(fault?.type == WorkflowError.StandardType.runtime.rawValue)
            #expect(fault?.detail?.contains("cancelled") == true)
            release.finish()
        }
    }

    @Test func anInjectedClientThatFollowsRedirectsStillHonoursRedirectFalse() async throws {
        let client = HTTPClient(configuration: .init(redirectConfiguration: .follow(max: 5, allowCycles: false)))
        do {
            let handler = StandardCallHandler(client: client)
            try await TestServer.run(Self.petstore()) { base in
                let call = try CallTesting.call("call: http\nwith:\n  method: get\n  endpoint: \(base)/redirect\n")
                let fault = await CallTesting.fault(handler, call, context: CallTesting.context())
                #expect(fault?.status == 302)
                #expect(fault?.detail?.contains("redirect: true") == true)
                let following = try CallTesting.call("call: http\nwith:\n  method: get\n  endpoint: \(base)/redirect\n  redirect: true\n")
                #expect(try await handler.call(following, context: CallTesting.context())["id"] == 7)
            }
        } catch {
            try await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }
}
