import BatonEngine
import BatonWorkflow
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Testing

@Suite(.timeLimit(.minutes(2))) struct OpenAPICallTests {
    /// What the pet store server saw of one request.
    struct Seen: Sendable, Equatable {
        var method: String
        var path: String
        var query: String
        var body: String
        var contentType: String?
        var accept: String?
        var header: String?
    }

    /// A pet store that serves its own description at `/swagger.json` and `/openapi.yaml` and
    /// records the API requests it answers.
    static func petstore(seen: Recorder<Seen>, documentFetches: Recorder<String>) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/swagger.json") { request, _ -> Response in
            documentFetches.record("swagger")
            return TestServer.json(OpenAPIFixtures.swagger(host: request.head.authority ?? "127.0.0.1"))
        }
        router.get("/docs/openapi.yaml") { _, _ -> Response in
            documentFetches.record("openapi")
            return TestServer.text(OpenAPIFixtures.openAPI3, contentType: "application/yaml")
        }
        let record: @Sendable (Request, String?) async throws -> Response = { request, header in
            let body = try await request.body.collect(upTo: 1 << 20)
            seen.record(Seen(
                method: request.method.rawValue, path: request.uri.path, query: request.uri.query ?? "", body: String(buffer: body),
                contentType: request.headers[.contentType], accept: request.headers[.accept], header: header))
            return TestServer.json(#"[{"id": 1, "name": "milou", "status": "available"}]"#)
        }
        for path in ["/v2/pet/findByStatus", "/v2/pet/{petId}", "/api/v3/pet/{petId}"] {
            router.get(RouterPath(path)) { request, _ in
                try await record(request, request.headers[HTTPField.Name("X-Tenant")!])
            }
        }
        router.post("/v2/pet") { request, _ in try await record(request, nil) }
        router.post("/v2/pet/{petId}/form") { request, _ in try await record(request, nil) }
        router.post("/api/v3/pet") { request, _ in try await record(request, request.headers[HTTPField.Name("X-Request-Source")!]) }
        router.delete("/v2/pet/{petId}") { request, _ in try await record(request, nil) }
        return router
    }

    @Test func swaggerQueryParametersAndTheDocumentCache() async throws {
        let seen = Recorder<Seen>()
        let fetches = Recorder<String>()
        let handler = StandardCallHandler()
        try await TestServer.run(Self.petstore(seen: seen, documentFetches: fetches)) { base in
            let call = try CallTesting.call("""
                call: openapi
                with:
                  document:
                    endpoint: \(base)/swagger.json
                  operationId: findPetsByStatus
                  parameters:
                    status: ${ .status }
                """)
            let output = try await handler.call(call, context: CallTesting.context(input: ["status": ["available", "sold"]]))
            #expect(output.arrayValue?.count == 1)
            _ = try await handler.call(call, context: CallTesting.context(input: ["status": "pending"]))
            #expect(seen.values.map(\.query) == ["status=available%2Csold", "status=pending"])
            #expect(seen.values.first?.accept == "application/json")
            #expect(fetches.values == ["swagger"], "the parsed document is cached")
        }
    }

    @Test func swaggerPathHeaderAndResponseOutput() async throws {
        let seen = Recorder<Seen>()
        try await TestServer.run(Self.petstore(seen: seen, documentFetches: Recorder())) { base in
            let call = try CallTesting.call("""
                call: openapi
                with:
                  document:
                    endpoint: \(base)/swagger.json
                  operationId: getPetById
                  parameters:
                    petId: ${ .petId }
                    X-Tenant: shop
                  output: response
                """)
            let output = try await StandardCallHandler().call(call, context: CallTesting.context(input: ["petId": 42]))
            #expect(seen.values.map(\.path) == ["/v2/pet/42"])
            #expect(seen.values.first?.header == "shop")
            #expect(output["statusCode"] == 200)
            #expect(output["request"]?["method"] == "get")
            #expect(output["request"]?["uri"] == .string("\(base)/v2/pet/42"))
            #expect(output["request"]?["headers"] != nil)
            #expect(output["headers"] != nil)
            #expect(output["content"]?.arrayValue?.first?["name"] == "milou")
        }
    }

    @Test func swaggerBodyParameterTakesItsNamedArgument() async throws {
        let seen = Recorder<Seen>()
        try await TestServer.run(Self.petstore(seen: seen, documentFetches: Recorder())) { base in
            let handler = StandardCallHandler()
            let named = try CallTesting.call("""
                call: openapi
                with:
                  document: { endpoint: '\(base)/swagger.json' }
                  operationId: addPet
                  parameters:
                    pet:
                      name: ${ .name }
                      status: available
                """)
            _ = try await handler.call(named, context: CallTesting.context(input: ["name": "milou"]))
            // Without the named argument, the remaining arguments make the body.
            let loose = try CallTesting.call("""
                call: openapi
                with:
                  document: { endpoint: '\(base)/swagger.json' }
                  operationId: addPet
                  parameters: { name: rex }
                """)
            _ = try await handler.call(loose, context: CallTesting.context())
            let bodies = try seen.values.map { try JSONValue(jsonText: $0.body) }
            #expect(bodies == [["name": "milou", "status": "available"], ["name": "rex"]])
            #expect(seen.values.allSatisfy { $0.method == "POST" && $0.contentType == "application/json" })
        }
    }

    @Test func swaggerFormDataIsFormEncoded() async throws {
        let seen = Recorder<Seen>()
        try await TestServer.run(Self.petstore(seen: seen, documentFetches: Recorder())) { base in
            let call = try CallTesting.call("""
                call: openapi
                with:
                  document: { endpoint: '\(base)/swagger.json' }
                  operationId: updatePetWithForm
                  parameters: { petId: 3, name: 'milou the dog', status: sold }
                """)
            _ = try await StandardCallHandler().call(call, context: CallTesting.context())
            #expect(seen.values.first?.path == "/v2/pet/3/form")
            #expect(seen.values.first?.body == "name=milou%20the%20dog&status=sold")
            #expect(seen.values.first?.contentType == "application/x-www-form-urlencoded")
        }
    }

    @Test func openAPI3RelativeServerPathQueryAndBody() async throws {
        let seen = Recorder<Seen>()
        try await TestServer.run(Self.petstore(seen: seen, documentFetches: Recorder())) { base in
            let handler = StandardCallHandler()
            let get = try CallTesting.call("""
                call: openapi
                with:
                  document: { endpoint: '\(base)/docs/openapi.yaml' }
                  operationId: getPetById
                  parameters: { petId: 7, verbose: true, tags: [a, b] }
                """)
            _ = try await handler.call(get, context: CallTesting.context())
            let post = try CallTesting.call("""
                call: openapi
                with:
                  document: { endpoint: '\(base)/docs/openapi.yaml' }
                  operationId: addPet
                  parameters:
                    X-Request-Source: baton
                    body:
                      name: ${ .name }
                """)
            _ = try await handler.call(post, context: CallTesting.context(input: ["name": "milou"]))
            let remaining = try CallTesting.call("""
                call: openapi
                with:
                  document: { endpoint: '\(base)/docs/openapi.yaml' }
                  operationId: addPet
                  parameters: { name: rex, status: available }
                """)
            _ = try await handler.call(remaining, context: CallTesting.context())
            let values = seen.values
            try #require(values.count == 3)
            #expect(values[0].path == "/api/v3/pet/7")
            #expect(values[0].query == "verbose=true&tags=a&tags=b")
            #expect(values[0].accept == "application/json")
            #expect(values[1].path == "/api/v3/pet")
            #expect(values[1].header == "baton")
            #expect(try JSONValue(jsonText: values[1].body) == ["name": "milou"])
            #expect(try JSONValue(jsonText: values[2].body) == ["name": "rex", "status": "available"])
        }
    }

    @Test func aDocumentReadFromAFile() async throws {
        let seen = Recorder<Seen>()
        try await TestServer.run(Self.petstore(seen: seen, documentFetches: Recorder())) { base in
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("baton-openapi-\(UUID().uuidString).json")
            try OpenAPIFixtures.swagger(host: "127.0.0.1:\(base.port ?? 0)").write(to: file, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(at: file) }
            for endpoint in [file.path, file.absoluteString] {
                let call = try CallTesting.call("""
                    call: openapi
                    with:
                      document: { endpoint: '\(endpoint)' }
                      operationId: deletePet
                      parameters: { petId: 5 }
                    """)
                _ = try await StandardCallHandler().call(call, context: CallTesting.context())
            }
            #expect(seen.values.map(\.method) == ["DELETE", "DELETE"])
            #expect(seen.values.map(\.path) == ["/v2/pet/5", "/v2/pet/5"])
        }
    }

    @Test func anUnknownOperationListsTheKnownOnes() async throws {
        try await TestServer.run(Self.petstore(seen: Recorder(), documentFetches: Recorder())) { base in
            let call = try CallTesting.call("""
                call: openapi
                with:
                  document: { endpoint: '\(base)/swagger.json' }
                  operationId: findPetsByTags
                """)
            let fault = try #require(await CallTesting.fault(StandardCallHandler(), call, context: CallTesting.context()))
            #expect(fault.type == WorkflowError.StandardType.configuration.rawValue)
            #expect(fault.instance == CallTesting.reference)
            let detail = try #require(fault.detail)
            #expect(detail.contains("`findPetsByTags`"))
            #expect(detail.contains("`findPetsByStatus`"))
            #expect(detail.contains("`getPetById`"))
        }
    }

    @Test func missingAndUnknownParametersAreConfigurationErrors() async throws {
        try await TestServer.run(Self.petstore(seen: Recorder(), documentFetches: Recorder())) { base in
            let handler = StandardCallHandler()
            let missing = try CallTesting.call("""
                call: openapi
                with:
                  document: { endpoint: '\(base)/swagger.json' }
                  operationId: getPetById
                """)
            let missingFault = try #require(await CallTesting.fault(handler, missing, context: CallTesting.context()))
            #expect(missingFault.type == WorkflowError.StandardType.configuration.rawValue)
            #expect(missingFault.detail?.contains("`petId`") == true)
            let unknown = try CallTesting.call("""
                call: openapi
                with:
                  document: { endpoint: '\(base)/swagger.json' }
                  operationId: getPetById
                  parameters: { petId: 1, colour: brown }
                """)
            let unknownFault = try #require(await CallTesting.fault(handler, unknown, context: CallTesting.context()))
            #expect(unknownFault.detail?.contains("`colour`") == true)
        }
    }

    @Test func aMissingDocumentIsACommunicationError() async throws {
        try await TestServer.run(Self.petstore(seen: Recorder(), documentFetches: Recorder())) { base in
            let call = try CallTesting.call("""
                call: openapi
                with:
                  document: { endpoint: '\(base)/nowhere.json' }
                  operationId: getPetById
                """)
            let fault = try #require(await CallTesting.fault(StandardCallHandler(), call, context: CallTesting.context()))
            #expect(fault.type == WorkflowError.StandardType.communication.rawValue)
            #expect(fault.status == 404)
            #expect(fault.detail?.hasPrefix("cannot fetch the OpenAPI document") == true)
        }
    }

    @Test func theCTKScenarioThroughAHostOverride() async throws {
        let seen = Recorder<Seen>()
        try await TestServer.run(Self.petstore(seen: seen, documentFetches: Recorder())) { base in
            // The document names its public host; the override answers for it locally.
            let router = Router()
            router.get("/v2/swagger.json") { _, _ in TestServer.json(OpenAPIFixtures.swagger(host: "petstore.swagger.io")) }
            try await TestServer.run(router) { documentBase in
                let handler = StandardCallHandler(hostOverrides: ["petstore.swagger.io": base, "docs.example": documentBase])
                let call = try CallTesting.call("""
                    call: openapi
                    with:
                      document:
                        endpoint: "https://docs.example/v2/swagger.json"
                      operationId: getPetById
                      parameters:
                        petId: ${ .petId }
                      output: response
                    """)
                let output = try await handler.call(call, context: CallTesting.context(input: ["petId": 1]))
                #expect(output["request"]?["uri"] == "http://petstore.swagger.io/v2/pet/1")
                #expect(seen.values.map(\.path) == ["/v2/pet/1"])
            }
        }
    }
}
